/**
 * Exact money conversions between platform representations and integer currency minor units.
 * All arithmetic is on BigInt decimal digits, never binary floating point, so '0.29' USD is 29
 * cents and not 28.999….
 */

import { OmnifyError } from '../../../errors/catalog.ts';

const CURRENCY = /^[A-Z]{3}$/;
const EXPONENTS = new Map<string, number>();

/**
 * The number of minor-unit digits of an ISO 4217 `currency` (USD 2, JPY 0, KWD 3), as
 * `Intl.NumberFormat` reports it (Unicode CLDR currency data; the same rule the CSV import uses, so
 * stored minor units agree across the product). CLDR differs from the ISO 4217 table for a few
 * currencies whose minor unit is not used in practice (HUF, IDR, COP: 0 here).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `currency` is not three upper-case letters.
 */
export function currencyExponent(currency: string): number {
  if (!CURRENCY.test(currency)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `"${currency}" is not an ISO 4217 currency code.`, {
      fields: [{ path: '/currency', message: 'must be three upper-case letters, e.g. USD' }],
    });
  }
  let exp = EXPONENTS.get(currency);
  if (exp === undefined) {
    // Building an Intl.NumberFormat costs tens of µs: cache per currency (rows are converted in bulk).
    exp = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
    EXPONENTS.set(currency, exp);
  }
  return exp;
}

/**
 * `n × 10^shift` for an integer `n`; for a negative `shift` the quotient is rounded half away from
 * zero (2.5 → 3, −2.5 → −3), the rule commercial rounding uses for money.
 */
export function shiftDecimal(n: bigint, shift: number): bigint {
  if (shift >= 0) return n * 10n ** BigInt(shift);
  const d = 10n ** BigInt(-shift);
  const q = n / d;
  const r = n % d;
  const absR2 = (r < 0n ? -r : r) * 2n;
  if (absR2 >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal string (`'5339.5'`, `'-0.01'`, `'1e-7'`) or a finite number (through its
 * shortest round-trip string) into `{ digits, scale }` with value `digits × 10^−scale`.
 * Returns undefined when it is not a decimal.
 */
export function parseDecimal(value: string | number): { digits: bigint; scale: number } | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const s = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  const digits = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${frac}`);
  return { digits, scale: frac.length - Number(m[4] ?? 0) };
}

function toSafeNumber(n: bigint, what: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `${what} is too large to hold exactly.`, {
      fields: [{ path: '/amount', message: 'exceeds 2^53 − 1 minor units' }],
    });
  }
  return Number(n);
}

/**
 * A decimal amount in major units (Meta's `spend: '5339.5'`, Google's `conversionsValue: 12.34`)
 * → integer minor units of `currency`, rounded half away from zero at the minor unit.
 * Example: ('1.429999948', 'USD') → 143; ('1234', 'JPY') → 1234; ('0.125', 'USD') → 13.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `value` is not a decimal or `currency` is invalid.
 */
export function decimalToMinor(value: string | number, currency: string): number {
  const exp = currencyExponent(currency);
  const d = parseDecimal(value);
  if (!d) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `"${value}" is not a decimal amount.`, {
      fields: [{ path: '/amount', message: 'expected a decimal number such as 12.34' }],
    });
  }
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
  const parsed = values.map((v) => {
    const d = parseDecimal(v);
    if (!d) {
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', `"${v}" is not a decimal amount.`, {
        fields: [{ path: '/amount', message: 'expected a decimal number such as 12.34' }],
      });
    }
    return d;
  });
  const scale = Math.max(0, ...parsed.map((d) => d.scale));
  let total = 0n;
  for (const d of parsed) total += shiftDecimal(d.digits, scale - d.scale);
  return toSafeNumber(shiftDecimal(total, exp - scale), `Sum ${values.join(' + ')}`);
}
