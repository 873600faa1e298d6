import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../testing/errors.ts';
import { amountToMinor, microsToMinor, minorToMicros, sumDecimalsToMinor } from './convert.ts';
import { currencyExponent } from './currency.ts';
import { scaledDecimal, shiftDecimal } from './decimal.ts';

describe('money conversions', () => {
  it('knows the minor-unit digits of common and odd currencies', () => {
    expect([
      currencyExponent('USD'),
      currencyExponent('JPY'),
      currencyExponent('KWD'),
      currencyExponent('KRW'),
    ]).toEqual([2, 0, 3, 0]);
    expect(thrownBy(() => currencyExponent('usd'))?.code).toBe('OMNIFY_ERR_VALIDATION');
  });

  it('rounds half away from zero', () => {
    expect([5n, 15n, 25n, -25n, 24n, -24n].map((n) => shiftDecimal(n, -1))).toEqual([
      1n,
      2n,
      3n,
      -3n,
      2n,
      -2n,
    ]);
    expect(shiftDecimal(7n, 3)).toBe(7000n);
  });

  it('converts decimal strings exactly (no binary float slop)', () => {
    expect(amountToMinor('1.429999948', 'USD')).toBe(143);
    expect(amountToMinor('0.29', 'USD')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(amountToMinor('1.005', 'USD')).toBe(101); // Math.round(1.005 * 100) gives 100
    expect(amountToMinor('0.125', 'USD')).toBe(13);
    expect(amountToMinor('-0.125', 'USD')).toBe(-13);
    expect(amountToMinor('5339.5', 'USD')).toBe(533_950);
    expect(amountToMinor('15234', 'JPY')).toBe(15_234);
    expect(amountToMinor('15234.5', 'JPY')).toBe(15_235);
    expect(amountToMinor('1.2345', 'KWD')).toBe(1235);
    expect(amountToMinor(1679.9, 'USD')).toBe(167_990);
    expect(amountToMinor('1e2', 'USD')).toBe(10_000);
    expect(amountToMinor('.5', 'USD')).toBe(50);
    for (const bad of ['', '.', 'abc', '1,234.00', '12.3.4', Number.NaN]) {
      expect(thrownBy(() => amountToMinor(bad, 'USD'))?.code, String(bad)).toBe('OMNIFY_ERR_VALIDATION');
    }
  });

  it('sums first and rounds once', () => {
    // Rounding each of three 0.005 gives 3 cents; the exact sum 0.015 rounds to 2.
    expect(sumDecimalsToMinor(['0.005', '0.005', '0.005'], 'USD')).toBe(2);
    expect(sumDecimalsToMinor([], 'USD')).toBe(0);
    expect(sumDecimalsToMinor(['812.4', '812.40'], 'USD')).toBe(162_480);
  });

  it('converts micros to minor units and back', () => {
    expect(microsToMinor('1234567', 'USD')).toBe(123);
    expect(microsToMinor('1235000', 'USD')).toBe(124);
    expect(microsToMinor('5000', 'USD')).toBe(1);
    expect(microsToMinor('4999', 'USD')).toBe(0);
    expect(microsToMinor('1500000000', 'JPY')).toBe(1500);
    expect(microsToMinor(123456789n, 'KWD')).toBe(123_457);
    expect(microsToMinor('9007199254740991000000', 'JPY')).toBe(Number.MAX_SAFE_INTEGER);
    expect(thrownBy(() => microsToMinor('9007199254740992000000', 'JPY'))?.code).toBe(
      'OMNIFY_ERR_VALIDATION',
    );
    expect(thrownBy(() => microsToMinor('12.5', 'USD'))?.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(minorToMicros(6250, 'USD')).toBe('62500000');
    expect(minorToMicros(3000, 'JPY')).toBe('3000000000');
  });

  it('parses decimals into digits and scale', () => {
    expect(scaledDecimal('-12.340')).toEqual({ digits: -12340n, scale: 3 });
    expect(scaledDecimal('1.5e-7')).toEqual({ digits: 15n, scale: 8 });
    expect(scaledDecimal(' 42 ')).toEqual({ digits: 42n, scale: 0 });
    expect(scaledDecimal(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
