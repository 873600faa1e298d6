/**
 * Exact decimal numbers for money. Amounts arrive as decimal **major** units in text ("1.429999948"
 * USD, Meta's `spend: '5339.5'`) and are stored as integer **minor** units (cents); converting
 * through a float (`Math.round(x * 100)`) can be off by one for values such as 1.005, so everything
 * here works on the decimal digits (BigInt), never on binary floating point. Rounding is half away
 * from zero (the "commercial" rounding of ISO 80000-1 Annex B, rule B, and of most accounting
 * software): 1.005 → 101, 1.0049 → 100, −2.5 → −3.
 */

/** How numbers are written (an import file's layout). */
export interface NumberFormat {
  /** `.` (default) or `,`. */
  decimalSeparator?: '.' | ',';
  /**
   * Digit-group separator accepted in the integer part (`1,234`), in groups of three, or none
   * (default: none, so `1,234` is `invalid_number`, never silently 1 or 1234).
   */
  thousandsSeparator?: ',' | '.' | ' ' | "'" | null;
}

/** A parsed decimal: sign, integer digits and fraction digits (ASCII, no separators). */
export interface ParsedDecimal {
  negative: boolean;
  intDigits: string;
  fracDigits: string;
}

const DIGITS = /^\d{1,16}$/;
const PLAIN = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/;
const EXPONENT = /^(.*?)[eE]([+-]?\d+)\s*$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a decimal written as `[+|-]digits[.digits]` (separators per `format`; surrounding spaces
 * ignored; no exponent notation, no currency symbols). Returns null when the text is not such a number.
 */
export function parseDecimal(raw: string, format: NumberFormat = {}): ParsedDecimal | null {
  if ((format.decimalSeparator ?? '.') === '.' && !format.thousandsSeparator) {
    // Fast path for the common layout (one regular expression).
    const m = PLAIN.exec(raw);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
    return { negative: m[1] === '-', intDigits: m[2] === '' ? '0' : m[2], fracDigits: m[3] ?? '' };
  }
  let s = raw.trim();
  if (s === '') return null;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  const dec = format.decimalSeparator ?? '.';
  const cut = s.indexOf(dec);
  let intPart = cut < 0 ? s : s.slice(0, cut);
  const fracPart = cut < 0 ? '' : s.slice(cut + 1);
  const group = format.thousandsSeparator ?? null;
  if (group !== null && group !== dec && intPart.includes(group)) {
    const groups = intPart.split(group);
    if (!/^\d{1,3}$/.test(groups[0]) || !groups.slice(1).every((g) => /^\d{3}$/.test(g))) return null;
    intPart = groups.join('');
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart)) return null;
  if (intPart === '' && fracPart === '') return null;
  return { negative, intDigits: intPart === '' ? '0' : intPart, fracDigits: fracPart };
}

/**
 * Parses a decimal string (`'5339.5'`, `'-0.01'`, `'1e-7'`: {@link parseDecimal}'s layout plus an
 * exponent) or a finite number (through its shortest round-trip string) into `{ digits, scale }`
 * with value `digits × 10^−scale`. Returns undefined when it is not a decimal.
 */
export function scaledDecimal(value: string | number): { digits: bigint; scale: number } | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const s = typeof value === 'number' ? String(value) : value;
  const e = EXPONENT.exec(s);
  const d = parseDecimal(e ? e[1] : s);
  if (!d || (e && /\s$/.test(e[1]))) return undefined;
  const digits = BigInt(`${d.negative ? '-' : ''}${d.intDigits}${d.fracDigits}`);
  return { digits, scale: d.fracDigits.length - Number(e?.[2] ?? 0) };
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

/** True when `n` fits a JavaScript number exactly (|n| ≤ 2^53 − 1). */
export const isSafeBigInt = (n: bigint): boolean => n <= MAX_SAFE && n >= -MAX_SAFE;

/** Result of a number conversion: the integer, or why it failed. */
export type NumberResult =
  | { ok: true; value: number }
  | { ok: false; code: 'invalid_number' | 'negative_value' };

const isZero = (d: ParsedDecimal): boolean => /^0*$/.test(d.intDigits) && /^0*$/.test(d.fracDigits);

/**
 * Converts decimal major units to integer minor units: `round_half_away_from_zero(value × 10^exponent)`
 * computed on the digits (exact for any input length). A negative non-zero value gives
 * `negative_value` unless `allowNegative`; text that is not a decimal, or a result beyond
 * `Number.MAX_SAFE_INTEGER`, gives `invalid_number`.
 */
export function decimalToMinor(
  raw: string,
  exponent: number,
  format: NumberFormat = {},
  allowNegative = false,
): NumberResult {
  const d = parseDecimal(raw, format);
  if (!d) return { ok: false, code: 'invalid_number' };
  if (d.negative && !isZero(d) && !allowNegative) return { ok: false, code: 'negative_value' };
  const digits = BigInt(`${d.negative ? '-' : ''}${d.intDigits}${d.fracDigits}`);
  const minor = shiftDecimal(digits, exponent - d.fracDigits.length);
  if (!isSafeBigInt(minor)) return { ok: false, code: 'invalid_number' };
  return { ok: true, value: minor === 0n ? 0 : Number(minor) };
}

/**
 * Parses a count (impressions, clicks, conversions): a non-negative integer. A fraction of zeros is
 * accepted (`12.0` → 12, as spreadsheets export); any other fraction gives `invalid_number`, a
 * negative value `negative_value`. Digit grouping follows `format.thousandsSeparator`.
 */
export function parseCount(raw: string, format: NumberFormat = {}): NumberResult {
  if (DIGITS.test(raw)) {
    const value = Number(raw);
    return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, code: 'invalid_number' };
  }
  const d = parseDecimal(raw, format);
  if (!d || !/^0*$/.test(d.fracDigits)) return { ok: false, code: 'invalid_number' };
  if (d.negative && !isZero(d)) return { ok: false, code: 'negative_value' };
  const value = Number(d.intDigits);
  if (!Number.isSafeInteger(value)) return { ok: false, code: 'invalid_number' };
  return { ok: true, value };
}
