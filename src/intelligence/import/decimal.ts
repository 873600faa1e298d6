/**
 * Exact decimal parsing for imported numbers. Money arrives as decimal **major** units in text
 * ("1.429999948" USD) and is stored as integer **minor** units (cents); converting through a float
 * (`Math.round(x * 100)`) can be off by one for values such as 1.005, so the conversion here works on
 * the decimal digits themselves. Rounding is half away from zero (the "commercial" rounding of
 * ISO 80000-1 Annex B, rule B and of most accounting software): 1.005 → 101, 1.0049 → 100.
 */

/** How numbers are written in the file. */
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
const exponentCache = new Map<string, number | null>();
let knownCurrencies: Set<string> | undefined;

/**
 * Minor-unit exponent of an ISO 4217 currency (USD 2, JPY 0, KWD 3), from the runtime's ICU data
 * (`Intl.NumberFormat(…, {style: 'currency'}).resolvedOptions().maximumFractionDigits`). Returns
 * null when the code is not a currency the runtime knows (`Intl.supportedValuesOf('currency')`).
 */
export function currencyExponent(code: string): number | null {
  const cached = exponentCache.get(code);
  if (cached !== undefined) return cached;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  let exp: number | null = null;
  if (/^[A-Z]{3}$/.test(code) && knownCurrencies.has(code)) {
    exp =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  }
  exponentCache.set(code, exp);
  return exp;
}

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
  const frac = d.fracDigits.padEnd(exponent + 1, '0');
  const digits = (d.intDigits + frac.slice(0, exponent)).replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return { ok: false, code: 'invalid_number' };
  let value = Number(digits);
  if (frac.charCodeAt(exponent) >= 53 /* '5' */) value += 1;
  if (!Number.isSafeInteger(value)) return { ok: false, code: 'invalid_number' };
  return { ok: true, value: d.negative && value !== 0 ? -value : value };
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
