import { describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import type { SeriesScan } from '../../../models/anomaly/scan.ts';
import { generateAdDemo } from '../demo/ad-demo.ts';
import { demoWorkspaceSeries } from '../demo-report.ts';
import { fatigueInsight } from './ads.insights.ts';
import { ANOMALY_RECENT_DAYS, anomalyInsights, anomalyInsightsWithCalendar } from './anomaly.insights.ts';
import { fitAnomaly, fitBudget, fitFatigue, type WorkspaceSeries } from './fits.ts';

// The demo window is pinned (seed 42, last day a Saturday): the same numbers on any date and time zone.
const END = '2026-03-07';
const demo = generateAdDemo({ seed: 42, endDate: END });
const series = demoWorkspaceSeries(demo);

type Listed = { subjectType: string; subjectId: string; metric: string; date: string };
const key = (f: Listed) => `${f.subjectType}/${f.subjectId}/${f.metric}/${f.date}`;

describe('anomaly insights: one per event across levels', () => {
  const fit = fitAnomaly(series);
  const since = addDays(END, -ANOMALY_RECENT_DAYS + 1);
  const recent = fit.results.flatMap((r) =>
    (r.result as SeriesScan).anomalies
      .filter((a) => a.date >= since)
      .map((a) => ({ subjectType: r.subjectType, subjectId: r.subjectId, metric: a.metric, date: a.date })),
  );

  it('turns the demo’s recent flagged days into far fewer insights, losing none', () => {
    // Before grouping, every recent flagged day of a campaign or an ad was an insight of its own.
    const perLevel = recent.filter((f) => f.subjectType !== 'ad_set');
    expect(perLevel).toHaveLength(10);
    expect(fit.insights).toHaveLength(4);
    expect(fit.counts.events).toBe(4);
    // Every recent flagged day (ad sets included) is listed in exactly one insight.
    const listed = fit.insights.flatMap((i) => (i.evidence.findings as Listed[]).map(key));
    expect(new Set(listed).size).toBe(listed.length);
    for (const f of recent) expect(listed).toContain(key(f));
    // Fingerprints are unique and depend only on the event's root and first day.
    expect(new Set(fit.insights.map((i) => i.fingerprint)).size).toBe(4);
    expect(fitAnomaly(series).insights.map((i) => i.fingerprint)).toEqual(
      fit.insights.map((i) => i.fingerprint),
    );
  });

  it('reports the injected CTR collapse once, at campaign level, with its ad set and ad as members', () => {
    const [ctr] = fit.insights;
    expect(ctr).toMatchObject({
      severity: 'critical',
      subjectType: 'campaign',
      subjectId: 'cmp_prospecting',
      fingerprint: 'anomaly:campaign:cmp_prospecting:2026-02-16',
      title:
        'CTR down 28 % on 2026-02-16 (campaign Prospecting – Broad Audiences; seen in ad set Lookalike 1% – Purchasers, ad Video – Product Story)',
    });
    expect(ctr.evidence.subjectName).toBe('Prospecting – Broad Audiences');
    expect(ctr.evidence.members).toEqual([
      {
        subjectType: 'ad_set',
        subjectId: 'as_prospecting_lookalike',
        name: 'Lookalike 1% – Purchasers',
        metrics: ['ctr', 'cpc'],
      },
      {
        subjectType: 'ad',
        subjectId: 'ad_lookalike_video',
        name: 'Video – Product Story',
        metrics: ['ctr', 'cpc', 'clicks', 'conversionRate'],
      },
    ]);
    // The lead (what the chart shows) is the campaign's own CTR finding, and its band covers the day.
    expect(ctr.evidence.anomaly).toMatchObject({ metric: 'ctr', date: '2026-02-16', direction: 'drop' });
    expect((ctr.chart!.band as { date: string }[]).map((p) => p.date)).toContain('2026-02-16');
    expect((ctr.chart!.members as { subjectId: string }[]).map((m) => m.subjectId)).toEqual([
      'as_prospecting_lookalike',
      'ad_lookalike_video',
    ]);
  });

  it('writes rates as percents and money with the currency in every summary', () => {
    const text = fit.insights.map((i) => `${i.title} ${i.summary}`).join('\n');
    // No raw fractions such as "0.0123" or "0.00232" (a fraction is a percent, a sub-dollar amount has its $).
    expect(text).not.toMatch(/(?<![$\d.])0\.\d+(?!\d| %)/);
    expect(text).not.toContain('71,400');
    const [ctr, adRevenue] = fit.insights;
    expect(ctr.summary).toMatch(
      /^CTR 0\.75 % on 2026-02-16, 28 % below the expected 1\.04 % \(normal range 0\.97 % to 1\.12 %; ratio-test, score 44\.8\)\./,
    );
    expect(ctr.summary).toContain('CTR down 80 % in ad Video – Product Story (0.23 % vs 1.19 % expected)');
    expect(ctr.summary).toContain(
      'cost per click up 410 % in ad Video – Product Story ($3.88 vs $0.76 expected)',
    );
    expect(ctr.summary).toContain(
      'conversion rate up 277 % in ad Video – Product Story (42.2 % vs 11.2 % expected)',
    );
    expect(adRevenue.summary).toMatch(
      /^Revenue \$714\.00 on 2026-03-06, 60 % below the expected \$1,784\.81 \(normal range \$889\.67 to/,
    );
  });

  it('formats money in the account’s currency (JPY has no minor digits)', () => {
    const scan: SeriesScan = {
      key: 'c1',
      currency: 'JPY',
      metrics: [],
      bands: {},
      anomalies: [
        {
          metric: 'spendMinor',
          date: '2026-03-01',
          value: 150_000,
          expected: 50_000.4,
          lower: 30_000,
          upper: null,
          score: 9,
          direction: 'spike',
          method: 's-h-esd',
        },
        {
          metric: 'ctr',
          date: '2026-03-01',
          value: 0.0012,
          expected: 0.0123,
          lower: 0.01,
          upper: 0.015,
          score: 5,
          direction: 'drop',
          method: 'ratio-test',
        },
      ],
    };
    const [i] = anomalyInsights([
      { type: 'campaign', id: 'c1', name: 'Sale', ancestors: [], lastDate: '2026-03-01', scan },
    ]);
    expect(i.severity).toBe('critical');
    expect(i.summary).toBe(
      'Spend ¥150,000 on 2026-03-01, 200 % above the expected ¥50,000 (normal range ¥30,000 to no upper limit; s-h-esd, score 9.0). ' +
        'Same event: CTR down 90 % (0.12 % vs 1.23 % expected).',
    );
  });

  it('words a level shift by how much and since when, and labels a known event without hiding it', () => {
    const scan: SeriesScan = {
      key: 'a1',
      currency: 'USD',
      metrics: [],
      bands: {},
      anomalies: [
        {
          metric: 'impressions',
          date: '2026-03-02',
          value: 6000,
          expected: 10_000,
          lower: 7000,
          upper: 14_000,
          score: 6.2,
          direction: 'drop',
          method: 'level-shift',
          kind: 'level_shift',
          until: '2026-03-06',
          days: 5,
          ongoing: true,
        },
      ],
    };
    const subject = {
      type: 'ad' as const,
      id: 'a1',
      name: 'Banner',
      ancestors: [],
      lastDate: '2026-03-06',
      scan,
    };
    const [plain] = anomalyInsights([subject]);
    expect(plain.title).toBe('Impressions down 40 % since 2026-03-02 (ad Banner)');
    expect(plain.summary).toBe(
      'Impressions: 6,000 a day on average since 2026-03-02 (5 days so far), 40 % below the expected 10,000 ' +
        '(normal range 7,000 to 14,000; level-shift, score 6.2).',
    );
    const calendar = [
      { name: 'Spring sale', startsOn: '2026-03-01', endsOn: '2026-03-03', recursYearly: false },
      { name: 'Easter', startsOn: '2025-04-20', endsOn: '2025-04-21', recursYearly: true },
    ];
    const [labelled] = anomalyInsightsWithCalendar([[subject]], calendar);
    expect(labelled.title).toBe('Spring sale: Impressions down 40 % since 2026-03-02 (ad Banner)');
    expect(labelled.summary).toContain('. Known event: Spring sale (2026-03-01 to 2026-03-03).');
    expect(labelled.evidence.knownEvents).toEqual([
      { name: 'Spring sale', startsOn: '2026-03-01', endsOn: '2026-03-03', recursYearly: false, past: [] },
    ]);
    // Same insight (fingerprint), only labelled.
    expect(labelled.fingerprint).toBe(plain.fingerprint);
  });

  it('reports a multi-day known event as one insight over its days, and apart without the calendar', () => {
    const day = (date: string, value: number) => ({
      metric: 'revenueMinor' as const,
      date,
      value,
      expected: 100_000,
      lower: 70_000,
      upper: 140_000,
      score: 5,
      direction: 'spike' as const,
      method: 'ratio-test' as const,
    });
    const scan: SeriesScan = {
      key: 'c1',
      currency: 'USD',
      metrics: [],
      bands: {},
      anomalies: [day('2026-03-02', 190_000), day('2026-03-06', 210_000)],
    };
    const subject = {
      type: 'campaign' as const,
      id: 'c1',
      name: 'Sale',
      ancestors: [],
      lastDate: '2026-03-07',
      scan,
    };
    expect(anomalyInsights([subject])).toHaveLength(2);
    const calendar = [
      { name: 'Spring sale', startsOn: '2026-03-01', endsOn: '2026-03-07', recursYearly: false },
    ];
    const [sale, ...rest] = anomalyInsightsWithCalendar([[subject]], calendar);
    expect(rest).toEqual([]);
    expect(sale.title).toBe('Spring sale: Revenue up 90 % from 2026-03-02 to 2026-03-06 (campaign Sale)');
    expect(sale.evidence).toMatchObject({ from: '2026-03-02', to: '2026-03-06', findingsTotal: 2 });
    expect(sale.fingerprint).toBe('anomaly:campaign:c1:2026-03-02');
  });

  it('states budget moves in the account’s currency', () => {
    const b = fitBudget({
      series,
      budgets: demo.campaigns.map((c) => [c.externalId, c.dailyBudgetMinor] as [string, number]),
    });
    expect(b.insights[0].summary).toContain('Prospecting – Broad Audiences $1,440.00 → $1,164.60 a day');
  });
});

describe('fatigue insights: one per creative', () => {
  /** The account as daily runs see it: only the days up to `day`. */
  const upTo = (s: WorkspaceSeries, day: string): WorkspaceSeries => ({
    ads: s.ads.map((a) => ({ ...a, points: a.points.filter((p) => p.date <= day) })),
    campaigns: s.campaigns.map((c) => ({ ...c, points: c.points.filter((p) => p.date <= day) })),
  });

  it('keeps one fingerprint while an ad goes from warning to worn out (daily runs over its crossing)', () => {
    // ad_lookalike_carousel crossed 70 % of its launch CTR 30 days before the end of the window.
    const byAd = new Map<string, Set<string>>();
    const statuses = new Map<string, string[]>();
    for (let day = addDays(END, -30); day <= END; day = addDays(day, 3)) {
      for (const i of fitFatigue(upTo(series, day)).insights) {
        byAd.set(i.subjectId, (byAd.get(i.subjectId) ?? new Set()).add(i.fingerprint));
        statuses.set(i.subjectId, [...(statuses.get(i.subjectId) ?? []), String(i.evidence.status)]);
      }
    }
    const seen = statuses.get('ad_lookalike_carousel')!;
    expect(seen).toContain('warning');
    expect(seen.at(-1)).toBe('fatigued');
    for (const [ad, prints] of byAd) expect([...prints], ad).toEqual([`fatigue:${ad}`]);
  });
});

describe('fatigue warning titles', () => {
  const base = fitFatigue(series).insights.find((i) => i.evidence.status === 'warning');
  it('say plainly when the crossing is under a week away, and give the date and days otherwise', () => {
    const ad = series.ads[0]!;
    const assessment = (days: number) =>
      ({
        status: 'warning',
        predictedCrossingDate: '2026-03-20',
        daysUntilCrossing: days,
        currentCtr: 0.02,
        baselineCtr: 0.03,
        evidence: { summary: '' },
      }) as unknown as Parameters<typeof fatigueInsight>[1];
    const soon = fatigueInsight(ad, assessment(3))!;
    expect(soon.title).toContain(
      'will wear out in under a week, around 2026-03-20 (in 3 days): replace its creative now',
    );
    expect(soon.evidence.underAWeek).toBe(true);
    expect(fatigueInsight(ad, assessment(1))!.title).toContain('(in 1 day)');
    const later = fatigueInsight(ad, assessment(10))!;
    expect(later.title).toMatch(/will wear out around 2026-03-20 \(in 10 days\)$/);
    expect(later.evidence.underAWeek).toBe(false);
    // The demo's own warnings carry the flag too.
    if (base) expect(typeof base.evidence.underAWeek).toBe('boolean');
  });
});
