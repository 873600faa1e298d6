/**
 * Numbers in insight titles and summaries, in the units a reader expects: rates (CTR, conversion
 * rate) as percents, money given in integer minor units as the currency's amount (the minor-unit
 * digits from the one currency table, src/kernel/money/currency.ts), counts with thousands
 * separators. English, fixed `en-US` formatting, so the stored text does not depend on the server's
 * locale or time zone.
 */
import { currencyExponent } from '../../../kernel/money/currency.ts';
import { METRIC_UNIT } from '../../../models/anomaly/metric-units.ts';

/**
 * A fraction as a percent with sensible decimals: 3 significant digits, at most 2 decimals
 * (0.0123 → "1.23 %", 0.422 → "42.2 %", 1.5 → "150 %"); below 0.1 % two significant digits
 * (0.000412 → "0.041 %"). null or non-finite → "n/a".
 */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  const p = fraction * 100;
  const a = Math.abs(p);
  if (a === 0) return '0 %';
  const text = a >= 100 ? p.toFixed(0) : a >= 10 ? p.toFixed(1) : a >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
  return `${text} %`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in integer (or fractional, e.g. cost per click) minor units of `currency` as text with
 * the currency's symbol or code and all its minor digits: (123456, 'USD') → "$1,234.56",
 * (1500, 'JPY') → "¥1,500", (76.4, 'USD') → "$0.76", (1234, 'KWD') → "KWD 1.234".
 * null or non-finite → "n/a".
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `currency` is not three upper-case letters.
 */
export function formatMoneyMinor(minor: number | null, currency: string): string {
  const exp = currencyExponent(currency);
  if (minor === null || !Number.isFinite(minor)) return 'n/a';
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    moneyFormats.set(currency, f);
  }
  return f.format(minor / 10 ** exp);
}

/** A count (or an expected count) with thousands separators: whole numbers from 10 up, one decimal below. */
export function formatCount(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) < 10 && !Number.isInteger(v)) return v.toFixed(1);
  return Math.round(v).toLocaleString('en-US');
}

/**
 * A value of an anomaly-scan metric (src/models/anomaly: rates as fractions, money in minor units
 * of `currency`, CPC/CPA in minor units per click/conversion) as text in its unit. Unknown metrics
 * read as counts.
 */
export function formatMetricValue(metric: string, value: number | null, currency: string): string {
  const unit = METRIC_UNIT[metric] ?? 'count';
  if (unit === 'rate') return formatPercent(value);
  if (unit === 'money') return formatMoneyMinor(value, currency);
  return formatCount(value);
}
