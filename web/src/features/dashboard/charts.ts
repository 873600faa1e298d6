/**
 * ECharts options for the evidence behind insights, built from the API's chart data (pure: no
 * React). Shapes read here (all from `GET /intelligence/insights/{id}` `chart` and `evidence`, or
 * `GET /intelligence/models/forecast/...`): anomaly bands per day, fatigue CTR timelines with
 * projection, budget response curves (spend and outcome in currency minor units), forecast bands.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { iso4217MinorUnits } from '../../../../src/kernel/money/iso4217.ts';

/** A day of an anomaly band: observed `value`, `expected`, band `lower`..`upper` (upper may be null). */
export interface BandDay {
  date: string;
  value: number | null;
  expected: number;
  lower: number;
  upper: number | null;
}
/** A flagged day of an anomaly insight (`evidence.anomaly`, `evidence.findings`); `value` null when undefined that day (CPC without clicks). */
export interface AnomalyPoint {
  date: string;
  value: number | null;
  metric: string;
  direction: string;
}
/** A fatigue day: observed and fitted CTR (fractions). */
export interface FatigueDay {
  date: string;
  ctr?: number | null;
  fittedCtr: number;
}
/** A point on a budget response curve: daily spend → expected outcome with its interval (minor units). */
export interface CurvePoint {
  spendMinor: number;
  expectedOutcome: number;
}
/** One campaign's response curve with current and proposed spend. */
export interface BudgetCurve {
  campaignId: string;
  name?: string;
  chart: { points: CurvePoint[]; current: CurvePoint; proposed: CurvePoint };
}
/** A forecast metric: history and the forecast with 80 % / 95 % bands. */
export interface ForecastMetric {
  history: { date: string; value: number }[];
  forecast: { date: string; mean: number; lower80: number; upper80: number }[];
}

