import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { call } from './test-call.ts';
import { workspaceTimeZone } from './workspaces.service.ts';

describe.each(testBackends())('workspace settings (time zone) on %s', (backend) => {
  let omnify: TestOmnify;
  const keys: Record<'admin' | 'agent' | 'viewer', string> = { admin: '', agent: '', viewer: '' };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    for (const role of ['admin', 'agent', 'viewer'] as const) {
      const r = await omnify.api('POST', '/api/v1/api-keys', { name: `${role} key`, role });
      expect(r.status).toBe(201);
      keys[role] = r.json.key;
    }
  }, 60_000);
  afterAll(() => omnify?.close());

  const as = (role: keyof typeof keys, method: string, body?: unknown) =>
    call(omnify.url, keys[role], method, '/api/v1/workspace', body);

  it('starts in UTC, and an admin sets an IANA zone (any case, stored in its usual spelling)', async () => {
    const before = await as('viewer', 'GET');
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ timeZone: 'UTC' });

    const set = await as('admin', 'PATCH', { timeZone: 'america/new_york' });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ...before.json, timeZone: 'America/New_York' });
    expect((await as('agent', 'GET')).json.timeZone).toBe('America/New_York');
    expect(await workspaceTimeZone(omnify.db, before.json.id)).toBe('America/New_York');

    const renamed = await as('admin', 'PATCH', { name: 'Shop', timeZone: 'Pacific/Kiritimati' });
    expect(renamed.json).toMatchObject({ name: 'Shop', timeZone: 'Pacific/Kiritimati' });
  });

  it('refuses an unknown zone with OMNIFY_ERR_VALIDATION naming the closest zone, and changes nothing', async () => {
    const before = (await as('viewer', 'GET')).json;
    const typo = await as('admin', 'PATCH', { timeZone: 'Europe/Berln' });
    expect(typo.status).toBe(400);
    expect(typo.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(typo.json.error.details.fields).toEqual([
      {
        path: '/body/timeZone',
        message: '"Europe/Berln" is not an IANA time zone name; did you mean "Europe/Berlin"?',
      },
    ]);
    const offset = await as('admin', 'PATCH', { timeZone: '+05:00', name: 'Not applied' });
    expect(offset.status).toBe(400);
    expect(offset.json.error.details.fields[0].message).toContain('use one such as "Europe/Berlin"');
    // Shape errors come from the schema: no field, an unknown field, a wrong type.
    for (const body of [{}, { timezone: 'UTC' }, { timeZone: 7 }]) {
      const r = await as('admin', 'PATCH', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    }
    expect((await as('viewer', 'GET')).json).toEqual(before);
  });

  it('lets only admins and owners change it', async () => {
    const before = (await as('viewer', 'GET')).json;
    for (const role of ['agent', 'viewer'] as const) {
      const r = await as(role, 'PATCH', { timeZone: 'Asia/Tokyo' });
      expect(r.status, role).toBe(403);
      expect(r.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
      expect(r.json.error.message).toContain('admin role');
    }
    expect((await as('viewer', 'GET')).json).toEqual(before);
    expect((await omnify.api('PATCH', '/api/v1/workspace', { timeZone: 'Asia/Tokyo' })).status).toBe(200);
  });

  it('keeps each workspace’s zone its own; a new workspace may start in a zone', async () => {
    const bad = await omnify.api('POST', '/api/v1/workspaces', { name: 'B', timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.fields[0].path).toBe('/body/timeZone');
    const made = await omnify.api('POST', '/api/v1/workspaces', { name: 'B', timeZone: 'europe/paris' });
    expect(made.status).toBe(201);
    expect(made.json.workspace.timeZone).toBe('Europe/Paris');
    const keyB = made.json.apiKey.key;
    expect((await call(omnify.url, keyB, 'PATCH', '/api/v1/workspace', { timeZone: 'UTC' })).status).toBe(
      200,
    );
    expect((await as('viewer', 'GET')).json.timeZone).toBe('Asia/Tokyo');
    const listed = (await omnify.api('GET', '/api/v1/workspaces')).json.data;
    expect(listed.map((w: { timeZone: string }) => w.timeZone)).toEqual(['Asia/Tokyo', 'UTC']);
  });
});
