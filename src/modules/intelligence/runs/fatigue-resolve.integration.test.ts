import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdInsightsRecord } from '../../../integrations/contract/ad-connector.ts';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import type { DailyMetrics } from '../../../models/daily-metrics.ts';
import { simulateWearOutSeries } from '../../../models/fatigue/simulate.ts';
import { ctrAt, type WearOutParams } from '../../../models/fatigue/wear-out-model.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { storeAdRecords } from '../ads/ads.repository.ts';
import { upsertInsights } from '../insights/insights.repository.ts';
import { runIntelJob } from './intel-run.job.ts';
import { requestRun } from './runs.repository.ts';

// Seeded wear-out series (src/models/fatigue/simulate.ts), as in assess-fatigue.test.ts.
const WORN: WearOutParams = { initialCtr: 0.01, floorCtr: 0.004, decayRate: 1 / 600_000 };
const NEAR: WearOutParams = { initialCtr: 0.01, floorCtr: 0.004, decayRate: 1 / 3_000_000 };
const worn = simulateWearOutSeries({ seed: 7, params: WORN });
const near = simulateWearOutSeries({
  seed: 6,
  params: NEAR,
  impressionsPerDay: 100_000,
  ctrNoiseShape: 1000,
});
const until = (points: DailyMetrics[], day: string) => points.filter((p) => p.date <= day);

/** Seven days after `after` at `impressions` a day with the CTR `ctrOf(cumulative exposure)`. */
function nextWeek(after: DailyMetrics[], impressions: number, ctrOf: (exposure: number) => number) {
  let exposure = after.reduce((s, p) => s + p.impressions, 0);
  const last = after.at(-1)!.date;
  return Array.from({ length: 7 }, (_, i) => {
    const clicks = Math.round(impressions * ctrOf(exposure + impressions / 2));
    exposure += impressions;
    return {
      date: addDays(last, i + 1),
      impressions,
      clicks,
      spendMinor: impressions / 2,
      conversions: 0,
      revenueMinor: 0,
    };
  });
}

// Run 1 sees each ad up to its first day, run 2 a week more.
const FIRST = {
  // Worn out by 2020-05-20; its creative is then refreshed (same ad id) and clicks like at launch.
  refreshed: until(worn.points, '2020-05-20'),
  // The same, but someone acknowledged the insight in between.
  acknowledged: until(worn.points, '2020-05-20'),
  // Warned about on 2020-04-16 (crossing in 9 days); then its delivery drops to a fifth.
  slowed: until(near.points, '2020-04-16'),
  // Worn out and still wearing: stays open.
  stillWorn: until(worn.points, '2020-05-20'),
};
const SECOND: Record<keyof typeof FIRST, DailyMetrics[]> = {
  refreshed: nextWeek(FIRST.refreshed, 20_000, () => 0.0095),
  acknowledged: nextWeek(FIRST.acknowledged, 20_000, () => 0.0095),
  slowed: nextWeek(FIRST.slowed, 20_000, (e) => ctrAt(NEAR, e)),
  stillWorn: worn.points.filter((p) => p.date > '2020-05-20' && p.date <= '2020-05-27'),
};

const records = (days: Record<string, DailyMetrics[]>): AdInsightsRecord[] =>
  Object.entries(days).flatMap(([ad, points]) =>
    points.map((p) => ({
      accountExternalId: '1001',
      campaignExternalId: 'cmp_1',
      adSetExternalId: 'as_1',
      adExternalId: ad,
      adName: ad,
      currency: 'USD',
      ...p,
    })),
  );

