/**
 * Exact conversions between platform money representations and integer currency minor units
 * (decimal strings or numbers in major units, int64 micros), for values a platform reports: a bad
 * value is an error thrown, not a row result (compare `decimalToMinor` in ./decimal.ts).
 */
import { OmnifyError } from '../errors/catalog.ts';
import { currencyExponent } from './currency.ts';
import { isSafeBigInt, scaledDecimal, shiftDecimal } from './decimal.ts';

function toSafeNumber(n: bigint, what: string): number {
  if (!isSafeBigInt(n)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `${what} is too large to hold exactly.`, {
      fields: [{ path: '/amount', message: 'exceeds 2^53 − 1 minor units' }],
    });
  }
  return Number(n);
}

function decimalOrThrow(value: string | number): { digits: bigint; scale: number } {
  const d = scaledDecimal(value);
  if (!d) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `"${value}" is not a decimal amount.`, {
      fields: [{ path: '/amount', message: 'expected a decimal number such as 12.34' }],
    });
  }
  return d;
}

/**
 * A decimal amount in major units (Meta's `spend: '5339.5'`, Google's `conversionsValue: 12.34`)
 * → integer minor units of `currency`, rounded half away from zero at the minor unit.
 * Example: ('1.429999948', 'USD') → 143; ('1234', 'JPY') → 1234; ('0.125', 'USD') → 13.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `value` is not a decimal, the result exceeds
 *   2^53 − 1, or `currency` is invalid.
 */
export function amountToMinor(value: string | number, currency: string): number {
  const exp = currencyExponent(currency);
  const d = decimalOrThrow(value);
  return toSafeNumber(shiftDecimal(d.digits, exp - d.scale), `Amount ${value}`);
}

/**
 * Micros (millionths of the major unit, Google Ads `costMicros`, an int64 that arrives as a JSON
 * string) → integer minor units of `currency`: divide by 10^(6 − exponent), round half away from
 * zero. Example: ('1234567', 'USD') → 123; ('1500000000', 'JPY') → 1500; ('5000', 'USD') → 1.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `micros` is not an integer.
 */
export function microsToMinor(micros: string | number | bigint, currency: string): number {
  const exp = currencyExponent(currency);
  const s = typeof micros === 'bigint' ? micros.toString() : String(micros).trim();
  if (!/^[+-]?\d+$/.test(s)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `"${s}" is not an integer number of micros.`, {
      fields: [{ path: '/amountMicros', message: 'expected an integer' }],
    });
  }
  return toSafeNumber(shiftDecimal(BigInt(s), exp - 6), `Amount of ${s} micros`);
}

/** Integer minor units of `currency` → micros as the decimal string Google Ads expects for int64 fields. */
export function minorToMicros(minor: number, currency: string): string {
  return shiftDecimal(BigInt(minor), 6 - currencyExponent(currency)).toString();
}

/**
 * The exact sum of several decimal amounts in major units → integer minor units of `currency`,
 * rounded once at the end (half away from zero), so adding then rounding never drifts.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when a value is not a decimal.
 */
export function sumDecimalsToMinor(values: readonly (string | number)[], currency: string): number {
  const exp = currencyExponent(currency);
  const parsed = values.map(decimalOrThrow);
  const scale = Math.max(0, ...parsed.map((d) => d.scale));
  let total = 0n;
  for (const d of parsed) total += shiftDecimal(d.digits, scale - d.scale);
  return toSafeNumber(shiftDecimal(total, exp - scale), `Sum ${values.join(' + ')}`);
}
