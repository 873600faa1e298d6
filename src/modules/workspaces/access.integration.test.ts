import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { browserCall, inviteUser, type Session, sessionOf } from '../users/test-session.ts';
import { ACCESS, type Requirement, ROLES, type Role } from './access.ts';
import { call } from './test-call.ts';

/** A value for each OpenAPI path parameter that names nothing (so no request changes anything). */
const PARAM: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  contactId: '00000000-0000-4000-8000-000000000001',
  messageId: '00000000-0000-4000-8000-000000000003',
  subjectId: '00000000-0000-4000-8000-000000000002',
  model: 'ltv',
  subjectType: 'contact',
};

/** The policy, written out independently of access.ts: the least role for an operation. */
function policy(method: string, path: string): string {
  // Signing in, the first owner, password resets and invitation links: before anyone is signed in.
  if (/^\/(setup|auth\/login|auth\/password-reset(\/confirm)?|invitations\/(lookup|accept))$/.test(path))
    return 'public';
  if (path.startsWith('/auth/')) return 'session';
  if (path.startsWith('/workspaces')) return 'instance-owner';
  if (path.startsWith('/api-keys')) return 'owner';
  if (path.startsWith('/invitations')) return 'admin';
  if (method === 'GET') return 'viewer';
  if (path.startsWith('/users/')) return 'owner';
  if (path === '/conversations/:id/read') return 'viewer';
  if (/^\/conversations\/(:id(\/messages|\/notes|\/typing|\/drafts\/:messageId\/send)?|bulk)$/.test(path))
    return 'agent';
  if (path === '/contacts/:id') return 'agent';
  // One person across channels: agents merge, unmerge and decide suggestions (docs/contacts.md).
  if (
    /^\/contacts\/:id\/(merges(\/:mergeId\/unmerge)?|merge-suggestions\/:suggestionId\/(accept|dismiss))$/.test(
      path,
    )
  )
    return 'agent';
  return 'admin';
}
const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** Whether a caller with `role` (an API key, or a signed-in user with `user`) may call a route needing `need`. */
function allowed(need: Requirement, role: Role, user: boolean): boolean {
  if (need === 'public') return true;
  if (need === 'session') return user;
  if (need === 'instance-owner') return role === 'owner';
  return RANK[role] >= RANK[need];
}

/** The 403 message's hint for `need`. */
const hint = (need: Requirement) =>
  need === 'instance-owner' ? 'first workspace' : need === 'session' ? 'signed-in user' : `${need} role`;

