import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { contactFacets } from '../intelligence/intelligence.service.ts';
import { resolveIdentity } from './contact.repository.ts';
import { listContacts } from './contact-list.ts';
import { type ContactFacets, noContactFacets } from './contacts.service.ts';
import { listSegmentMembers } from './segment.repository.ts';

/**
 * The contact and segment member lists read only the contacts module's tables; orders and LTV
 * figures come from the `ContactFacets` provider the composition root wires (intelligence's), one
 * call per page, and are empty without one.
 */
describe.each(testBackends())('contact facets on %s', (backend) => {
  let omnify: TestOmnify;
  let ws: string;
  let ana: string;
  let ben: string;
  let chat: string;

  const order = async (customerId: string, date: string, name?: string) => {
    const r = await omnify.api('POST', '/api/v1/orders', { customerId, date, amountMinor: 1500, name });
    expect(r.status).toBe(201);
    return r.json.order.contactId as string;
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    ana = await order('C-ana', '2024-01-02', 'Ana');
    await order('C-ana', '2024-03-04');
    ben = await order('C-ben', '2024-02-01', 'Ben');
    chat = (
      await omnify.db.transaction((tx) =>
        resolveIdentity(tx, ws, 'telegram', { handle: 'tg-9', displayName: 'Chat Person' }),
      )
    ).contactId;
    await omnify.db.query(
      `INSERT INTO contact_ltv (contact_id, workspace_id, frequency, recency_weeks, t_weeks, p_alive,
         expected_purchases_30, expected_purchases_90, expected_purchases_365, expected_order_value_minor,
         clv_minor, currency)
       VALUES ($1, $2, 1, 8.5, 12, 0.25, 0.1, 0.3, 1.1, 1500, 4200, 'USD')`,
      [ana, ws],
    );
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('the API shows orders and LTV from the wired provider, identities from contacts', async () => {
    const list = (await omnify.api('GET', '/api/v1/contacts?limit=10')).json.data;
    const byId = new Map(list.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(ana)).toMatchObject({
      name: 'Ana',
      customerId: 'C-ana',
      identities: [],
      orders: { count: 2, lastOrderDate: '2024-03-04' },
      ltv: { pAlive: 0.25, expectedPurchases90: 0.3, clvMinor: 4200, currency: 'USD' },
    });
    expect(byId.get(ben)).toMatchObject({ orders: { count: 1, lastOrderDate: '2024-02-01' }, ltv: null });
    expect(byId.get(chat)).toMatchObject({
      identities: [{ platform: 'telegram', handle: 'tg-9', displayName: 'Chat Person' }],
      orders: { count: 0, lastOrderDate: null },
      ltv: null,
    });
    // One contact shows what the list shows, and more (notes, the channels of its identities).
    expect((await omnify.api('GET', `/api/v1/contacts/${ana}`)).json).toMatchObject(byId.get(ana) as object);
  });

  it('without a provider the figures are empty; a provider is called once per page', async () => {
    const bare = await listContacts(omnify.db, ws, { limit: 10 }, noContactFacets);
    expect(bare.data.map((c) => c.id).sort()).toEqual([ana, ben, chat].sort());
    for (const c of bare.data) {
      expect(c.orders).toEqual({ count: 0, lastOrderDate: null });
      expect(c.ltv).toBeNull();
    }
    const calls: string[][] = [];
    const spy: ContactFacets = async (db, workspaceId, ids) => {
      expect(workspaceId).toBe(ws);
      calls.push([...ids]);
      return contactFacets(db, workspaceId, ids);
    };
    const first = await listContacts(omnify.db, ws, { limit: 2 }, spy);
    const second = await listContacts(omnify.db, ws, { limit: 2, cursor: first.nextCursor! }, spy);
    expect(calls).toEqual([first.data.map((c) => c.id), second.data.map((c) => c.id)]);
    expect(second.nextCursor).toBeNull();
  });

  it("intelligence's provider answers only for the workspace's contacts", async () => {
    const other = (await omnify.api('POST', '/api/v1/workspaces', { name: 'Elsewhere' })).json.workspace.id;
    expect((await contactFacets(omnify.db, other, [ana, ben])).size).toBe(0);
    const mine = await contactFacets(omnify.db, ws, [ana, ben, chat, ana]);
    expect([...mine.keys()].sort()).toEqual([ana, ben].sort());
    expect(await contactFacets(omnify.db, ws, [])).toEqual(new Map());
  });

  it('segment members show P(alive) and CLV from the provider, null without one', async () => {
    const seg = await omnify.api('POST', '/api/v1/segments', { name: 'Facets' });
    await omnify.api('POST', `/api/v1/segments/${seg.json.id}/members`, { contactIds: [ana, ben] });
    const members = (await omnify.api('GET', `/api/v1/segments/${seg.json.id}/members`)).json.data;
    const byId = new Map(members.map((m: { contactId: string }) => [m.contactId, m]));
    expect(byId.get(ana)).toMatchObject({ name: 'Ana', pAlive: 0.25, clvMinor: 4200 });
    expect(byId.get(ben)).toMatchObject({ name: 'Ben', pAlive: null, clvMinor: null });
    const bare = await listSegmentMembers(omnify.db, ws, seg.json.id, { limit: 10 }, noContactFacets);
    expect(bare.data.map((m) => [m.pAlive, m.clvMinor])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