const grid = { left: 56, right: 16, top: 32, bottom: 28, containLabel: false };
const pctAxis = {
  type: 'value',
  scale: true,
  axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(2)} %` },
};

/** A shaded band as two stacked series (the lower edge invisible). */
function band(name: string, lower: (number | null)[], upper: (number | null)[], color: string) {
  return [
    {
      name: `${name}-base`,
      type: 'line',
      itemStyle: { color },
      data: lower,
      stack: name,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
    },
    {
      name,
      type: 'line',
      itemStyle: { color },
      data: upper.map((u, i) => (u === null || lower[i] === null ? null : u - (lower[i] as number))),
      stack: name,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 0.25 },
      tooltip: { show: false },
    },
  ];
}

/**
 * Observed series with its expected band and the flagged day(s) marked. `a`: one flagged day or
 * several (days outside `days`, or without a value, are not marked). `format` writes a value of the
 * metric for the y axis and the tooltip (e.g. money in minor units as "$8,694"); without it rates
 * (CTR, conversion rate) read as percents and other metrics as plain numbers.
 */
export function anomalyOption(
  days: BandDay[],
  a: AnomalyPoint | readonly AnomalyPoint[],
  labels: { observed: string; band: string },
  format?: (v: number) => string,
): EChartsCoreOption {
  const points = (Array.isArray(a) ? a : [a]) as readonly AnomalyPoint[];
  const isRate = points[0]?.metric === 'ctr' || points[0]?.metric === 'conversionRate';
  const dates = new Set(days.map((d) => d.date));
  const marked = points.filter((p) => dates.has(p.date) && p.value !== null && Number.isFinite(p.value));
  return {
    grid,
    tooltip: {
      trigger: 'axis',
      ...(format ? { valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '–') } : {}),
    },
    legend: { data: [labels.observed, labels.band], top: 0 },
    xAxis: { type: 'category', data: days.map((d) => d.date), boundaryGap: false },
    yAxis: format
      ? { type: 'value', scale: true, axisLabel: { formatter: (v: number) => format(v) } }
      : isRate
        ? pctAxis
        : { type: 'value', scale: true },
    series: [
      ...band(
        labels.band,
        days.map((d) => d.lower),
        days.map((d) => d.upper),
        '#4dabf7',
      ),
      {
        name: labels.observed,
        type: 'line',
        data: days.map((d) => d.value),
        symbol: 'none',
        lineStyle: { width: 2, color: '#1c7ed6' },
        itemStyle: { color: '#1c7ed6' },
        markPoint: {
          symbol: 'circle',
          symbolSize: 14,
          itemStyle: { color: '#e03131' },
          label: { show: false },
          data: marked.map((p) => ({ coord: [p.date, p.value], value: p.value })),
        },
      },
    ],
  };
}

/** Fitted and observed CTR, the projection, the threshold line and the predicted crossing with its interval. */
export function fatigueOption(
  timeline: FatigueDay[],
  projection: FatigueDay[],
  e: {
    thresholdCtr: number;
    predictedCrossingDate?: string | null;
    interval?: { from: string; to: string } | null;
  },
  labels: { observed: string; fitted: string; projected: string; threshold: string; crossing: string },
): EChartsCoreOption {
  const dates = [...timeline.map((d) => d.date), ...projection.map((d) => d.date)];
  const pad = (xs: (number | null)[], before: number, after: number) => [
    ...Array<null>(before).fill(null),
    ...xs,
    ...Array<null>(after).fill(null),
  ];
  const n = timeline.length;
  const crossing =
    e.predictedCrossingDate && dates.includes(e.predictedCrossingDate) ? e.predictedCrossingDate : null;
  const interval = e.interval && dates.includes(e.interval.from) ? e.interval : null;
  return {
    grid,
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.observed, labels.fitted, labels.projected], top: 0 },
    dataZoom: [{ type: 'inside' }],
    xAxis: { type: 'category', data: dates, boundaryGap: false },
    yAxis: pctAxis,
    series: [
      {
        name: labels.observed,
        type: 'line',
        data: pad(
          timeline.map((d) => d.ctr ?? null),
          0,
          projection.length,
        ),
        symbol: 'none',
        lineStyle: { width: 1, opacity: 0.6 },
      },
      {
        name: labels.fitted,
        type: 'line',
        data: pad(
          timeline.map((d) => d.fittedCtr),
          0,
          projection.length,
        ),
        symbol: 'none',
        lineStyle: { width: 2 },
        markLine: {
          symbol: 'none',
          // ECharts rounds a markLine's value to `precision` decimals (default 2): a CTR of 0.0109 would be drawn at 0.01.
          precision: 10,
          label: { formatter: labels.threshold, position: 'insideStartTop' },
          lineStyle: { color: '#e03131', type: 'dashed' },
          data: [
            { yAxis: e.thresholdCtr },
            ...(crossing
              ? [{ xAxis: crossing, label: { formatter: labels.crossing, position: 'insideEndTop' } }]
              : []),
          ],
        },
        markArea: interval
          ? {
              itemStyle: { color: 'rgba(224, 49, 49, 0.12)' },
              data: [
                [
                  { xAxis: interval.from },
                  { xAxis: dates.includes(interval.to) ? interval.to : dates.at(-1) },
                ],
              ],
            }
          : undefined,
      },
      {
        name: labels.projected,
        type: 'line',
        data: pad(
          projection.map((d) => d.fittedCtr),
          n,
          0,
        ),
        symbol: 'none',
        lineStyle: { width: 2, type: 'dashed' },
      },
    ],
  };
}

/**
 * Each campaign's response curve (spend/day → outcome/day, in major units of `currency`: its ISO 4217
 * exponent, src/kernel/money/iso4217.ts) with current and proposed spend marked.
 */
export function budgetOption(
  curves: BudgetCurve[],
  labels: { current: string; proposed: string; spend: string; outcome: string },
  currency = 'USD',
): EChartsCoreOption {
  const scale = 10 ** (iso4217MinorUnits(currency) ?? 2);
  const major = (m: number) => Math.round(m) / scale;
  return {
    grid: { ...grid, left: 64, top: 56, bottom: 40 },
    tooltip: { trigger: 'item' },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'value', name: labels.spend, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', scale: true, name: labels.outcome, nameLocation: 'end' },
    series: curves.map((c) => ({
      name: c.name ?? c.campaignId,
      type: 'line',
      smooth: true,
      symbol: 'none',
      data: c.chart.points.map((p) => [major(p.spendMinor), major(p.expectedOutcome)]),
      markPoint: {
        symbolSize: 12,
        symbol: 'circle',
        label: { show: false },
        data: [
          {
            name: labels.current,
            coord: [major(c.chart.current.spendMinor), major(c.chart.current.expectedOutcome)],
            itemStyle: { color: '#868e96' },
          },
          {
            name: labels.proposed,
            coord: [major(c.chart.proposed.spendMinor), major(c.chart.proposed.expectedOutcome)],
            symbol: 'diamond',
            symbolSize: 16,
          },
        ],
      },
      markLine: {
        symbol: 'none',
        label: { show: false },
        lineStyle: { type: 'dotted' },
        data: [{ xAxis: major(c.chart.current.spendMinor) }, { xAxis: major(c.chart.proposed.spendMinor) }],
      },
    })),
  };
}

/** History (last 56 days) and the forecast with its 80 % band. */
export function forecastOption(
  m: ForecastMetric,
  labels: { history: string; forecast: string; band: string },
  scale = 1,
): EChartsCoreOption {
  const hist = m.history.slice(-56);
  const dates = [...hist.map((d) => d.date), ...m.forecast.map((d) => d.date)];
  const nulls = (k: number) => Array<null>(k).fill(null);
  const s = (v: number) => v / scale;
  return {
    grid,
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.history, labels.forecast, labels.band], top: 0 },
    xAxis: { type: 'category', data: dates, boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    series: [
      ...band(
        labels.band,
        [...nulls(hist.length), ...m.forecast.map((d) => s(d.lower80))],
        [...nulls(hist.length), ...m.forecast.map((d) => s(d.upper80))],
        '#74c0fc',
      ),
      {
        name: labels.history,
        itemStyle: { color: '#1c7ed6' },
        type: 'line',
        symbol: 'none',
        data: [...hist.map((d) => s(d.value)), ...nulls(m.forecast.length)],
      },
      {
        name: labels.forecast,
        itemStyle: { color: '#1864ab' },
        type: 'line',
        symbol: 'none',
        lineStyle: { type: 'dashed' },
        data: [...nulls(hist.length), ...m.forecast.map((d) => s(d.mean))],
      },
    ],
  };
}
