/**
 * The accuracy benchmark's Markdown: the same section goes to docs/benchmarks.md and
 * docs/intelligence.md (only the title differs) and, without the run's header, to the console.
 */
import type { ScenarioSummary } from '../src/models/anomaly/evaluation.ts';
import type { FatigueBacktestReport } from '../src/models/fatigue/backtest.ts';
import {
  type AccuracyResults,
  type Aim,
  accuracyAims,
  f3,
  hits,
  METRIC,
  pct,
  sizeLabel,
  verdict,
  within2,
} from './accuracy.aims.ts';
import { ANOMALY_SEED, HIGH_VOLUME } from './accuracy.measure.ts';

/** Where and when the figures were taken. */
export interface RunInfo {
  date: Date;
  machine: string;
  revision: string;
  loadBefore: number;
  seconds: { total: number; anomaly: number; fatigue: number; forecast: number; churn: number };
}

const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

function fatigueRow(name: string, f: FatigueBacktestReport): (string | number)[] {
  return [
    name,
    `${f.crossedAds} (${f.crossedDuringBacktest})`,
    `${f.warnedAtLeast7Days} (${pct(f.shareWarned7Days, 0)})`,
    f.warnedBeforeCrossing,
    f.missed,
    `${f.leadDays.p25 ?? '–'} / ${f.leadDays.median ?? '–'} / ${f.leadDays.p75 ?? '–'}`,
    `${f.falseAlarms}/${f.alerts - f.censoredAlerts} = ${f3(f.falseAlarmRate)}`,
    `${f.adsNeverCrossedAlerted}/${f.adsNeverCrossed}`,
  ];
}

