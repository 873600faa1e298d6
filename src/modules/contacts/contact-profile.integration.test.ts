import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { call } from '../workspaces/test-call.ts';

/**
 * The contact panel's API: `GET /contacts/{id}` with identities (and the channels they talk
 * through), attributes, notes and LTV figures from intelligence's provider; `PATCH /contacts/{id}`
 * (agent and up) with its validation; `GET /contacts/{id}/conversations` from the inbox's provider,
 * keyset-paged; other workspaces get 404 and change nothing.
 */
describe.each(testBackends())('the contact profile on %s', (backend) => {
  let omnify: TestOmnify;
  let ws: string;
  let shop: string;
  let support: string;
  let ana: string;
  const anaConversations: string[] = [];

  const channel = async (name: string, phoneNumberId: string) => {
    const r = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name,
      sandbox: true,
      config: { phoneNumberId, accessToken: 't', appSecret: `s-${phoneNumberId}`, verifyToken: 'v' },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json.id as string;
  };
  const write = async (channelId: string, from: { handle: string; name: string }, text: string) => {
    const r = await omnify.api('POST', `/api/v1/channels/${channelId}/sandbox/messages`, { text, from });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    return r.json.conversationId as string;
  };
  const patch = (id: string, body: unknown) => omnify.api('PATCH', `/api/v1/contacts/${id}`, body);
  const stored = async (id: string) =>
    (
      await omnify.db.query<{ name: string | null; notes: string; attributes: unknown }>(
        'SELECT name, notes, attributes FROM contacts WHERE id = $1',
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    shop = await channel('Shop WhatsApp', '1000001');
    support = await channel('Support WhatsApp', '1000002');
    const anaFrom = { handle: '15550001111', name: 'Ana Ruiz' };
    anaConversations.push(await write(shop, anaFrom, 'Where is my order?'));
    await write(shop, { handle: '15550002222', name: 'Ben' }, 'Hello');
    // The same number on a second channel of the platform: the same identity, a second conversation.
    anaConversations.push(await write(support, anaFrom, 'Second question'));
    ana = (await omnify.api('GET', `/api/v1/conversations/${anaConversations[1]}`)).json.contact.id;
    // An LTV row as intelligence's model run writes it (read back through its ContactFacets provider).
    await omnify.db.query(
      `INSERT INTO contact_ltv (contact_id, workspace_id, frequency, recency_weeks, t_weeks, p_alive,
         expected_purchases_30, expected_purchases_90, expected_purchases_365, expected_order_value_minor,
         clv_minor, currency)
       VALUES ($1, $2, 3, 8.5, 12, 0.82, 0.4, 1.25, 4.2, 2500, 18950, 'EUR')`,
      [ana, ws],
    );
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
  });

  it('shows identities with their channels, empty attributes and notes, and the LTV figures', async () => {
    const r = await omnify.api('GET', `/api/v1/contacts/${ana}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: ana,
      name: 'Ana Ruiz',
      attributes: {},
      notes: '',
      identities: [
        {
          platform: 'whatsapp',
          handle: '15550001111',
          displayName: 'Ana Ruiz',
          // Latest activity first.
          channels: [
            { id: support, name: 'Support WhatsApp' },
            { id: shop, name: 'Shop WhatsApp' },
          ],
        },
      ],
      ltv: { pAlive: 0.82, expectedPurchases90: 1.25, clvMinor: 18950, currency: 'EUR' },
    });
    // The list shows the same contact without notes and identity channels.
    const listed = (await omnify.api('GET', '/api/v1/contacts?q=Ana')).json.data[0];
    expect(listed).toMatchObject({ id: ana, attributes: {}, ltv: { pAlive: 0.82 } });
    expect(listed.notes).toBeUndefined();
    expect(listed.identities[0].channels).toBeUndefined();
  });

  it('pages the contact’s conversations newest activity first, with channel names', async () => {
    const first = await omnify.api('GET', `/api/v1/contacts/${ana}/conversations?limit=1`);
    expect(first.status).toBe(200);
    expect(first.json.data).toEqual([
      expect.objectContaining({
        id: anaConversations[1],
        channelId: support,
        channelName: 'Support WhatsApp',
        platform: 'whatsapp',
        status: 'open',
        unreadCount: 0,
        messageCount: 1,
        lastMessage: expect.objectContaining({ text: 'Second question', direction: 'inbound' }),
      }),
    ]);
    expect(first.json.data[0].contact).toBeUndefined();
    const second = await omnify.api(
      'GET',
      `/api/v1/contacts/${ana}/conversations?limit=1&cursor=${first.json.nextCursor}`,
    );
    expect(second.json.data.map((c: { id: string }) => c.id)).toEqual([anaConversations[0]]);
    expect(second.json.nextCursor).toBeNull();
    const bad = await omnify.api('GET', `/api/v1/contacts/${ana}/conversations?cursor=nope`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('/querystring/cursor');
  });

  it('changes name, notes and attributes (merged; null removes a key) and answers as GET does', async () => {
    const before = (await omnify.api('GET', `/api/v1/contacts/${ana}`)).json;
    const r = await patch(ana, {
      name: '  Ana María Ruiz ',
      notes: 'Prefers WhatsApp.\nAsk about the March order.',
      attributes: { plan: 'gold', seats: 12, vip: true },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({
      name: 'Ana María Ruiz',
      notes: 'Prefers WhatsApp.\nAsk about the March order.',
      attributes: { plan: 'gold', seats: 12, vip: true },
    });
    expect(Date.parse(r.json.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect((await omnify.api('GET', `/api/v1/contacts/${ana}`)).json).toEqual(r.json);

    const merged = await patch(ana, { attributes: { seats: 15, vip: null, 'favourite colour': 'teal' } });
    expect(merged.json.attributes).toEqual({ plan: 'gold', seats: 15, 'favourite colour': 'teal' });
    expect(merged.json.notes).toBe('Prefers WhatsApp.\nAsk about the March order.');

    // An empty patch changes nothing (not even updatedAt) and answers the contact.
    const same = await patch(ana, {});
    expect(same.status).toBe(200);
    expect(same.json).toEqual(merged.json);

    const cleared = await patch(ana, { name: null, notes: '' });
    expect(cleared.json).toMatchObject({ name: null, notes: '' });
    await patch(ana, { name: 'Ana Ruiz' });
  });

  it('refuses bad input with field errors and changes nothing', async () => {
    const before = await stored(ana);
    const cases: Array<[unknown, string]> = [
      [{ probe: 1 }, '/body/probe'],
      [{ name: '   ' }, '/body/name'],
      [{ name: 'x'.repeat(201) }, '/body/name'],
      [{ notes: 'n'.repeat(10_001) }, '/body/notes'],
      [{ attributes: { nested: { a: 1 } } }, '/body/attributes/nested'],
      [{ attributes: { list: [1, 2] } }, '/body/attributes/list'],
      [{ attributes: { long: 'v'.repeat(501) } }, '/body/attributes/long'],
      [{ attributes: { ['k'.repeat(65)]: 'v' } }, `/body/attributes/${'k'.repeat(65)}`],
      [{ attributes: { '  ': 'v' } }, '/body/attributes/  '],
      [{ attributes: { 'a/b': 'fine', 'tab\there': 'v' } }, '/body/attributes/tab\there'],
      [{ attributes: { 'a/b~\u0001': 'v' } }, '/body/attributes/a~1b~0\u0001'],
      [{ attributes: [] }, '/body/attributes'],
      [
        { attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
        '/body/attributes',
      ],
    ];
    for (const [body, path] of cases) {
      const r = await patch(ana, body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
      expect(
        r.json.error.details.fields.map((f: { path: string }) => f.path),
        JSON.stringify(r.json),
      ).toContain(path);
    }
    // 48 new keys pass the request's own limit, but with the 3 stored ones the contact would hold 51.
    expect(Object.keys((await stored(ana))!.attributes as object)).toHaveLength(3);
    const many = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, i]));
    const tooMany = await patch(ana, { attributes: many, notes: 'not saved either' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toContain('at most 50 attributes');
    expect(await stored(ana)).toEqual(before);
    // Removing one in the same change makes room.
    const fits = await patch(ana, { attributes: { ...many, plan: null } });
    expect(fits.status).toBe(200);
    expect(Object.keys(fits.json.attributes)).toHaveLength(50);
    await patch(ana, { attributes: Object.fromEntries(Object.keys(many).map((k) => [k, null])) });
  });

  it('answers 404 for unknown and malformed ids', async () => {
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    for (const id of [unknown, 'not-a-uuid']) {
      expect((await omnify.api('GET', `/api/v1/contacts/${id}`)).status).toBe(404);
      expect((await patch(id, { notes: 'x' })).status).toBe(404);
      expect((await patch(id, {})).status).toBe(404);
      expect((await omnify.api('GET', `/api/v1/contacts/${id}/conversations`)).status).toBe(404);
    }
  });

  it('is 404 to another workspace, which changes nothing; viewers read but may not edit', async () => {
    const other = await omnify.api('POST', '/api/v1/workspaces', { name: 'Elsewhere' });
    const key = other.json.apiKey.key as string;
    const before = await stored(ana);
    expect((await call(omnify.url, key, 'GET', `/api/v1/contacts/${ana}`)).status).toBe(404);
    expect(
      (await call(omnify.url, key, 'PATCH', `/api/v1/contacts/${ana}`, { notes: 'mine now' })).status,
    ).toBe(404);
    const convs = await call(omnify.url, key, 'GET', `/api/v1/contacts/${ana}/conversations`);
    expect(convs.status).toBe(404);
    expect(JSON.stringify(convs.json)).not.toContain(anaConversations[0]);
    expect(await stored(ana)).toEqual(before);

    const viewer = (await omnify.api('POST', '/api/v1/api-keys', { name: 'v', role: 'viewer' })).json.key;
    const agent = (await omnify.api('POST', '/api/v1/api-keys', { name: 'a', role: 'agent' })).json.key;
    expect((await call(omnify.url, viewer, 'GET', `/api/v1/contacts/${ana}/conversations`)).status).toBe(200);
    expect((await call(omnify.url, viewer, 'PATCH', `/api/v1/contacts/${ana}`, { notes: 'v' })).status).toBe(
      403,
    );
    const byAgent = await call(omnify.url, agent, 'PATCH', `/api/v1/contacts/${ana}`, {
      notes: 'by an agent',
    });
    expect(byAgent.status).toBe(200);
    expect(byAgent.json.notes).toBe('by an agent');
  });
});
