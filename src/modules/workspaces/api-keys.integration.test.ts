import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../kernel/db/database.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { KEY_USE_RESOLUTION_MS, type KeyPrincipal, recordKeyUse } from './api-keys.ts';
import { call } from './test-call.ts';

interface ListedKey {
  id: string;
  lastUsedAt: string | null;
}

describe.each(testBackends())('API keys: last use on %s', (backend) => {
  let omnify: TestOmnify;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
  }, 60_000);
  afterAll(() => omnify?.close());

  const listed = async (id: string): Promise<ListedKey | undefined> => {
    const r = await omnify.api('GET', '/api/v1/api-keys');
    expect(r.status).toBe(200);
    return (r.json.data as ListedKey[]).find((k) => k.id === id);
  };
  const newKey = async (name: string) => {
    const r = await omnify.api('POST', '/api/v1/api-keys', { name, role: 'viewer' });
    expect(r.status).toBe(201);
    return r.json as { id: string; key: string; workspaceId: string; lastUsedAt: string | null };
  };

  it('lists when a key last authenticated a request (null until then)', async () => {
    const key = await newKey('never used yet');
    expect(key.lastUsedAt).toBeNull();
    expect((await listed(key.id))?.lastUsedAt).toBeNull();

    const before = Date.now();
    // A request the role may not make still authenticates the key.
    const refused = await call(omnify.url, key.key, 'POST', '/api/v1/agents', {});
    expect(refused.status).toBe(403);
    const seen = await omnify.until('the key’s last use is listed', async () => {
      const k = await listed(key.id);
      return k?.lastUsedAt ? k.lastUsedAt : undefined;
    });
    expect(Date.parse(seen)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(seen)).toBeLessThanOrEqual(Date.now());

    // More requests within the minute write nothing.
    for (let i = 0; i < 3; i++) {
      expect((await call(omnify.url, key.key, 'GET', '/api/v1/channels')).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await listed(key.id))?.lastUsedAt).toBe(seen);

    // An unknown key records nothing on anyone's key.
    expect((await call(omnify.url, 'omk_unknown', 'GET', '/api/v1/channels')).status).toBe(401);
  });

  it('writes at most once a minute per key, in this process and across processes', async () => {
    const key = await newKey('clocked');
    const principal: KeyPrincipal = {
      workspaceId: key.workspaceId,
      apiKeyId: key.id,
      userId: null,
      actorId: key.id,
      role: 'viewer',
    };
    // Another process on the same database: its own in-process memory, the same rows.
    const otherProcess: Queryable = {
      query: (text, params, options) => omnify.db.query(text, params, options),
    };
    const t0 = Date.UTC(2030, 0, 1, 12, 0, 0);
    const at = (ms: number) => new Date(t0 + ms);

    expect(await recordKeyUse(omnify.db, principal, at(0))).toBe(true);
    expect(await recordKeyUse(omnify.db, principal, at(30_000))).toBe(false); // remembered here
    expect(await recordKeyUse(otherProcess, principal, at(30_000))).toBe(false); // the stored time is recent
    expect((await listed(key.id))?.lastUsedAt).toBe(at(0).toISOString());

    // That process tried at 30 s: it tries again a minute later, and the stored time is old enough.
    expect(await recordKeyUse(otherProcess, principal, at(2 * KEY_USE_RESOLUTION_MS))).toBe(true);
    expect((await listed(key.id))?.lastUsedAt).toBe(at(2 * KEY_USE_RESOLUTION_MS).toISOString());
  });

  it('records nothing for a key of another workspace', async () => {
    const key = await newKey('scoped');
    const wrong: KeyPrincipal = {
      workspaceId: '00000000-0000-4000-8000-000000000000',
      apiKeyId: key.id,
      userId: null,
      actorId: key.id,
      role: 'viewer',
    };
    expect(await recordKeyUse(omnify.db, wrong, new Date())).toBe(false);
    expect((await listed(key.id))?.lastUsedAt).toBeNull();
  });
});
