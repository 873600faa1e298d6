import { describe, expect, it } from 'vitest';
import { formatCount, formatMetricValue, formatMoneyMinor, formatPercent } from './insight-format.ts';

describe('insight number formats', () => {
  it('writes rates as percents with sensible decimals', () => {
    expect(formatPercent(0.0123)).toBe('1.23 %');
    expect(formatPercent(0.00232)).toBe('0.23 %');
    expect(formatPercent(0.422)).toBe('42.2 %');
    expect(formatPercent(1.5)).toBe('150 %');
    expect(formatPercent(0.000412)).toBe('0.041 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(-0.05)).toBe('-5.00 %');
    expect(formatPercent(null)).toBe('n/a');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });

  it('writes money in minor units with the currency’s own minor digits', () => {
    expect(formatMoneyMinor(123_456, 'USD')).toBe('$1,234.56');
    expect(formatMoneyMinor(76.4, 'USD')).toBe('$0.76');
    expect(formatMoneyMinor(1_500, 'JPY')).toBe('¥1,500');
    expect(formatMoneyMinor(1_234, 'KWD')).toBe('KWD\u00a01.234');
    expect(formatMoneyMinor(99, 'EUR')).toBe('€0.99');
    expect(formatMoneyMinor(null, 'USD')).toBe('n/a');
    expect(() => formatMoneyMinor(1, 'usd')).toThrow(/ISO 4217/);
  });

  it('writes counts with separators, and each scan metric in its unit', () => {
    expect(formatCount(1_146_964.2)).toBe('1,146,964');
    expect(formatCount(0.4)).toBe('0.4');
    expect(formatCount(7)).toBe('7');
    expect(formatMetricValue('ctr', 0.0119, 'USD')).toBe('1.19 %');
    expect(formatMetricValue('conversionRate', 0.112, 'USD')).toBe('11.2 %');
    expect(formatMetricValue('cpc', 388, 'USD')).toBe('$3.88');
    expect(formatMetricValue('cpa', null, 'USD')).toBe('n/a');
    expect(formatMetricValue('spendMinor', 250_000, 'EUR')).toBe('€2,500.00');
    expect(formatMetricValue('revenueMinor', 71_400, 'USD')).toBe('$714.00');
    expect(formatMetricValue('clicks', 803.4, 'USD')).toBe('803');
    expect(formatMetricValue('impressions', 12_345, 'USD')).toBe('12,345');
  });
});
