import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCustomerDemo } from '../src/modules/intelligence/demo/customer-demo.ts';
import { testBackends } from '../src/testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../src/testing/harness.ts';

/** The demo customers as an orders CSV (customer_id,date,amount,order_id,email,phone,name). */
function ordersCsv(customers: number, seed: number): { csv: string; orders: number } {
  const demo = generateCustomerDemo({ customers, seed });
  const contact = new Map(demo.contacts.map((c) => [c.customerId, c]));
  const lines = demo.orders.map((o) => {
    const c = contact.get(o.customerId)!;
    return [
      o.customerId,
      o.date,
      (o.amountMinor / 100).toFixed(2),
      o.orderId,
      c.email,
      c.phoneE164,
      `"${c.name}"`,
    ].join(',');
  });
  return {
    csv: `customer_id,date,amount,order_id,email,phone,name\n${lines.join('\n')}\n`,
    orders: lines.length,
  };
}

describe.each(testBackends())('orders, LTV, churn segment and actions on %s', (backend) => {
  let omnify: TestOmnify;
  const count = async (table: string) =>
    Number((await omnify.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('records an order once per orderId and links it to a contact found by e-mail', async () => {
    const first = await omnify.api('POST', '/api/v1/orders', {
      customerId: 'C-1',
      date: '2026-01-05',
      amountMinor: 1999,
      currency: 'EUR',
      orderId: 'A-1',
      email: 'Ann@Example.com',
      phone: '+44 20 7946 0000',
    });
    expect(first.status).toBe(201);
    expect(first.json.duplicate).toBe(false);
    expect(first.json.order).toMatchObject({
      customerId: 'C-1',
      amountMinor: 1999,
      currency: 'EUR',
      date: '2026-01-05',
    });
    const again = await omnify.api('POST', '/api/v1/orders', {
      customerId: 'C-1',
      date: '2026-01-05',
      amountMinor: 1999,
      currency: 'EUR',
      orderId: 'A-1',
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ duplicate: true, order: { id: first.json.order.id } });
    const contact = await omnify.api('GET', `/api/v1/contacts/${first.json.order.contactId}`);
    expect(contact.status).toBe(200);
    const listed = await omnify.api('GET', `/api/v1/orders?contactId=${first.json.order.contactId}`);
    expect(listed.json.data).toHaveLength(1);
  });

  it('refuses bad orders with field errors and stores nothing', async () => {
    const before = await count('orders');
    const bad = await omnify.api('POST', '/api/v1/orders', {
      customerId: '',
      date: '2026-13-01',
      amountMinor: -5,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(bad.json.error.details.fields[0].path).toBe('/body/customerId');
    expect(JSON.stringify(bad.json)).not.toMatch(/at .*\.ts/);
    expect(await count('orders')).toBe(before);
  });

  it('previews a CSV with per-row errors, imports it idempotently and reruns the LTV model', async () => {
    const { csv, orders } = ordersCsv(300, 7);
    const broken = `${csv}X-1,2026-02-30,10.00,,,,\nX-2,2026-02-01,abc,,,,\n,2026-02-01,5,,,,\n`;
    const dry = await omnify.api('POST', '/api/v1/orders/import', { csv: broken, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json.preview.validRows).toBe(orders);
    expect(dry.json.preview.errorRows).toBe(3);
    const lines = dry.json.preview.errors.map((e: any) => [e.line, e.code]);
    expect(lines).toEqual([
      [orders + 2, 'invalid_date'],
      [orders + 3, 'invalid_number'],
      [orders + 4, 'missing_value'],
    ]);
    expect(await count('orders')).toBe(1);

    const res = await fetch(`${omnify.url}/api/v1/orders/import?fileName=shop.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'text/csv' },
      body: broken,
    });
    const done: any = await res.json();
    expect(res.status).toBe(201);
    expect(done.imported).toBe(orders);
    expect(done.runId).toBeTruthy();
    expect(await count('orders')).toBe(orders + 1);
    const imp = await omnify.api('GET', `/api/v1/imports/${done.importId}`);
    expect(imp.json).toMatchObject({ fileName: 'shop.csv', errorRows: 3, importedRows: orders });
    expect(imp.json.errors[0]).toMatchObject({ line: orders + 2, code: 'invalid_date' });

    const twice = await omnify.api('POST', '/api/v1/orders/import', { csv });
    expect(twice.json).toMatchObject({ imported: 0, duplicates: orders, runId: null });
    expect(await count('orders')).toBe(orders + 1);

    const run = await omnify.until(
      'the LTV run to finish',
      async () => {
        const r = await omnify.api('GET', `/api/v1/intelligence/runs/${done.runId}`);
        return r.json.status === 'completed' || r.json.status === 'failed' ? r.json : null;
      },
      60_000,
    );
    expect(run.status).toBe('completed');
    expect(run.progress.ltv.status).toBe('completed');

    const ltv = await omnify.api('GET', '/api/v1/intelligence/ltv');
    expect(ltv.json.status).toBe('completed');
    expect(ltv.json.currency).toBe('USD');
    expect(ltv.json.bgnbd.r).toBeGreaterThan(0);
    expect(ltv.json.holdout.byFrequency.length).toBeGreaterThan(2);
    expect(ltv.json.distribution.pAlive).toHaveLength(10);

    const top = await omnify.api('GET', '/api/v1/intelligence/ltv/contacts?limit=5');
    expect(top.json.data).toHaveLength(5);
    const clvs = top.json.data.map((c: any) => c.clvMinor);
    expect([...clvs].sort((a, b) => b - a)).toEqual(clvs);
    const page2 = await omnify.api(
      'GET',
      `/api/v1/intelligence/ltv/contacts?limit=5&cursor=${top.json.nextCursor}`,
    );
    expect(page2.json.data[0].clvMinor).toBeLessThanOrEqual(clvs[4]);
    const one = await omnify.api('GET', `/api/v1/intelligence/ltv/contacts/${top.json.data[0].contactId}`);
    expect(one.json).toMatchObject({ contactId: top.json.data[0].contactId });
    expect(one.json.pAlive).toBeGreaterThan(0);
    expect(one.json.expectedPurchases365).toBeGreaterThanOrEqual(one.json.expectedPurchases90);
    // The CRM sees the orders and the figures.
    const contact = await omnify.api('GET', `/api/v1/contacts/${one.json.contactId}`);
    expect(contact.json.orders.count).toBeGreaterThan(0);
    expect(contact.json.customerId).toBe(one.json.customerId);
    expect(contact.json.ltv).toMatchObject({
      pAlive: one.json.pAlive,
      clvMinor: one.json.clvMinor,
      currency: 'USD',
    });
    const found = await omnify.api('GET', '/api/v1/contacts?q=ann@example.com');
    expect(found.json.data.map((c: any) => c.customerId)).toEqual(['C-1']);
  });

  it('turns churn risk into a segment with one call, audited, and rolls it back', async () => {
    const settled = (actionId: string) =>
      omnify.until('the action job', async () => {
        const r = await omnify.api('GET', `/api/v1/intelligence/actions/${actionId}`);
        return ['succeeded', 'failed'].includes(r.json.state) ? r.json : null;
      });
    const list = await omnify.api('GET', '/api/v1/intelligence/insights?kind=churn_risk');
    expect(list.json.data).toHaveLength(1);
    const insight = list.json.data[0];
    expect(insight.status).toBe('new');
    expect(insight.evidence.atRisk).toBeGreaterThan(0);
    expect(insight.recommendation.action).toBe('add_to_segment');

    const queued = await omnify.api('POST', `/api/v1/intelligence/insights/${insight.id}/apply`);
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ kind: 'add_to_segment', status: 'pending', state: 'queued' });
    // Applying again while the job is pending or after it is done is refused.
    expect((await omnify.api('POST', `/api/v1/intelligence/insights/${insight.id}/apply`)).status).toBe(409);
    const applied = { json: await settled(queued.json.id) };
    expect(applied.json).toMatchObject({
      kind: 'add_to_segment',
      status: 'applied',
      state: 'succeeded',
      target: 'omnify',
    });
    expect(applied.json.appliedBy).toBeTruthy();
    const segId = applied.json.after.segmentId;
    const seg = await omnify.api('GET', `/api/v1/segments/${segId}`);
    expect(seg.json).toMatchObject({ name: 'Churn risk', members: insight.evidence.atRisk });
    const members = await omnify.api('GET', `/api/v1/segments/${segId}/members?limit=3`);
    expect(members.json.data[0].pAlive).toBeLessThan(0.5);

    expect((await omnify.api('POST', `/api/v1/intelligence/insights/${insight.id}/apply`)).status).toBe(409);
    expect(
      (await omnify.api('PATCH', `/api/v1/intelligence/insights/${insight.id}`, { status: 'dismissed' }))
        .status,
    ).toBe(409);

    const back = await omnify.api('POST', `/api/v1/intelligence/actions/${applied.json.id}/rollback`);
    expect(back.status).toBe(202);
    expect((await settled(applied.json.id)).status).toBe('rolled_back');
    expect((await omnify.api('GET', `/api/v1/segments/${segId}`)).json.members).toBe(0);
    expect((await omnify.api('GET', `/api/v1/intelligence/insights/${insight.id}`)).json.status).toBe(
      'acknowledged',
    );
    expect(
      (await omnify.api('POST', `/api/v1/intelligence/actions/${applied.json.id}/rollback`)).status,
    ).toBe(409);
    const audit = await omnify.api('GET', '/api/v1/intelligence/actions');
    expect(audit.json.data[0]).toMatchObject({ id: applied.json.id, status: 'rolled_back' });
    expect(audit.json.data[0].rolledBackAt).toBeTruthy();
  });

  it('rejects an unusable import file and an unknown preset with a clear error', async () => {
    const noCols = await omnify.api('POST', '/api/v1/orders/import', { csv: 'who,when\n1,2\n' });
    expect(noCols.status).toBe(400);
    expect(noCols.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(noCols.json.error.message).toMatch(/customer_id/);
    const preset = await omnify.api('POST', '/api/v1/orders/import', { csv: 'a\n', preset: 'nope' });
    expect(preset.status).toBe(400);
  });
});
