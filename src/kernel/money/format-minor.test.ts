import { describe, expect, it } from 'vitest';
import { formatMinorUnits } from './format-minor.ts';
import { ISO_4217_MINOR_UNITS, iso4217MinorUnits } from './iso4217.ts';

/** Intl separates a currency code from the number with a no-break space; read it as a space. */
const fmt = (...args: Parameters<typeof formatMinorUnits>) =>
  formatMinorUnits(...args).replace(/\u00a0/g, ' ');

describe('the pinned ISO 4217 minor-unit table', () => {
  it('gives each code its exponent from the standard, not from Intl', () => {
    const of = (codes: string) => codes.split(' ').map(iso4217MinorUnits);
    expect(of('JPY KRW VND CLP ISK XOF')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(of('KWD BHD JOD OMR TND IQD LYD')).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(of('CLF UYW')).toEqual([4, 4]);
    // CLDR (and so Intl) gives these 0; ISO 4217 gives 2 (IQD: 3, above).
    expect(of('HUF IDR COP PKR USD EUR XCG ZWG')).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('holds the current list: 165 codes with a minor unit, none withdrawn, none without one', () => {
    expect(Object.keys(ISO_4217_MINOR_UNITS)).toHaveLength(165);
    expect(Object.values(ISO_4217_MINOR_UNITS).every((d) => [0, 2, 3, 4].includes(d))).toBe(true);
    for (const code of ['ANG', 'BGN', 'CUC', 'HRK', 'SLL', 'ZWL', 'XAU', 'XXX', 'usd', 'XYZ', '', 'toString'])
      expect(iso4217MinorUnits(code), code).toBeNull();
  });
});

describe('formatMinorUnits', () => {
  it('scales minor units by the currency’s own exponent and shows that many digits', () => {
    expect(fmt(1234, 'JPY')).toBe('¥1,234');
    expect(fmt(1234, 'KWD')).toBe('KWD 1.234');
    expect(fmt(1234, 'USD')).toBe('$12.34');
    expect(fmt(123456, 'HUF')).toBe('HUF 1,234.56');
    expect(fmt(12345, 'CLF')).toBe('CLF 1.2345');
    expect(fmt(-5, 'EUR')).toBe('-€0.05');
    // Fractional minor units (a cost per click) round at the currency's last digit.
    expect(fmt(76.4, 'USD')).toBe('$0.76');
  });

  it('follows the locale for separators and placement', () => {
    expect(fmt(1234, 'KWD', { locale: 'de-DE' })).toBe('1,234 KWD');
    expect(fmt(123456, 'EUR', { locale: 'de-DE' })).toBe('1.234,56 €');
    expect(fmt(1234, 'USD', { locale: 'not a locale!' })).toBe('$12.34');
  });

  it('rounds to whole major units on request', () => {
    expect(fmt(31250, 'EUR', { whole: true })).toBe('€313');
    expect(fmt(144000, 'USD', { whole: true })).toBe('$1,440');
    expect(fmt(1234, 'JPY', { whole: true })).toBe('¥1,234');
    expect(fmt(1600, 'KWD', { whole: true })).toBe('KWD 2');
  });

  it('shows an unlisted code as a plain number and the code, read with 2 digits', () => {
    expect(fmt(1234, 'XYZ')).toBe('12.34 XYZ');
    expect(fmt(1234, 'usd')).toBe('12.34 usd');
    expect(fmt(1234, 'XAU', { whole: true })).toBe('12 XAU');
    expect(fmt(1234, '')).toBe('12.34');
  });

  it('answers the missing text for no amount', () => {
    expect(fmt(null, 'USD')).toBe('—');
    expect(fmt(Number.NaN, 'USD', { missing: 'n/a' })).toBe('n/a');
  });
});
