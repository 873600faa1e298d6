import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';

describe.each(testBackends())('segments and the contact list on %s', (backend) => {
  let omnify: TestOmnify;
  const contactIds: string[] = [];

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    for (const [i, email] of ['a_1@example.com', 'b%2@example.com', 'c3@example.com'].entries()) {
      const r = await omnify.api('POST', '/api/v1/orders', {
        customerId: `SEG-${i}`,
        date: '2026-01-05',
        amountMinor: 1000 + i,
        currency: 'EUR',
        orderId: `SEG-order-${i}`,
        email,
      });
      expect(r.status).toBe(201);
      contactIds.push(r.json.order.contactId);
    }
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('pages contacts newest first, searches literally and rejects a bad cursor', async () => {
    const first = await omnify.api('GET', '/api/v1/contacts?limit=2');
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(2);
    const second = await omnify.api('GET', `/api/v1/contacts?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.nextCursor).toBeNull();
    const all = [...first.json.data, ...second.json.data].map((c: { id: string }) => c.id);
    expect(new Set(all)).toEqual(new Set(contactIds));
    expect(second.json.data[0]).toMatchObject({
      orders: { count: 1, lastOrderDate: '2026-01-05' },
      ltv: null,
    });
    const found = await omnify.api('GET', '/api/v1/contacts?q=B%252');
    expect(found.json.data.map((c: { email: string }) => c.email)).toEqual(['b%2@example.com']);
    const underscore = await omnify.api('GET', '/api/v1/contacts?q=a_');
    expect(underscore.json.data.map((c: { email: string }) => c.email)).toEqual(['a_1@example.com']);
    const bad = await omnify.api('GET', '/api/v1/contacts?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('/querystring/cursor');
  });

  it('creates a segment once, adds only existing contacts, pages and removes members', async () => {
    const created = await omnify.api('POST', '/api/v1/segments', { name: ' Winback ', description: 'd' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Winback', description: 'd', members: 0 });
    const id = created.json.id;
    const again = await omnify.api('POST', '/api/v1/segments', { name: 'Winback' });
    expect(again.status).toBe(409);
    await omnify.api('POST', '/api/v1/segments', { name: 'Another' });
    const list = await omnify.api('GET', '/api/v1/segments');
    expect(list.json.data.map((s: { name: string }) => s.name)).toEqual(['Another', 'Winback']);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const added = await omnify.api('POST', `/api/v1/segments/${id}/members`, {
      contactIds: [...contactIds, unknown],
    });
    expect(added.json).toMatchObject({ added: 3, segment: { members: 3 } });
    const twice = await omnify.api('POST', `/api/v1/segments/${id}/members`, { contactIds });
    expect(twice.json.added).toBe(0);

    const page1 = await omnify.api('GET', `/api/v1/segments/${id}/members?limit=2`);
    expect(page1.json.data).toHaveLength(2);
    expect(page1.json.data[0]).toMatchObject({ pAlive: null, clvMinor: null });
    const page2 = await omnify.api(
      'GET',
      `/api/v1/segments/${id}/members?limit=2&cursor=${page1.json.nextCursor}`,
    );
    expect(page2.json.nextCursor).toBeNull();
    const members = [...page1.json.data, ...page2.json.data].map((m: { contactId: string }) => m.contactId);
    expect(new Set(members)).toEqual(new Set(contactIds));
    const bad = await omnify.api('GET', `/api/v1/segments/${id}/members?cursor=xyz`);
    expect(bad.status).toBe(400);

    const removed = await omnify.api('DELETE', `/api/v1/segments/${id}/members/${contactIds[0]}`);
    expect(removed.status).toBe(204);
    expect((await omnify.api('GET', `/api/v1/segments/${id}`)).json.members).toBe(2);
  });
});
