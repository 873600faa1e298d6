import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../src/integrations/contract/ad-connector-fixtures/fixtures.ts';
import { addDays, utcDay } from '../src/kernel/dates/calendar-day.ts';
import { objectField } from '../src/kernel/http-client/json-field.ts';
import { runAdSync } from '../src/modules/intelligence/ads/ad-sync.job.ts';
import { runIntelJob } from '../src/modules/intelligence/runs/intel-run.job.ts';
import { tickCron } from '../src/modules/intelligence/runs/schedule.ts';
import { testBackends } from '../src/testing/backends.ts';
import { REPO_ROOT } from '../src/testing/fixtures.ts';
import { startTestOmnify, type TestOmnify } from '../src/testing/harness.ts';
import { RecordingServer } from '../src/testing/http-recorder.ts';

const FB_LIKE = readFileSync(
  `${REPO_ROOT}/src/modules/intelligence/import/fixtures/facebook-2017-like.csv`,
  'utf8',
);

describe.each(testBackends())('ad intelligence on %s', (backend) => {
  let omnify: TestOmnify;
  const meta = new RecordingServer(() => ({ status: 500, body: {} }));
  let runId = '';

  beforeAll(async () => {
    await meta.start();
    omnify = await startTestOmnify(backend);
  });
  afterAll(async () => {
    await omnify?.close();
    await meta.stop();
  });

  /** Waits for an action's or a sync's job to finish; answers its final view. */
  const settled = (path: string) =>
    omnify.until(
      `${path} to finish`,
      async () => {
        const r = await omnify.api('GET', path);
        return ['succeeded', 'failed'].includes(r.json.state) ? r.json : null;
      },
      60_000,
    );
  /** Applies an insight (202 + a queued action) and waits for the job. */
  const apply = async (insightId: string) => {
    const queued = await omnify.api('POST', `/api/v1/intelligence/insights/${insightId}/apply`);
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ status: 'pending', operation: 'apply', state: 'queued' });
    return settled(`/api/v1/intelligence/actions/${queued.json.id}`);
  };
  /** Rolls an action back (202) and waits for the job. */
  const rollback = async (actionId: string) => {
    const queued = await omnify.api('POST', `/api/v1/intelligence/actions/${actionId}/rollback`);
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ operation: 'rollback', state: 'queued' });
    return settled(`/api/v1/intelligence/actions/${actionId}`);
  };

  const insightsOf = async (kind: string) =>
    (await omnify.api('GET', `/api/v1/intelligence/insights?kind=${kind}&limit=200`)).json.data as any[];

  it('loads the demo data and runs every model as one durable run with progress', async () => {
    const load = await omnify.api('POST', '/api/v1/intelligence/demo', {});
    expect(load.status).toBe(202);
    expect(load.json).toMatchObject({ customers: 2000, campaigns: 3 });
    runId = load.json.runId;
    const run = await omnify.until(
      'the demo run',
      async () => {
        const r = await omnify.api('GET', `/api/v1/intelligence/runs/${runId}`);
        return ['completed', 'failed'].includes(r.json.status) ? r.json : null;
      },
      120_000,
    );
    expect(run.status).toBe('completed');
    expect(run.models).toEqual(['ltv', 'anomaly', 'fatigue', 'forecast', 'budget']);
    for (const m of run.models) expect(run.progress[m].status).toBe('completed');
    // Loading again changes nothing but queues a fresh run.
    const again = await omnify.api('POST', '/api/v1/intelligence/demo', {});
    expect(again.json.orders).toBe(0);
  });

  it('stores each insight kind with severity, evidence and a status', async () => {
    const anomalies = await insightsOf('anomaly');
    expect(anomalies.length).toBeGreaterThan(0);
    for (const i of anomalies)
      expect([i.status, 'chart' in i, typeof i.evidence.anomaly]).toEqual(['new', false, 'object']);
    const one = (await omnify.api('GET', `/api/v1/intelligence/insights/${anomalies[0].id}`)).json;
    expect(one.chart.band.map((p: any) => p.date)).toContain(one.evidence.anomaly.date);
    // The injected CTR collapse of the demo (an ad's CTR at 20 % on a large-count day) is among them.
    expect(
      anomalies.some((i) => i.evidence.anomaly.metric === 'ctr' || i.evidence.anomaly.metric === 'clicks'),
    ).toBe(true);
    const fatigue = await insightsOf('fatigue');
    const worn = fatigue.find((i) => i.evidence.status === 'fatigued');
    expect(worn?.severity).toBe('critical');
    expect(worn?.recommendation).toMatchObject({ action: 'pause_ad' });
    const wornChart = (await omnify.api('GET', `/api/v1/intelligence/insights/${worn.id}`)).json.chart;
    expect(wornChart.timeline.length).toBe(120);
    expect((await insightsOf('churn_risk'))[0].recommendation.action).toBe('add_to_segment');
    const [budget] = await insightsOf('budget');
    expect(budget.recommendation.action).toBe('set_campaign_budgets');
    const changes = budget.recommendation.changes;
    const sum = (k: string) => changes.reduce((s: number, c: any) => s + c[k], 0);
    expect(sum('toDailyBudgetMinor')).toBeLessThanOrEqual(sum('fromDailyBudgetMinor') + changes.length);
    expect(budget.evidence.totals.expectedLift).toBeGreaterThan(0);

    const dismissed = await omnify.api('PATCH', `/api/v1/intelligence/insights/${anomalies[0].id}`, {
      status: 'dismissed',
    });
    expect(dismissed.json.status).toBe('dismissed');
    const open = (await omnify.api('GET', '/api/v1/intelligence/insights?status=dismissed')).json.data;
    expect(open.map((i: any) => i.id)).toEqual([anomalies[0].id]);
  });

  it('serves forecast bands, anomaly bands, fatigue timelines and budget curves', async () => {
    const list = await omnify.api('GET', '/api/v1/intelligence/models/forecast?subjectType=campaign');
    expect(list.json.data).toHaveLength(3);
    const one = list.json.data[0];
    const full = await omnify.api('GET', `/api/v1/intelligence/models/forecast/campaign/${one.subjectId}`);
    const spend = full.json.result.metrics.spendMinor;
    expect(spend.status).toBe('ok');
    expect(spend.forecast).toHaveLength(28);
    for (const p of spend.forecast) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.upper95);
    }
    expect(spend.history.length).toBe(120);
    const anomaly = await omnify.api('GET', `/api/v1/intelligence/models/anomaly/campaign/${one.subjectId}`);
    expect(anomaly.json.result.bands.conversions.length).toBeGreaterThan(100);
    const fat = (await omnify.api('GET', '/api/v1/intelligence/models/fatigue?limit=100')).json.data;
    expect(fat).toHaveLength(14);
    const budget = (await omnify.api('GET', '/api/v1/intelligence/models/budget')).json.data[0];
    const plan = await omnify.api('GET', `/api/v1/intelligence/models/budget/account/${budget.subjectId}`);
    const [first] = plan.json.result.allocation.campaigns;
    expect(first.chart.points).toHaveLength(41);
    expect(first.chart.proposed.spendMinor).toBe(first.after);
    expect(first.chart.current.spendMinor).toBe(first.before);
    expect((await omnify.api('GET', '/api/v1/intelligence/models/budget/account/nope')).status).toBe(404);
    const series = await omnify.api(
      'GET',
      `/api/v1/intelligence/ads/series?level=campaign&id=${one.subjectId}`,
    );
    expect(series.json.data).toHaveLength(120);
  });

  it('applies a budget recommendation (recorded: no connector) and rolls it back', async () => {
    const [budget] = await insightsOf('budget');
    const before = (await omnify.api('GET', '/api/v1/intelligence/ads/campaigns')).json.data;
    const applied = { json: await apply(budget.id) };
    expect(applied.json).toMatchObject({ status: 'applied', state: 'succeeded', target: 'recorded' });
    const after = (await omnify.api('GET', '/api/v1/intelligence/ads/campaigns')).json.data;
    for (const c of budget.recommendation.changes) {
      expect(after.find((x: any) => x.id === c.campaignId).dailyBudgetMinor).toBe(c.toDailyBudgetMinor);
    }
    expect(await rollback(applied.json.id)).toMatchObject({ status: 'rolled_back', state: 'succeeded' });
    const restored = (await omnify.api('GET', '/api/v1/intelligence/ads/campaigns')).json.data;
    expect(restored.map((c: any) => c.dailyBudgetMinor)).toEqual(before.map((c: any) => c.dailyBudgetMinor));
  });

  it('pauses a worn-out ad in one call and restores it', async () => {
    const worn = (await insightsOf('fatigue')).find((i) => i.recommendation?.action === 'pause_ad');
    const applied = { json: await apply(worn.id) };
    expect(applied.json.after).toEqual({ adId: worn.subjectId, status: 'paused' });
    const paused = await omnify.db.query<{ status: string }>('SELECT status FROM ads WHERE id = $1', [
      worn.subjectId,
    ]);
    expect(paused.rows[0]!.status).toBe('paused');
    await rollback(applied.json.id);
    const back = await omnify.db.query<{ status: string }>('SELECT status FROM ads WHERE id = $1', [
      worn.subjectId,
    ]);
    expect(back.rows[0]!.status).toBe('active');
  });

  it('syncs a Meta account through its connector and changes budgets on the platform, reversibly', async () => {
    const account = await omnify.api('POST', '/api/v1/intelligence/ads/accounts', {
      platform: 'meta',
      externalId: 'act_238193458712093',
      currency: 'USD',
      config: { accessToken: 'EAAB-secret-token', apiBaseUrl: meta.baseUrl, pageSize: 3 },
    });
    expect(account.status).toBe(201);
    expect(JSON.stringify(account.json)).not.toContain('EAAB-secret-token');
    meta.enqueue(
      // The first sync of an account without a zone of its own asks Meta for it (ad-sync.job.ts).
      { status: 200, body: { timezone_name: 'America/Los_Angeles', id: 'act_238193458712093' } },
      { status: 200, body: loadFixture('meta', 'insights-usd-page1', meta.baseUrl) },
      { status: 200, body: loadFixture('meta', 'insights-usd-page2', meta.baseUrl) },
    );
    const sync = await omnify.api('POST', `/api/v1/intelligence/ads/accounts/${account.json.id}/sync`, {
      since: '2026-11-01',
      until: '2026-11-02',
    });
    expect(sync.status).toBe(202);
    expect(sync.json).toMatchObject({
      state: 'queued',
      since: '2026-11-01',
      until: '2026-11-02',
      records: null,
    });
    const synced = await settled(`/api/v1/intelligence/ads/syncs/${sync.json.id}`);
    expect(synced).toMatchObject({ state: 'succeeded', records: 5, error: null });
    expect(synced.runId).toBeTruthy();
    // A redelivered job of a finished sync does nothing (no platform call, same record).
    const calls = meta.requests.length;
    await runAdSync(omnify.ctx, { syncId: sync.json.id });
    expect(meta.requests.length).toBe(calls);
    expect((await omnify.api('GET', `/api/v1/intelligence/ads/syncs/${sync.json.id}`)).json).toEqual(synced);
    // A platform refusal ends the sync as failed, with the platform's reason; the request itself was accepted.
    meta.enqueue({
      status: 400,
      body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } },
    });
    const refused = await omnify.api('POST', `/api/v1/intelligence/ads/accounts/${account.json.id}/sync`, {
      since: '2026-11-03',
      until: '2026-11-03',
    });
    expect(refused.status).toBe(202);
    const failed = await settled(`/api/v1/intelligence/ads/syncs/${refused.json.id}`);
    expect(failed).toMatchObject({
      state: 'failed',
      records: null,
      error: { code: 'OMNIFY_ERR_PLATFORM_REJECTED' },
    });
    expect((await omnify.api('GET', '/api/v1/intelligence/ads/syncs/nope')).status).toBe(404);
    const campaign = (await omnify.api('GET', '/api/v1/intelligence/ads/campaigns')).json.data.find(
      (c: any) => c.externalId === '120210000000001',
    );
    expect(campaign.spendMinor).toBeGreaterThan(0);

    const ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    const inserted = await omnify.db.query<{ id: string }>(
      `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id, evidence, recommendation)
       VALUES ($1, 'budget', 'info', 'test:meta', 'Raise the budget', 'test', 'account', $2, '{}', $3::jsonb) RETURNING id`,
      [
        ws,
        account.json.id,
        JSON.stringify({
          action: 'set_campaign_budgets',
          currency: 'USD',
          changes: [{ campaignId: campaign.id, fromDailyBudgetMinor: 5000, toDailyBudgetMinor: 6250 }],
        }),
      ],
    );
    const seen = meta.requests.length;
    meta.enqueue(
      { status: 200, body: loadFixture('meta', 'campaign-usd') },
      { status: 200, body: loadFixture('meta', 'account-usd') },
      { status: 200, body: loadFixture('meta', 'budget-update-success') },
    );
    const applied = { json: await apply(inserted.rows[0]!.id) };
    expect(applied.json).toMatchObject({
      target: 'platform',
      before: { campaigns: [{ dailyBudgetMinor: 5000 }] },
    });
    const posts = meta.requests.slice(seen).filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.url, r.json])).toEqual([['/v26.0/120210000000001', { daily_budget: 6250 }]]);

    meta.enqueue(
      { status: 200, body: { ...objectField(loadFixture('meta', 'campaign-usd')), daily_budget: '6250' } },
      { status: 200, body: loadFixture('meta', 'account-usd') },
      { status: 200, body: loadFixture('meta', 'budget-update-success') },
    );
    const back = await rollback(applied.json.id);
    expect(back.state).toBe('succeeded');
    const last = meta.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(last.json).toEqual({ daily_budget: 5000 });

    // Pausing a worn-out ad of a connected account goes to the platform too, and back.
    const metaAd = await omnify.db.query<{ id: string }>(
      `SELECT id FROM ads WHERE external_id = '120210000001001'`,
    );
    const pause = await omnify.db.query<{ id: string }>(
      `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id, evidence, recommendation)
       VALUES ($1, 'fatigue', 'critical', 'test:meta-ad', 'Worn out', 'test', 'ad', $2, '{}', $3::jsonb) RETURNING id`,
      [ws, metaAd.rows[0]!.id, JSON.stringify({ action: 'pause_ad', adId: metaAd.rows[0]!.id })],
    );
    meta.enqueue(
      { status: 200, body: { id: '120210000001001', status: 'ACTIVE' } },
      { status: 200, body: { success: true } },
    );
    const paused = { json: await apply(pause.rows[0]!.id) };
    expect(paused.json).toMatchObject({
      target: 'platform',
      before: { status: 'active' },
      after: { status: 'paused' },
    });
    expect(meta.requests.at(-1)!.json).toEqual({ status: 'PAUSED' });
    meta.enqueue(
      { status: 200, body: { id: '120210000001001', status: 'PAUSED' } },
      { status: 200, body: { success: true } },
    );
    expect((await rollback(paused.json.id)).status).toBe('rolled_back');
    expect(meta.requests.at(-1)!.json).toEqual({ status: 'ACTIVE' });
  });

  it('is safe to run twice, resumes a run left running by a crash, and schedules runs for every workspace', async () => {
    const count = async (sql: string) => Number((await omnify.db.query<{ n: string }>(sql)).rows[0]!.n);
    // Runs queued by the earlier tests (the second demo load, the Meta sync) finish first.
    await omnify.until(
      'queued runs to finish',
      async () =>
        (await count(`SELECT count(*)::text AS n FROM model_runs WHERE status IN ('queued', 'running')`)) ===
        0,
      120_000,
    );
    const insights = await count('SELECT count(*)::text AS n FROM insights');
    const results = await count('SELECT count(*)::text AS n FROM model_results');
    // A redelivered job of a completed run does nothing.
    await runIntelJob(omnify.ctx, { runId });
    // A run a crashed process left 'running' is run again from the start; upserts keep one copy of everything.
    await omnify.db.query(`UPDATE model_runs SET status = 'running', progress = '{}' WHERE id = $1`, [runId]);
    await runIntelJob(omnify.ctx, { runId });
    const rerun = (await omnify.api('GET', `/api/v1/intelligence/runs/${runId}`)).json;
    expect(rerun.status).toBe('completed');
    expect(rerun.progress.budget.status).toBe('completed');
    expect(await count('SELECT count(*)::text AS n FROM insights')).toBe(insights);
    expect(await count('SELECT count(*)::text AS n FROM model_results')).toBe(results);

    const schedule = await omnify.db.query<{ cron: string }>(
      `SELECT cron FROM pgboss.schedule WHERE name = 'intel-run'`,
    );
    // INTEL_SCHEDULE (03:00) is read in each workspace's zone: pg-boss holds the UTC tick that asks
    // for due slots (runs/schedule.ts). The workspace is on UTC: tomorrow's 03:00 UTC slot is due.
    expect(schedule.rows[0]?.cron).toBe(tickCron('0 3 * * *'));
    const at = new Date(`${addDays(utcDay(), 1)}T03:00:00Z`);
    await runIntelJob({ ...omnify.ctx, now: () => at }, { allWorkspaces: true });
    const runs = (await omnify.api('GET', '/api/v1/intelligence/runs')).json.data;
    expect(runs[0]).toMatchObject({
      reason: 'schedule',
      models: ['ltv', 'anomaly', 'fatigue', 'forecast', 'budget'],
    });
  });

  it('imports ad CSVs with per-row errors (shifted rows are refused, not loaded)', async () => {
    const dry = await omnify.api('POST', '/api/v1/intelligence/ads/import', {
      csv: FB_LIKE,
      preset: 'facebook_2017',
      dryRun: true,
    });
    expect(dry.status).toBe(200);
    expect(dry.json.preview.errorsByCode.shifted_row).toBeGreaterThan(0);
    expect(dry.json.preview.validRows).toBeGreaterThan(0);
    const kagNoDate = await omnify.api('POST', '/api/v1/intelligence/ads/import', {
      csv: FB_LIKE,
      preset: 'kag_conversion',
    });
    expect(kagNoDate.status).toBe(400);
    expect(kagNoDate.json.error.details.fields[0].path).toBe('/options/date');
  });
});