describe.each(testBackends())('fatigue insights of ads that recover on %s', (backend) => {
  let omnify: TestOmnify;
  let ws = '';
  const fatigueInsights = async () => {
    const list = (await omnify.api('GET', '/api/v1/intelligence/insights?kind=fatigue&limit=100')).json
      .data as any[];
    return new Map(list.map((i) => [i.title.match(/^Ad "(\w+)"/)![1] as string, i]));
  };
  /** Stores the days (a sync) and runs the fatigue model as the `intel-run` job does; answers its summary. */
  const syncAndRun = async (days: Record<string, DailyMetrics[]>) => {
    await omnify.db.transaction((tx) => storeAdRecords(tx, ws, { platform: 'meta' }, records(days)));
    const runId = await requestRun(omnify.ctx.queue, omnify.db, ws, ['fatigue'], 'test');
    await runIntelJob({ db: omnify.db, queue: omnify.ctx.queue, log: omnify.ctx.log }, { runId });
    const run = (await omnify.api('GET', `/api/v1/intelligence/runs/${runId}`)).json;
    return { runId, fatigue: run.summary.fatigue };
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.api('GET', '/api/v1/api-keys')).json.data[0].workspaceId;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('resolves a new insight once a later run no longer finds the ad fatigued, and only that', async () => {
    const first = await syncAndRun(FIRST);
    expect(first.fatigue).toMatchObject({ insights: 4, newInsights: 4, resolvedInsights: 0 });
    const before = await fatigueInsights();
    expect(Object.fromEntries([...before].map(([ad, i]) => [ad, [i.status, i.evidence.status]]))).toEqual({
      refreshed: ['new', 'fatigued'],
      acknowledged: ['new', 'fatigued'],
      slowed: ['new', 'warning'],
      stillWorn: ['new', 'fatigued'],
    });
    expect(before.get('refreshed').recommendation).toEqual({
      action: 'pause_ad',
      adId: before.get('refreshed').subjectId,
    });
    const ack = await omnify.api('PATCH', `/api/v1/intelligence/insights/${before.get('acknowledged').id}`, {
      status: 'acknowledged',
    });
    expect(ack.status).toBe(200);
    // Another kind's open insight about the same ad is not the fatigue model's to close.
    await omnify.db.transaction((tx) =>
      upsertInsights(tx, ws, first.runId, [
        {
          kind: 'anomaly',
          severity: 'warning',
          fingerprint: `anomaly:ad:${before.get('refreshed').subjectId}:2020-05-20`,
          title: 'CTR drop',
          summary: 'test',
          subjectType: 'ad',
          subjectId: before.get('refreshed').subjectId,
          evidence: {},
          recommendation: null,
        },
      ]),
    );

    const second = await syncAndRun(SECOND);
    expect(second.fatigue).toMatchObject({
      byStatus: { healthy: 3, fatigued: 1 },
      insights: 1,
      newInsights: 0,
      resolvedInsights: 2,
    });
    const after = await fatigueInsights();
    expect(after.size).toBe(4);
    const refreshed = after.get('refreshed');
    expect(refreshed).toMatchObject({ status: 'resolved', runId: second.runId, recommendation: null });
    expect(refreshed.evidence.resolution).toMatchObject({
      reason: 'not_fatigued',
      status: 'healthy',
      asOf: '2020-05-27',
      detail: 'CTR is wearing out but levels off above the threshold.',
    });
    // What it reported stays readable: the title and the evidence of the run that found it.
    expect(refreshed.title).toBe(before.get('refreshed').title);
    expect(refreshed.evidence.status).toBe('fatigued');
    const slowed = after.get('slowed');
    expect(slowed.status).toBe('resolved');
    expect(slowed.evidence.resolution).toMatchObject({
      reason: 'crossing_outside_warning_window',
      predictedCrossingDate: '2020-05-30',
      daysUntilCrossing: 37,
    });
    // A user's decision is kept, with no resolution written over it.
    expect(after.get('acknowledged')).toMatchObject({ status: 'acknowledged', runId: first.runId });
    expect(after.get('acknowledged').evidence.resolution).toBeUndefined();
    expect(after.get('stillWorn')).toMatchObject({
      status: 'new',
      runId: second.runId,
      severity: 'critical',
    });
    const anomaly = (await omnify.api('GET', '/api/v1/intelligence/insights?kind=anomaly')).json.data;
    expect(anomaly.map((i: any) => i.status)).toEqual(['new']);
    const listed = (await omnify.api('GET', '/api/v1/intelligence/insights?status=resolved')).json.data;
    expect(listed.map((i: any) => i.id).sort()).toEqual([refreshed.id, slowed.id].sort());

    // Another run on the same data changes nothing; an ad found fatigued again is open again.
    const third = await syncAndRun({});
    expect(third.fatigue).toMatchObject({ insights: 1, resolvedInsights: 0 });
    expect((await fatigueInsights()).get('refreshed').status).toBe('resolved');
    await omnify.db.transaction((tx) =>
      upsertInsights(tx, ws, third.runId, [
        {
          kind: 'fatigue',
          severity: 'critical',
          fingerprint: `fatigue:${refreshed.subjectId}`,
          title: refreshed.title,
          summary: refreshed.summary,
          subjectType: 'ad',
          subjectId: refreshed.subjectId,
          evidence: { status: 'fatigued' },
          recommendation: { action: 'pause_ad', adId: refreshed.subjectId },
        },
      ]),
    );
    const reopened = (await fatigueInsights()).get('refreshed');
    expect(reopened).toMatchObject({ id: refreshed.id, status: 'new', evidence: { status: 'fatigued' } });
    expect(reopened.evidence.resolution).toBeUndefined();
  }, 120_000);
});
