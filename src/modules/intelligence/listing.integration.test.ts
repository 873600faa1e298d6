import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';

/** Every page of `path` at `limit` rows, following `nextCursor` to the end. */
async function allPages(omnify: TestOmnify, path: string, limit: number): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await omnify.api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.data.length).toBeLessThanOrEqual(limit);
    out.push(...r.json.data);
    cursor = r.json.nextCursor;
  } while (cursor);
  return out;
}

describe.each(testBackends())('intelligence listings (keyset pages) on %s', (backend) => {
  let omnify: TestOmnify;
  let ws: string;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    // Rows with equal timestamps (ties broken by id) and distinct ones.
    for (let i = 0; i < 3; i++) {
      await omnify.db.query(
        `INSERT INTO model_runs (workspace_id, models, reason, created_at) VALUES ($1, '{ltv}', 'test', $2)`,
        [ws, i < 2 ? '2026-01-01T00:00:00.123456Z' : '2026-01-02T00:00:00Z'],
      );
      await omnify.db.query(
        `INSERT INTO imports (workspace_id, kind, status, mapping, total_rows, imported_rows, error_rows, errors, created_at)
         VALUES ($1, 'orders', 'completed', '{}', 1, 1, 0, '[]', $2)`,
        [ws, i < 2 ? '2026-01-01T00:00:00.123456Z' : '2026-01-02T00:00:00Z'],
      );
      const insight = await omnify.db.query<{ id: string }>(
        `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id,
           evidence, chart, created_at)
         VALUES ($1, $2, 'info', $3, 't', 's', 'ad', $3, '{"n":1}', '{"c":1}', '2026-01-01T00:00:00Z') RETURNING id`,
        [ws, i === 0 ? 'fatigue' : 'anomaly', `fp-${i}`],
      );
      await omnify.db.query(
        `INSERT INTO insight_actions (workspace_id, insight_id, kind, status, target, before, after, applied_at)
         VALUES ($1, $2, 'pause_ad', 'applied', 'recorded', '{}', '{}', '2026-01-03T00:00:00Z')`,
        [ws, insight.rows[0]!.id],
      );
      for (const subjectType of ['ad', 'campaign']) {
        await omnify.db.query(
          `INSERT INTO model_results (workspace_id, model, subject_type, subject_id, result)
           VALUES ($1, 'fatigue', $2, $3, $4::jsonb)`,
          [ws, subjectType, `s-${i}`, JSON.stringify({ summary: { i }, series: [1, 2] })],
        );
      }
    }
    for (let i = 0; i < 3; i++) {
      const r = await omnify.api('POST', '/api/v1/orders', {
        customerId: `L-${i}`,
        date: `2026-01-0${i + 1}`,
        amountMinor: 100 * (i + 1),
        currency: 'EUR',
        orderId: `L-order-${i}`,
      });
      expect(r.status).toBe(201);
      await omnify.db.query(
        `INSERT INTO contact_ltv (contact_id, workspace_id, frequency, recency_weeks, t_weeks, p_alive,
           expected_purchases_30, expected_purchases_90, expected_purchases_365, clv_minor, currency)
         VALUES ($1, $2, $3, 1, 2, $4, 0.1, 0.2, 0.5, $5, 'EUR')`,
        [r.json.order.contactId, ws, i, [0.9, 0.2, 0.4][i], i === 2 ? null : 1000 * (i + 1)],
      );
    }
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('pages every list newest first without skipping a row sharing a timestamp', async () => {
    for (const path of ['/api/v1/intelligence/runs', '/api/v1/imports', '/api/v1/orders']) {
      const rows = await allPages(omnify, path, 1);
      expect(rows, path).toHaveLength(3);
      expect(new Set(rows.map((r) => r.id)).size).toBe(3);
      const times = rows.map((r) => r.createdAt);
      expect(times, path).toEqual([...times].sort().reverse());
    }
    const runs = await omnify.api('GET', '/api/v1/intelligence/runs?limit=1');
    expect(runs.json.data[0]).toMatchObject({
      models: ['ltv'],
      status: 'queued',
      createdAt: '2026-01-02T00:00:00.000Z',
    });
    const orders = await allPages(omnify, '/api/v1/orders', 2);
    expect(orders.map((o) => o.customerId).sort()).toEqual(['L-0', 'L-1', 'L-2']);
    expect(orders.find((o) => o.customerId === 'L-1')).toMatchObject({
      date: '2026-01-02',
      amountMinor: 200,
    });
    expect((await omnify.api('GET', '/api/v1/orders?contactId=nope')).json).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it('filters insights, leaves charts out of lists and pages actions by applied time', async () => {
    const insights = await allPages(omnify, '/api/v1/intelligence/insights', 2);
    expect(insights).toHaveLength(3);
    expect(insights.every((i) => !('chart' in i))).toBe(true);
    const one = await omnify.api('GET', `/api/v1/intelligence/insights/${insights[0].id}`);
    expect(one.json.chart).toEqual({ c: 1 });
    const fatigue = await allPages(omnify, '/api/v1/intelligence/insights?kind=fatigue', 1);
    expect(fatigue.map((i) => i.subjectId)).toEqual(['fp-0']);
    const dismissed = await omnify.api('PATCH', `/api/v1/intelligence/insights/${insights[0].id}`, {
      status: 'dismissed',
    });
    expect(dismissed.json.status).toBe('dismissed');
    expect(await allPages(omnify, '/api/v1/intelligence/insights?status=dismissed', 5)).toHaveLength(1);
    const actions = await allPages(omnify, '/api/v1/intelligence/actions', 1);
    expect(actions).toHaveLength(3);
    expect(actions[0]).toMatchObject({ status: 'applied', appliedAt: '2026-01-03T00:00:00.000Z' });
  });

  it('pages model results by subject and per-contact LTV by a number', async () => {
    const results = await allPages(omnify, '/api/v1/intelligence/models/fatigue', 4);
    expect(results.map((r) => `${r.subjectType}/${r.subjectId}`)).toEqual([
      'ad/s-0',
      'ad/s-1',
      'ad/s-2',
      'campaign/s-0',
      'campaign/s-1',
      'campaign/s-2',
    ]);
    expect(results[1].summary).toEqual({ i: 1 });
    const ads = await allPages(omnify, '/api/v1/intelligence/models/fatigue?subjectType=campaign', 2);
    expect(ads).toHaveLength(3);
    const full = await omnify.api('GET', '/api/v1/intelligence/models/fatigue/ad/s-2');
    expect(full.json).toMatchObject({ subjectType: 'ad', subjectId: 's-2', result: { series: [1, 2] } });

    const byClv = await allPages(omnify, '/api/v1/intelligence/ltv/contacts?sort=clv', 1);
    expect(byClv.map((c) => c.customerId)).toEqual(['L-1', 'L-0', 'L-2']);
    expect(byClv[0]).toMatchObject({ clvMinor: 2000, pAlive: 0.2, ageWeeks: 2, currency: 'EUR' });
    const byRisk = await allPages(omnify, '/api/v1/intelligence/ltv/contacts?sort=churn_risk', 1);
    expect(byRisk.map((c) => c.customerId)).toEqual(['L-1', 'L-2', 'L-0']);
    const atRisk = await allPages(omnify, '/api/v1/intelligence/ltv/contacts?sort=churn_risk&atRisk=true', 5);
    expect(atRisk.map((c) => c.customerId)).toEqual(['L-1', 'L-2']);
  });

  it('answers a bad cursor with a 400 field error on every list', async () => {
    const timeCursor = Buffer.from(JSON.stringify(['abc', '00000000-0000-4000-8000-000000000000'])).toString(
      'base64url',
    );
    for (const path of [
      '/api/v1/intelligence/runs',
      '/api/v1/imports',
      '/api/v1/orders',
      '/api/v1/intelligence/insights',
      '/api/v1/intelligence/actions',
      '/api/v1/intelligence/models/fatigue',
      '/api/v1/intelligence/ltv/contacts',
    ]) {
      const r = await omnify.api('GET', `${path}?cursor=bm90LWEtY3Vyc29y`);
      expect(r.status, path).toBe(400);
      expect(JSON.stringify(r.json), path).toContain('/querystring/cursor');
    }
    const ltv = await omnify.api('GET', `/api/v1/intelligence/ltv/contacts?cursor=${timeCursor}`);
    expect(ltv.status).toBe(400);
    expect(JSON.stringify(ltv.json)).toContain('not a cursor of this sort order');
  });
});
