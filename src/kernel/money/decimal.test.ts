import { describe, expect, it } from 'vitest';
import { knownCurrencyExponent } from './currency.ts';
import { decimalToMinor, parseCount, parseDecimal } from './decimal.ts';

const minor = (raw: string, exp = 2, allowNegative = false) => decimalToMinor(raw, exp, {}, allowNegative);

describe('knownCurrencyExponent (ICU minor units)', () => {
  it('knows the usual exponents and rejects unknown codes', () => {
    expect(knownCurrencyExponent('USD')).toBe(2);
    expect(knownCurrencyExponent('EUR')).toBe(2);
    expect(knownCurrencyExponent('JPY')).toBe(0);
    expect(knownCurrencyExponent('KWD')).toBe(3);
    expect(knownCurrencyExponent('XXQ')).toBeNull();
    expect(knownCurrencyExponent('usd')).toBeNull();
    expect(knownCurrencyExponent('US')).toBeNull();
  });
});

describe('decimalToMinor (exact, half away from zero)', () => {
  it('converts without float slop', () => {
    expect(minor('1.429999948')).toEqual({ ok: true, value: 143 });
    expect(minor('0.1')).toEqual({ ok: true, value: 10 });
    expect(minor('0.29')).toEqual({ ok: true, value: 29 }); // 0.29 * 100 = 28.999999999999996 in floats
    expect(minor('1.005')).toEqual({ ok: true, value: 101 }); // Math.round(1.005 * 100) gives 100
    expect(minor('1.0049999')).toEqual({ ok: true, value: 100 });
    expect(minor('1.015')).toEqual({ ok: true, value: 102 });
    expect(minor('12')).toEqual({ ok: true, value: 1200 });
    expect(minor('.5')).toEqual({ ok: true, value: 50 });
    expect(minor('7.')).toEqual({ ok: true, value: 700 });
    expect(minor(' 003.10 ')).toEqual({ ok: true, value: 310 });
    expect(minor('0.006')).toEqual({ ok: true, value: 1 });
    expect(minor('0.004')).toEqual({ ok: true, value: 0 });
  });
  it('uses the exponent (JPY 0, KWD 3)', () => {
    expect(minor('1234.5', 0)).toEqual({ ok: true, value: 1235 });
    expect(minor('1234.49', 0)).toEqual({ ok: true, value: 1234 });
    expect(minor('0.1235', 3)).toEqual({ ok: true, value: 124 });
  });
  it('rounds negatives away from zero when allowed, refuses them otherwise', () => {
    expect(minor('-1.005', 2, true)).toEqual({ ok: true, value: -101 });
    expect(minor('-0.004', 2, true)).toEqual({ ok: true, value: 0 });
    expect(minor('-2.50')).toEqual({ ok: false, code: 'negative_value' });
    expect(minor('-0.00')).toEqual({ ok: true, value: 0 });
  });
  it('rejects what is not a plain decimal', () => {
    for (const bad of [
      '',
      ' ',
      'abc',
      '1e3',
      '$12',
      '1,234.00',
      '1.2.3',
      '.',
      '-',
      '12a',
      'NaN',
      'Infinity',
    ]) {
      expect(minor(bad), bad).toEqual({ ok: false, code: 'invalid_number' });
    }
    expect(minor('99999999999999999')).toEqual({ ok: false, code: 'invalid_number' });
    expect(minor('90071992547409.92')).toEqual({ ok: false, code: 'invalid_number' }); // 2^53
    expect(minor('90071992547409.91')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });
  it('honours decimal comma and digit grouping when the format says so', () => {
    const eu = { decimalSeparator: ',' as const, thousandsSeparator: '.' as const };
    expect(decimalToMinor('1.234,56', 2, eu)).toEqual({ ok: true, value: 123456 });
    expect(decimalToMinor('0,995', 2, eu)).toEqual({ ok: true, value: 100 });
    expect(decimalToMinor('12.34', 2, eu)).toEqual({ ok: false, code: 'invalid_number' });
    expect(decimalToMinor('1,234.5', 2, { thousandsSeparator: ',' })).toEqual({ ok: true, value: 123450 });
    expect(decimalToMinor('12,34.5', 2, { thousandsSeparator: ',' })).toEqual({
      ok: false,
      code: 'invalid_number',
    });
    expect(parseDecimal('1 234', { thousandsSeparator: ' ' })).toEqual({
      negative: false,
      intDigits: '1234',
      fracDigits: '',
    });
  });
});

describe('parseCount', () => {
  it('accepts non-negative integers (and a zero fraction), nothing else', () => {
    expect(parseCount('1234')).toEqual({ ok: true, value: 1234 });
    expect(parseCount('0')).toEqual({ ok: true, value: 0 });
    expect(parseCount('12.0')).toEqual({ ok: true, value: 12 });
    expect(parseCount('12.5')).toEqual({ ok: false, code: 'invalid_number' });
    expect(parseCount('-1')).toEqual({ ok: false, code: 'negative_value' });
    expect(parseCount('1,234')).toEqual({ ok: false, code: 'invalid_number' });
    expect(parseCount('1,234', { thousandsSeparator: ',' })).toEqual({ ok: true, value: 1234 });
    expect(parseCount('12a')).toEqual({ ok: false, code: 'invalid_number' });
  });
});
