/**
 * How each scanned ad metric's values read: a rate (a fraction), money in the currency's minor
 * units, or a count. One table for the server's insight text
 * (src/modules/intelligence/runs/insight-format.ts) and the web dashboard
 * (web/src/features/dashboard/anomaly.ts); it imports nothing, so the browser bundle takes it as is.
 */
export const METRIC_UNIT: Readonly<Record<string, 'rate' | 'money' | 'count'>> = {
  impressions: 'count',
  clicks: 'count',
  conversions: 'count',
  spendMinor: 'money',
  revenueMinor: 'money',
  cpc: 'money',
  cpa: 'money',
  ctr: 'rate',
  conversionRate: 'rate',
};
