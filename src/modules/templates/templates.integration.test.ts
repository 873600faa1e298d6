import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { type Mutation, mutate, mutations, nastyStrings, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { browserCall, inviteUser } from '../users/test-session.ts';
import { call } from '../workspaces/test-call.ts';

/*
 * `/api/v1/templates` (canned responses): create, read, list (by shortcode, paged, searched),
 * change and delete; 409 on a duplicate shortcode (case-insensitive), 400 on unknown variables and
 * bad fields; admins write, agents and viewers only read; another workspace's template is 404; a
 * fuzzed body never answers 5xx.
 */
describe.each(testBackends())('templates (canned responses) on %s', (backend) => {
  let omnify: TestOmnify;
  const keys: Record<'admin' | 'agent' | 'viewer' | 'otherWorkspace', string> = {
    admin: '',
    agent: '',
    viewer: '',
    otherWorkspace: '',
  };
  const api = (method: string, path: string, body?: unknown, key = TEST_API_KEY) =>
    call(omnify.url, key, method, path, body);

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    for (const role of ['admin', 'agent', 'viewer'] as const) {
      const r = await omnify.api('POST', '/api/v1/api-keys', { name: `${role} key`, role });
      expect(r.status).toBe(201);
      keys[role] = r.json.key;
    }
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'Other' });
    expect(ws.status).toBe(201);
    keys.otherWorkspace = ws.json.apiKey.key;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('creates, reads, changes and deletes a template', async () => {
    const created = await api('POST', '/api/v1/templates', {
      shortcode: 'Greet',
      title: '  Greeting ',
      content: '  Hi {{contact.first_name}}, {{ user.name }} from {{workspace.name}} here.\n',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      shortcode: 'greet',
      title: 'Greeting',
      content: 'Hi {{contact.first_name}}, {{ user.name }} from {{workspace.name}} here.',
      createdByUserId: null,
    });
    const id = created.json.id;
    expect((await api('GET', `/api/v1/templates/${id}`)).json).toEqual(created.json);

    const changed = await api('PATCH', `/api/v1/templates/${id}`, {
      title: null,
      content: 'Hello {{contact.name}}',
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      shortcode: 'greet',
      title: null,
      content: 'Hello {{contact.name}}',
    });
    expect(Date.parse(changed.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.json.updatedAt));
    const blankTitle = await api('PATCH', `/api/v1/templates/${id}`, { title: '   ', shortcode: 'HELLO' });
    expect(blankTitle.json).toMatchObject({ shortcode: 'hello', title: null });

    expect((await api('DELETE', `/api/v1/templates/${id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/templates/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/templates/${id}`)).status).toBe(404);
    expect((await api('PATCH', `/api/v1/templates/${id}`, { content: 'x' })).status).toBe(404);
    expect((await api('GET', '/api/v1/templates/not-a-uuid')).status).toBe(404);
  });

  it('records the signed-in user who created a template', async () => {
    const u = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'templates-admin@example.org',
      name: 'Ada Admin',
      password: 'admin-password-1',
      role: 'admin',
    });
    const r = await browserCall(omnify.url, u.session, 'POST', '/api/v1/templates', {
      shortcode: 'by-user',
      content: 'Made by a user',
    });
    expect(r.status).toBe(201);
    expect(r.json.createdByUserId).toBe(u.userId);
    expect((await api('DELETE', `/api/v1/templates/${r.json.id}`)).status).toBe(204);
  });

  it('refuses a duplicate shortcode, whatever its case, with 409 on create and change', async () => {
    const first = await api('POST', '/api/v1/templates', { shortcode: 'dup', content: 'one' });
    expect(first.status).toBe(201);
    const again = await api('POST', '/api/v1/templates', { shortcode: 'DUP', content: 'two' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({
      code: 'OMNIFY_ERR_CONFLICT',
      details: { reason: 'template_shortcode_taken', fields: [{ path: '/body/shortcode' }] },
    });
    expect(again.json.error.message).toContain('"dup"');
    const other = await api('POST', '/api/v1/templates', { shortcode: 'dup-2', content: 'two' });
    const renamed = await api('PATCH', `/api/v1/templates/${other.json.id}`, { shortcode: 'Dup' });
    expect(renamed.status).toBe(409);
    expect(renamed.json.error.details.reason).toBe('template_shortcode_taken');
    // Renaming a template to its own shortcode is no conflict.
    expect((await api('PATCH', `/api/v1/templates/${first.json.id}`, { shortcode: 'dup' })).status).toBe(200);
    // The same shortcode in another workspace is fine.
    expect(
      (await api('POST', '/api/v1/templates', { shortcode: 'dup', content: 'x' }, keys.otherWorkspace))
        .status,
    ).toBe(201);
    for (const t of [first, other]) await api('DELETE', `/api/v1/templates/${t.json.id}`);
  });

  it('refuses unknown variables naming them and the allowed ones, and bad fields, with 400', async () => {
    const bad = await api('POST', '/api/v1/templates', {
      shortcode: 'vars',
      content: 'Hi {{contact.email}} and {{ order.id }}',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(bad.json.error.message).toContain('{{contact.email}}');
    expect(bad.json.error.message).toContain('{{order.id}}');
    expect(bad.json.error.message).toContain('{{contact.first_name}}');
    expect(bad.json.error.details.fields).toEqual([
      {
        path: '/body/content',
        message: 'unknown variable {{contact.email}}, {{order.id}}',
        allowed: ['{{contact.name}}', '{{contact.first_name}}', '{{user.name}}', '{{workspace.name}}'],
      },
    ]);
    const ok = await api('POST', '/api/v1/templates', { shortcode: 'vars', content: 'fine' });
    const badPatch = await api('PATCH', `/api/v1/templates/${ok.json.id}`, { content: '{{ nope }}' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.json.error.details.unknown).toEqual(['nope']);

    const cases: Array<[unknown, string]> = [
      [{ shortcode: '', content: 'x' }, '/body/shortcode'],
      [{ shortcode: 'has space', content: 'x' }, '/body/shortcode'],
      [{ shortcode: '/slash', content: 'x' }, '/body/shortcode'],
      [{ shortcode: 'a'.repeat(41), content: 'x' }, '/body/shortcode'],
      [{ shortcode: 'émoji', content: 'x' }, '/body/shortcode'],
      [{ shortcode: 'ok', content: '' }, '/body/content'],
      [{ shortcode: 'ok', content: '   \n ' }, '/body/content'],
      [{ shortcode: 'ok', content: 'x'.repeat(4001) }, '/body/content'],
      [{ shortcode: 'ok', content: 'x', title: 't'.repeat(201) }, '/body/title'],
      [{ shortcode: 'ok' }, '/body/content'],
      [{ shortcode: 'ok', content: 'x', extra: 1 }, '/body/extra'],
      // NUL is removed at the edge: nothing is left of this content.
      [{ shortcode: 'ok', content: '\u0000' }, '/body/content'],
    ];
    for (const [body, path] of cases) {
      const r = await api('POST', '/api/v1/templates', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.json.error.details), JSON.stringify(body)).toContain(path);
    }
    expect((await api('PATCH', `/api/v1/templates/${ok.json.id}`, {})).status).toBe(400);
    // The longest content and a lone surrogate (stored as U+FFFD) are fine.
    const long = await api('POST', '/api/v1/templates', {
      shortcode: 'long',
      content: `${'x'.repeat(3999)}\uD800`,
    });
    expect(long.status).toBe(201);
    expect(long.json.content.endsWith('\uFFFD')).toBe(true);
    for (const t of [ok, long]) await api('DELETE', `/api/v1/templates/${t.json.id}`);
  });

  it('lists by shortcode, pages with a cursor and searches shortcode prefixes, titles and contents', async () => {
    const made: string[] = [];
    for (const [shortcode, title, content] of [
      ['refund', 'Refund policy', 'Refunds take 5 days.'],
      ['greet', null, 'Hi {{contact.first_name}}!'],
      ['greet-evening', 'Good evening', 'Good evening {{contact.name}}.'],
      ['shipping', 'Shipping times', 'We ship in 2 days (100% tracked).'],
      ['bye', 'Goodbye', 'Thanks, {{user.name}} from {{workspace.name}}'],
    ] as const) {
      const r = await api('POST', '/api/v1/templates', { shortcode, title, content });
      expect(r.status).toBe(201);
      made.push(r.json.id);
    }
    const all: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await api(
        'GET',
        `/api/v1/templates?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(r.status).toBe(200);
      expect(r.json.data.length).toBeLessThanOrEqual(2);
      all.push(...r.json.data.map((t: { shortcode: string }) => t.shortcode));
      cursor = r.json.nextCursor;
      pages++;
    } while (cursor);
    expect(all).toEqual(['bye', 'greet', 'greet-evening', 'refund', 'shipping']);
    expect(pages).toBe(3);

    const search = async (q: string) =>
      (await api('GET', `/api/v1/templates?q=${encodeURIComponent(q)}`)).json.data.map(
        (t: { shortcode: string }) => t.shortcode,
      );
    expect(await search('GRE')).toEqual(['greet', 'greet-evening']);
    expect(await search('/gre')).toEqual(['greet', 'greet-evening']);
    // A title or content substring, case-insensitive; not a shortcode substring.
    expect(await search('EVENING')).toEqual(['greet-evening']);
    expect(await search('ship in')).toEqual(['shipping']);
    expect(await search('eet')).toEqual([]);
    // LIKE's wildcards are literal.
    expect(await search('100%')).toEqual(['shipping']);
    expect(await search('%')).toEqual(['shipping']);
    expect(await search('_')).toEqual(['greet']); // first_name, not any character
    expect(await search('{{contact.first_name}}')).toEqual(['greet']);

    const bad = await api('GET', '/api/v1/templates?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('/querystring/cursor');
    const forged = Buffer.from(JSON.stringify(['greet', 'not-a-uuid'])).toString('base64url');
    expect((await api('GET', `/api/v1/templates?cursor=${forged}`)).status).toBe(400);
    const nul = Buffer.from(JSON.stringify(['a\u0000', made[0]])).toString('base64url');
    expect((await api('GET', `/api/v1/templates?cursor=${nul}`)).status).toBe(400);
    expect((await api('GET', '/api/v1/templates?q=gre%00')).json.data).toHaveLength(2);
    expect((await api('GET', '/api/v1/templates?limit=0')).status).toBe(400);
    for (const id of made) await api('DELETE', `/api/v1/templates/${id}`);
  });

  it('lets admins write, agents and viewers only read (403), and keeps workspaces apart (404)', async () => {
    const byAdmin = await api(
      'POST',
      '/api/v1/templates',
      { shortcode: 'admin-made', content: 'x' },
      keys.admin,
    );
    expect(byAdmin.status).toBe(201);
    const id = byAdmin.json.id;
    for (const role of ['agent', 'viewer'] as const) {
      const key = keys[role];
      expect(
        (await api('GET', '/api/v1/templates', undefined, key)).json.data.map((t: { id: string }) => t.id),
      ).toContain(id);
      expect((await api('GET', `/api/v1/templates/${id}`, undefined, key)).status).toBe(200);
      for (const [method, path, body] of [
        ['POST', '/api/v1/templates', { shortcode: `${role}-made`, content: 'x' }],
        ['PATCH', `/api/v1/templates/${id}`, { content: 'changed' }],
        ['DELETE', `/api/v1/templates/${id}`, undefined],
      ] as const) {
        const r = await api(method, path, body, key);
        expect(r.status, `${role} ${method}`).toBe(403);
        expect(r.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
      }
    }
    expect((await api('GET', `/api/v1/templates/${id}`)).json.content).toBe('x');

    const other = keys.otherWorkspace;
    expect((await api('GET', `/api/v1/templates/${id}`, undefined, other)).status).toBe(404);
    expect((await api('PATCH', `/api/v1/templates/${id}`, { content: 'mine now' }, other)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/templates/${id}`, undefined, other)).status).toBe(404);
    const listed = await api('GET', '/api/v1/templates?q=admin', undefined, other);
    expect(listed.json.data).toEqual([]);
    expect((await api('GET', `/api/v1/templates/${id}`)).json.content).toBe('x');
    expect((await api('DELETE', `/api/v1/templates/${id}`, undefined, keys.admin)).status).toBe(204);
  });

  it('never answers 5xx to a fuzzed create or change body, and errors are catalog errors', async () => {
    const target = (await api('POST', '/api/v1/templates', { shortcode: 'fuzz-target', content: 'x' })).json
      .id;
    const text = fc.oneof(
      nastyStrings,
      fc.string({ maxLength: 50 }),
      fc.constantFrom('{{contact.name}}', '{{ x }}', '{{', '}}', 'GREET', 'a'.repeat(40), 'a'.repeat(4000)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        text,
        text,
        fc.option(text),
        fc.nat(),
        fc.option(mutations),
        async (patch, shortcode, content, title, pick, m: Mutation | null) => {
          const body = { shortcode, content, ...(title === null ? {} : { title }) };
          const sent = m ? mutate(body, pick, m) : body;
          const res = await fetch(`${omnify.url}/api/v1/templates${patch ? `/${target}` : ''}`, {
            method: patch ? 'PATCH' : 'POST',
            headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
            body: renderJson(sent),
          });
          const raw = await res.text();
          expect(res.status, raw).toBeLessThan(500);
          if (res.status >= 400) expect(JSON.parse(raw).error.code).toMatch(/^OMNIFY_ERR_[A-Z_]+$/);
        },
      ),
      { seed: 20_260_311, numRuns: 150 },
    );
    const q = await fetch(`${omnify.url}/api/v1/templates?q=${encodeURIComponent('%\u0000_\\')}`, {
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(q.status).toBeLessThan(500);
  }, 120_000);
});