/** The figures as Markdown, under a heading of level `h` (subheadings h + 1). */
export function accuracyBody(r: AccuracyResults, h: number): string {
  const H = (n: number) => '#'.repeat(h + n);
  const a = r.anomaly;
  const scenarioRows = (list: ScenarioSummary[], label: string) =>
    list.map((s) => [
      label,
      sizeLabel(s),
      s.events,
      `${f3(s.eventRecall)} (${hits(s)})`,
      f3(s.precision),
      f3(s.precisionInjectedOnly),
      s.kind === 'level_shift'
        ? `${pct(s.hitEventsByDelay[0] / s.events)} / ${pct(within2(s) / s.events)}`
        : '–',
    ]);
  const byMetric = a.byMetric.map(({ metric, scenarios }) => [
    metric,
    ...scenarios.map((s) =>
      s.kind === 'level_shift'
        ? `${s.events}: ${pct(within2(s) / s.events, 0)} ≤ 2 d, ${pct(s.eventRecall, 0)} found`
        : `${s.events}: R ${f3(s.eventRecall)}, P ${f3(s.precision)}`,
    ),
  ]);
  const forecastRows = r.forecast.flatMap((g) =>
    g.horizons.map((s) => [
      g.group,
      METRIC[g.metric],
      s.horizon,
      s.cases,
      f3(s.etsMase),
      f3(s.naiveMase),
      s.etsMase <= s.naiveMase ? 'yes' : '**no**',
      pct(s.coverage80, 0),
      pct(s.coverage95, 0),
      pct(s.pitCoverage80, 0),
      pct(s.pitCoverage95, 0),
    ]),
  );
  const ci = (c: { lower: number; upper: number }) => `${pct(c.lower, 0)}–${pct(c.upper, 0)}`;
  const groupRows = r.forecast.map((g) => [
    g.group,
    METRIC[g.metric],
    g.series,
    `${g.seriesWorse} of ${g.seriesScored}`,
    g.origins,
    `${pct(g.coverage80)} (${ci(g.coverage80Ci)})`,
    pct(g.coverage95),
    `${pct(g.pitCoverage80)} (${ci(g.pitCoverage80Ci)})`,
    pct(g.pitCoverage95),
    Object.entries(g.methods)
      .map(([m, n]) => `${m} ${n}`)
      .join(', '),
  ]);
  const c = r.cdnow;
  return `${H(1)} Anomalies: injected into the public series

The 148 creatives (campaign × engagement × banner × placement) with ≥ 60 days of
\`online_advertising_performance_data.csv\` (Q2 2020) and the 3 campaign totals, all nine metrics
(\`evaluateByInjection\`, src/models/anomaly/evaluation.ts, seed ${ANOMALY_SEED}): per series and metric
up to 3 one-day spikes (drops), ≥ 7 days apart, and 1 level shift over 7 active days, sized against
the local level, each scenario into a fresh copy. Days the untouched series already flags are never
injected into and are not counted as false (the last precision column counts them as false). A level
shift is found when one of its days is flagged; "within 2 days" = its first flagged day is at most 2
days after it starts. High volume: pairs whose driving count has a median ≥ ${HIGH_VOLUME} a day.

${table(
  [
    'series',
    'injected',
    'events',
    'recall (found)',
    'precision',
    'precision, natural flags false',
    'shifts found on day 1 / within 2 days',
  ],
  [...scenarioRows(a.all, `all ${a.series}`), ...scenarioRows(a.highVolume, 'high volume')],
)}

By metric (all series; R = recall, P = precision):

${table(['metric', ...a.all.map(sizeLabel)], byMetric)}

With the MOSUM level-shift scan on (\`scanSeries(…, { levelShifts: true })\`, src/models/anomaly/level-shift.ts;
off by default, see "Level shifts" in docs/intelligence.md):

${table(
  [
    'series',
    'injected',
    'events',
    'recall (found)',
    'precision',
    'precision, natural flags false',
    'shifts found on day 1 / within 2 days',
  ],
  scenarioRows(a.withLevelShifts, `all ${a.series}, level shifts on`),
)}

${H(1)} Creative fatigue: walk-forward backtest

\`runFatigueAlerts\` / \`scoreFatigueAlerts\` (src/models/fatigue/backtest.ts) on the same public data,
assessed on every day from each ad's 14th; an alert is status \`warning\` or \`fatigued\`; lead =
crossing − earliest alert in the 21 days before it (negative = late); false alarm = an alert with no
crossing within 21 days. The aims are judged on the first crossing.

${table(
  [
    'truth',
    'crossed (in backtest)',
    'warned ≥ 7 d',
    'at/before crossing',
    'missed',
    'lead p25 / median / p75 (d)',
    'false alarms',
    'never-crossed ads alerted',
  ],
  [
    fatigueRow('first crossing', r.fatigue.first),
    fatigueRow('crossing sustained 7 days', r.fatigue.sustained),
  ],
)}

${H(1)} Forecasts: rolling-origin MASE against seasonal naive

\`backtestMetric\` / \`summarizeBacktest\` (src/models/forecast/backtest.ts) as the forecast tests run
them: the forecast the model gives at each origin (\`forecastSeries\`, default options) against seasonal
naive (m = 7), mean MASE over the cases; coverage = share of the actual days inside the intervals.
PIT coverage = the expected randomized-PIT coverage of the same bands (Czado, Gneiting & Held 2009;
src/models/forecast/pit.ts): each day counts by the share of its PIT range [F(y − 1), F(y)] inside the
band's quantile levels, so a count that cannot be covered by exactly 80 % (a band that must hold 0)
is judged fairly; equal to the coverage for continuous values. Bracketed: 95 % Wilson interval over
the forecasts scored (series × origin, not days: one origin's days share its errors;
coverage-interval.ts). Campaign totals: origins 56, 63, … (h = 7, 14, 28); camp 2: origins 21–23
(h = 7); creatives with ≥ 60 days: origins 56, 70, 84, "intermittent" = more than 10 % zero days
before day 56. "Series worse" compares each series' mean MASE over its own cases; "method used"
counts which method gave the forecast at each origin.

${table(['group', 'metric', 'h', 'cases', 'MASE forecast', 'MASE seasonal naive', 'not worse', '80 % cov', '95 % cov', '80 % PIT cov', '95 % PIT cov'], forecastRows)}

${table(['group', 'metric', 'series', 'series worse than seasonal naive (own backtest)', 'forecasts (series × origin)', '80 % coverage (all h, 95 % CI)', '95 % coverage (all h)', '80 % PIT coverage (95 % CI)', '95 % PIT coverage', 'method used (cases)'], groupRows)}

${H(1)} Churn: "likely gone" on the demo truth

The one rule every run and \`omnify intel demo\` apply (P(alive) below the threshold of highest
expected F1 with an expected precision of at least 80 % and P(alive) < ½, \`chooseChurnRule\`) on the
simulated customers of seed 42, repeat customers only, against each one's known dropout (as
src/modules/intelligence/runs/ltv.fit.test.ts).

${table(
  ['demo data', 'threshold', 'repeat customers', 'truly gone', 'flagged', 'precision', 'recall'],
  r.churn.map((x) => [
    x.demo,
    x.threshold,
    x.quality.customers,
    x.quality.gone,
    x.quality.flagged,
    f3(x.quality.precision),
    f3(x.quality.recall),
  ]),
)}

${H(1)} CDNOW hold-out: predicted vs actual repeat purchases by decile

BG/NBD fitted on the first 39 weeks of \`CDNOW_sample.txt\` (${c.customers.toLocaleString('en')} customers, to
1997-09-30); each customer's expected repeat purchases over the ${c.holdoutWeeks}-week hold-out (to 1998-06-30)
against the actual ones, grouped by decile of the prediction (\`calibrationByDecile\`,
src/models/ltv/calibration-deciles.ts; equal predictions share a decile). In total ${c.predicted.toFixed(0)}
predicted, ${c.actual} actual.

${table(
  ['decile', 'customers', 'predicted (range)', 'mean predicted', 'mean actual'],
  c.deciles.map((d) => [
    d.decile,
    d.count,
    `${d.minPredicted.toFixed(3)}–${d.maxPredicted.toFixed(3)}`,
    d.meanPredicted.toFixed(3),
    d.meanActual.toFixed(3),
  ]),
)}
`;
}

/** The aims table. */
export function aimsTable(aims: Aim[]): string {
  return table(
    ['model', 'aim', 'measured', ''],
    aims.map((x) => [x.model, x.aim, x.measured, verdict(x.met)]),
  );
}

/** The whole section (level-2 `title`): run header, aims, figures. */
export function accuracySection(r: AccuracyResults, info: RunInfo, title: string): string {
  const s = info.seconds;
  const h = 2;
  return `${'#'.repeat(h)} ${title}

Written by \`npm run bench -- accuracy\` (bench/accuracy.bench.ts); run it again to refresh it.

- Run on ${info.date.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC) on ${info.machine}; load average before the run ${info.loadBefore.toFixed(2)}.
- Code: revision ${info.revision}.
- Took ${s.total.toFixed(0)} s: anomalies ${s.anomaly.toFixed(0)} s, fatigue ${s.fatigue.toFixed(0)} s, forecasts ${s.forecast.toFixed(0)} s, churn and CDNOW ${s.churn.toFixed(0)} s.
- Data: \`../shared/data/ads\` and \`../shared/data/cdnow\` (public; see their SOURCE.md) and the seeded demo
  customers. Seeded and date-pinned: the figures are the same on any day and in any time zone.

${'#'.repeat(h + 1)} Aims (issue 12)

${aimsTable(accuracyAims(r))}

${accuracyBody(r, h)}`;
}
