import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { loadAdSeries } from '../ads/ads.repository.ts';
import { loadDemoData } from '../demo-loader.ts';
import { upsertInsights } from '../insights/insights.repository.ts';
import { loadWorkspaceSeries, runSeriesModel } from './ads.models.ts';
import { fitFatigue, type WorkspaceSeries } from './fits.ts';
import { ltvOrderColumnsOf, ordersInMainCurrency } from './ltv.columns.ts';
import { loadOrderColumns, runLtvModel } from './ltv.model.ts';
import { fromWorkspaceSeriesColumns, type WorkspaceSeriesColumns } from './workspace-series.ts';

// A pinned clock: the demo window ends on Saturday 2026-03-07 whatever today is.
const NOW = new Date('2026-03-09T12:00:00Z');
const END = '2026-03-07';

type Finding = { subjectType: string; subjectId: string; metric: string; date: string };
type Member = { subjectType: string; subjectId: string; name: string; metrics: string[] };

describe.each(testBackends())('insights on the stored demo data on %s', (backend) => {
  let omnify: TestOmnify;
  let ws = '';
  let series: WorkspaceSeriesColumns;
  let runId = '';
  const insightsOf = async (kind: string) =>
    (await omnify.api('GET', `/api/v1/intelligence/insights?kind=${kind}&limit=200`)).json.data as any[];

  // No workers: the models are run here, one at a time, on the stored data.
  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.api('GET', '/api/v1/api-keys')).json.data[0].workspaceId;
    runId = (await loadDemoData({ db: omnify.db, queue: omnify.ctx.queue }, ws, 42, NOW)).runId;
    series = await loadWorkspaceSeries(omnify.db, ws);
  }, 120_000);
  afterAll(() => omnify?.close());

  it('reads the orders in batches into the same columns as in one query', async () => {
    const one = await loadOrderColumns(omnify.db, ws, END);
    const batched = await loadOrderColumns(omnify.db, ws, END, 997);
    expect(one.contact.length).toBeGreaterThan(997 * 3);
    expect(batched).toEqual(one);
    const rows = await omnify.db.query<{
      contact_id: string;
      day: string;
      amount_minor: string;
      currency: string;
    }>(
      `SELECT contact_id, ordered_on::text AS day, amount_minor::text AS amount_minor, currency FROM orders
       WHERE workspace_id = $1 AND ordered_on <= $2 ORDER BY created_at DESC, id DESC`,
      [ws, END],
    );
    expect(batched).toEqual(ltvOrderColumnsOf(rows.rows));
    expect(ordersInMainCurrency(batched).orders.contact.length).toBe(rows.rows.length);
    const early = await loadOrderColumns(omnify.db, ws, addDays(END, -200), 997);
    expect(early.contact.length).toBeLessThan(one.contact.length);
  });

  it('reads the ad series in batches into the same series as in one query', async () => {
    const one = await loadAdSeries(omnify.db, ws, 1_000_000);
    const rows = one.reduce((n, a) => n + a.points.length, 0);
    expect(rows).toBeGreaterThan(97 * 3);
    // 97 rows per query: batches end in the middle of an ad's days.
    expect(await loadAdSeries(omnify.db, ws, 97)).toEqual(one);
    expect(await loadAdSeries(omnify.db, ws)).toEqual(one);
    expect(one.map((a) => a.adId)).toEqual(one.map((a) => a.adId).sort());
    for (const a of one) expect(a.points.map((p) => p.date)).toEqual(a.points.map((p) => p.date).sort());
  });

  it('stores one anomaly insight per event, every member reachable, the same ones on a re-run', async () => {
    const first = await runSeriesModel('anomaly', omnify.db, ws, runId, series);
    expect(first).toMatchObject({ status: 'completed', insights: 4, newInsights: 4, events: 4 });
    const insights = await insightsOf('anomaly');
    expect(insights).toHaveLength(4);

    // Before grouping, each recent flagged day of a campaign or an ad was an insight: 10 here.
    const since = addDays(END, -27);
    const recent: Finding[] = [];
    const stored = (await omnify.api('GET', '/api/v1/intelligence/models/anomaly?limit=200')).json
      .data as any[];
    expect(stored.map((r) => r.subjectType).sort()).toEqual([
      ...Array(14).fill('ad'),
      ...Array(6).fill('ad_set'),
      ...Array(3).fill('campaign'),
    ]);
    for (const r of stored) {
      const full = await omnify.api(
        'GET',
        `/api/v1/intelligence/models/anomaly/${r.subjectType}/${r.subjectId}`,
      );
      for (const a of full.json.result.anomalies)
        if (a.date >= since)
          recent.push({ subjectType: r.subjectType, subjectId: r.subjectId, metric: a.metric, date: a.date });
    }
    expect(recent.filter((f) => f.subjectType !== 'ad_set')).toHaveLength(10);
    const key = (f: Finding) => `${f.subjectType}/${f.subjectId}/${f.metric}/${f.date}`;
    const listed = insights.flatMap((i) => (i.evidence.findings as Finding[]).map(key));
    expect(listed.length).toBe(new Set(listed).size);
    for (const f of recent) expect(listed).toContain(key(f));

    // The CTR collapse: at campaign level, with the ad set and the ad as members.
    const ctr = insights.find((i) => i.evidence.anomaly.metric === 'ctr')!;
    expect(ctr).toMatchObject({ subjectType: 'campaign', severity: 'critical' });
    const campaigns = (await omnify.api('GET', '/api/v1/intelligence/ads/campaigns')).json.data as any[];
    expect(campaigns.find((c) => c.id === ctr.subjectId).name).toBe('Prospecting – Broad Audiences');
    const members = ctr.evidence.members as Member[];
    expect(members.map((m) => [m.subjectType, m.name])).toEqual([
      ['ad_set', 'Lookalike 1% – Purchasers'],
      ['ad', 'Video – Product Story'],
    ]);
    // Each member of each insight is reachable: its own stored result shows its flagged days, and
    // an ad's daily series is served.
    for (const i of insights) {
      for (const m of i.evidence.members as Member[]) {
        const res = await omnify.api(
          'GET',
          `/api/v1/intelligence/models/anomaly/${m.subjectType}/${m.subjectId}`,
        );
        expect(res.status).toBe(200);
        const days = new Set(res.json.result.anomalies.map((a: any) => `${a.metric}/${a.date}`));
        for (const f of (i.evidence.findings as Finding[]).filter((x) => x.subjectId === m.subjectId))
          expect(days).toContain(`${f.metric}/${f.date}`);
        if (m.subjectType === 'ad') {
          const s = await omnify.api('GET', `/api/v1/intelligence/ads/series?level=ad&id=${m.subjectId}`);
          expect(s.json.data).toHaveLength(120);
        }
      }
    }
    // The summary speaks in percents and dollars.
    expect(ctr.summary).toMatch(/^CTR 0\.75 % on 2026-02-16, 28 % below the expected 1\.04 %/);
    expect(ctr.summary).toContain('($3.88 vs $0.76 expected)');

    // A re-run finds the same events: nothing new, statuses kept.
    await omnify.api('PATCH', `/api/v1/intelligence/insights/${ctr.id}`, { status: 'dismissed' });
    const again = await runSeriesModel('anomaly', omnify.db, ws, runId, series);
    expect(again).toMatchObject({ insights: 4, newInsights: 0 });
    const after = await insightsOf('anomaly');
    expect(after.map((i) => i.id).sort()).toEqual(insights.map((i) => i.id).sort());
    expect(after.find((i) => i.id === ctr.id).status).toBe('dismissed');
  }, 120_000);

  it('keeps one fatigue insight per ad through daily runs in which it goes from warning to worn out', async () => {
    const { ads, campaigns } = fromWorkspaceSeriesColumns(series);
    const upTo = (day: string): WorkspaceSeries => ({
      ads: ads.map((a) => ({ ...a, points: a.points.filter((p) => p.date <= day) })),
      campaigns,
    });
    const statuses: string[] = [];
    for (let day = addDays(END, -30); day <= END; day = addDays(day, 5)) {
      const fit = fitFatigue(upTo(day));
      await omnify.db.transaction((tx) => upsertInsights(tx, ws, runId, fit.insights));
      const carousel = fit.insights.find((i) => i.title.includes('Carousel – Bestsellers'));
      if (carousel) statuses.push(String(carousel.evidence.status));
    }
    expect(statuses).toContain('warning');
    expect(statuses.at(-1)).toBe('fatigued');
    const fatigue = await insightsOf('fatigue');
    const perAd = new Map<string, number>();
    for (const i of fatigue) perAd.set(i.subjectId, (perAd.get(i.subjectId) ?? 0) + 1);
    expect([...perAd.values()].every((n) => n === 1)).toBe(true);
    const carousel = fatigue.find((i) => i.title.includes('Carousel – Bestsellers'))!;
    expect(carousel).toMatchObject({ severity: 'critical', recommendation: { action: 'pause_ad' } });
  }, 120_000);

  it('lists exactly the customers the churn insight flags, below the threshold it states', async () => {
    const out = await runLtvModel(omnify.db, ws, runId, addDays(END, 1));
    expect(out).toMatchObject({ status: 'completed', atRisk: 1591, churnThreshold: 0.5 });
    const [churn] = await insightsOf('churn_risk');
    expect(churn.summary).toContain('P(alive) below 0.5');
    expect(churn.evidence).toMatchObject({ threshold: 0.5, atRisk: 1591 });
    const ltv = (await omnify.api('GET', '/api/v1/intelligence/ltv')).json;
    expect(ltv.churn).toMatchObject({
      method: 'expected-f1',
      threshold: 0.5,
      minExpectedPrecision: 0.8,
    });
    let n = 0;
    let cursor = '';
    let maxP = 0;
    do {
      const page = (
        await omnify.api(
          'GET',
          `/api/v1/intelligence/ltv/contacts?sort=churn_risk&atRisk=true&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json;
      n += page.data.length;
      for (const c of page.data) maxP = Math.max(maxP, c.pAlive);
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(n).toBe(1591);
    expect(maxP).toBeLessThan(0.5);
  }, 120_000);
});