describe.each(testBackends())('roles on every operation on %s', (backend) => {
  let omnify: TestOmnify;
  const keys = {} as Record<Role, string>;
  const sessions = {} as Record<Role, Session>;
  let operations: Array<{ method: string; path: string }>;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    keys.owner = TEST_API_KEY;
    for (const role of ['admin', 'agent', 'viewer'] as const) {
      const r = await omnify.api('POST', '/api/v1/api-keys', { name: `${role} key`, role });
      expect(r.status).toBe(201);
      keys[role] = r.json.key;
    }
    // A signed-in user of each role: the first owner through the wizard, the others invited.
    const setup = await browserCall(omnify.url, null, 'POST', '/api/v1/setup', {
      name: 'Olive Owner',
      email: 'owner@example.org',
      password: 'owner-password-1',
      workspaceName: 'Default workspace',
    });
    expect(setup.status).toBe(201);
    sessions.owner = sessionOf(setup);
    for (const role of ['admin', 'agent', 'viewer'] as const) {
      const u = await inviteUser(omnify.url, TEST_API_KEY, {
        email: `${role}@example.org`,
        name: `${role} user`,
        password: `${role}-password-1`,
        role,
      });
      sessions[role] = u.session;
    }
    const doc = (await (await fetch(`${omnify.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
  }, 60_000);
  afterAll(() => omnify?.close());

  it('has one table entry per documented operation, and no other', () => {
    const documented = operations.map((o) => `${o.method} ${o.path.slice('/api/v1'.length)}`);
    const table = Object.keys(ACCESS).map((k) => k.replace(/:(\w+)/g, '{$1}'));
    expect(documented.sort()).toEqual(table.sort());
    expect(documented.length).toBeGreaterThan(40);
    const off = Object.entries(ACCESS).filter(
      ([op, need]) => policy(...(op.split(' ') as [string, string])) !== need,
    );
    expect(off).toEqual([]);
  });

  it('gives each role exactly what the table allows (403 naming the role otherwise)', async () => {
    const wrong: string[] = [];
    for (const { method, path } of operations) {
      const need = ACCESS[`${method} ${path.slice('/api/v1'.length).replace(/\{(\w+)\}/g, ':$1')}`]!;
      const url = path.replace(/\{(\w+)\}/g, (_, p: string) => PARAM[p] ?? 'x');
      // An unknown property: routes that validate their body answer 400 and change nothing.
      const body = method === 'POST' || method === 'PATCH' ? { probeOnly: true } : undefined;
      for (const role of ROLES) {
        const r = await call(omnify.url, keys[role], method, url, body);
        if ((r.status === 403) === allowed(need, role, false))
          wrong.push(`${role} ${method} ${path} → ${r.status}`);
        if (r.status === 403) {
          expect(r.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
          expect(r.json.error.message).toContain(hint(need));
        }
        expect(r.status, `${role} ${method} ${path}`).toBeLessThan(500);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('gives each signed-in user exactly what the table allows their role (cookie + CSRF token)', async () => {
    const wrong: string[] = [];
    for (const { method, path } of operations) {
      // Signing out would end the session the walk goes on with (tested in src/modules/users/).
      if (path === '/api/v1/auth/logout') continue;
      const need = ACCESS[`${method} ${path.slice('/api/v1'.length).replace(/\{(\w+)\}/g, ':$1')}`]!;
      const url = path.replace(/\{(\w+)\}/g, (_, p: string) => PARAM[p] ?? 'x');
      const body = method === 'POST' || method === 'PATCH' ? { probeOnly: true } : undefined;
      for (const role of ROLES) {
        const r = await browserCall(omnify.url, sessions[role], method, url, body);
        if ((r.status === 403) === allowed(need, role, true))
          wrong.push(`${role} user ${method} ${path} → ${r.status}`);
        if (r.status === 403) expect(r.json.error.message).toContain(hint(need));
        expect(r.status, `${role} user ${method} ${path}`).toBeLessThan(500);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('answers 401 without a key or with a revoked one, at once', async () => {
    expect((await call(omnify.url, 'omk_nope', 'GET', '/api/v1/channels')).status).toBe(401);
    const made = await omnify.api('POST', '/api/v1/api-keys', { name: 'temp', role: 'viewer' });
    expect(Object.keys(made.json).sort()).toEqual(
      ['createdAt', 'id', 'key', 'lastUsedAt', 'name', 'prefix', 'role', 'workspaceId'].sort(),
    );
    expect((await call(omnify.url, made.json.key, 'GET', '/api/v1/channels')).status).toBe(200);
    const list = await omnify.api('GET', '/api/v1/api-keys');
    expect(list.json.data.find((k: any) => k.id === made.json.id)).toMatchObject({
      role: 'viewer',
      name: 'temp',
    });
    expect(JSON.stringify(list.json)).not.toContain(made.json.key);
    expect((await omnify.api('DELETE', `/api/v1/api-keys/${made.json.id}`)).status).toBe(204);
    // The lookup was cached a moment ago: revocation must still take effect at once.
    expect((await call(omnify.url, made.json.key, 'GET', '/api/v1/channels')).status).toBe(401);
  });

  it('refuses to revoke the last owner key (nobody could manage keys any more)', async () => {
    const own = (await omnify.api('GET', '/api/v1/api-keys')).json.data.filter(
      (k: any) => k.role === 'owner',
    );
    expect(own).toHaveLength(1);
    const r = await omnify.api('DELETE', `/api/v1/api-keys/${own[0].id}`);
    expect(r.status).toBe(409);
    expect(r.json.error.message).toContain('another owner key');
  });

  it('lets only the instance owner create and list workspaces; a new one gets its own owner key', async () => {
    const created = await omnify.api('POST', '/api/v1/workspaces', { name: 'Second' });
    expect(created.status).toBe(201);
    const other = created.json.apiKey.key as string;
    expect(created.json.apiKey).toMatchObject({ role: 'owner', workspaceId: created.json.workspace.id });
    // The other workspace's owner manages its own keys, but not the instance's workspaces.
    expect((await call(omnify.url, other, 'GET', '/api/v1/api-keys')).json.data).toHaveLength(1);
    const denied = await call(omnify.url, other, 'POST', '/api/v1/workspaces', { name: 'Third' });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
    const all = await omnify.api('GET', '/api/v1/workspaces');
    expect(all.json.data.map((w: any) => w.name)).toEqual(['Default workspace', 'Second']);
  });
});
