import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../../testing/harness.ts';
import { call } from '../../workspaces/test-call.ts';

describe.each(testBackends())('the demo loader and access on %s', (backend) => {
  let omnify: TestOmnify;
  const contacts = async (workspaceId?: string) =>
    Number(
      (
        await omnify.db.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM contacts WHERE ($1::uuid IS NULL OR workspace_id = $1)',
          [workspaceId ?? null],
        )
      ).rows[0]!.n,
    );

  // No workers: the model runs the demo queues are not what is tested here.
  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
  }, 60_000);
  afterAll(() => omnify?.close());

  it('loads with no body and no content type (the README’s curl), for admins only', async () => {
    const agent = (await omnify.api('POST', '/api/v1/api-keys', { name: 'a', role: 'agent' })).json.key;
    const denied = await call(omnify.url, agent, 'POST', '/api/v1/intelligence/demo');
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toContain('admin');
    expect(await contacts()).toBe(0);

    const res = await fetch(`${omnify.url}/api/v1/intelligence/demo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(202);
    expect(body.customers).toBe(2000);
    expect(await contacts()).toBe(2000);
    // Only demo contacts so far: loading again is allowed (and stores nothing new).
    expect((await omnify.api('POST', '/api/v1/intelligence/demo', {})).json.orders).toBe(0);
  }, 120_000);

  it('refuses a workspace with real contacts, and loads into a new "Demo" workspace on request', async () => {
    const order = await omnify.api('POST', '/api/v1/orders', {
      customerId: 'REAL-1',
      date: '2026-01-05',
      amountMinor: 1999,
      currency: 'EUR',
      orderId: 'real-order-1',
      email: 'ann@shop.test',
    });
    expect(order.status).toBe(201);
    const before = await contacts();
    const refused = await omnify.api('POST', '/api/v1/intelligence/demo', {});
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('OMNIFY_ERR_CONFLICT');
    expect(refused.json.error.message).toContain('{"workspace":"new"}');
    expect(await contacts()).toBe(before);

    const fresh = await omnify.api('POST', '/api/v1/intelligence/demo', { workspace: 'new' });
    expect(fresh.status).toBe(202);
    const home = (await omnify.api('GET', '/api/v1/api-keys')).json.data[0].workspaceId;
    expect(fresh.json.workspaceId).not.toBe(home);
    expect(await contacts(fresh.json.workspaceId)).toBe(2000);
    expect(await contacts(home)).toBe(before);
    const page = await call(omnify.url, fresh.json.apiKey, 'GET', '/api/v1/contacts?limit=1');
    expect(page.status).toBe(200);
    expect(page.json.data[0].email).toMatch(/@example\.com$/);
    const ws = (await omnify.api('GET', '/api/v1/workspaces')).json.data;
    expect(ws.find((w: any) => w.id === fresh.json.workspaceId).name).toBe('Demo');
  }, 120_000);
});
