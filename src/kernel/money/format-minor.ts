/**
 * Money stored in integer minor units, as text for people: the amount scaled by the currency's ISO
 * 4217 exponent from the pinned table (./iso4217.ts, not the runtime's Intl data), then formatted by
 * `Intl.NumberFormat` in currency style with that many fraction digits. Shared by the server and the
 * web app (web/src/i18n/money.ts); it imports only ./iso4217.ts and uses no Node.js API.
 */
import { iso4217MinorUnits } from './iso4217.ts';

/** Options of {@link formatMinorUnits}. */
export interface FormatMinorOptions {
  /** BCP 47 locale of the separators and symbol placement (default `en-US`). */
  locale?: string;
  /** Round to whole major units (`$1,440`) instead of showing every minor digit (`$1,440.00`). */
  whole?: boolean;
  /** Text for a null or non-finite amount (default `—`). */
  missing?: string;
}

/** Exponent assumed for a code the table does not list (as `currencyExponent` stores such codes). */
export const FALLBACK_MINOR_UNITS = 2;

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${options.currency ?? ''}|${options.minimumFractionDigits}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, options);
    } catch {
      // A malformed locale tag (RangeError): the default locale's separators.
      f = new Intl.NumberFormat('en-US', options);
    }
    formats.set(key, f);
  }
  return f;
}

/**
 * `minor` integer (or fractional, e.g. cost per click) minor units of `currency` as text:
 * (1234, 'USD') → "$12.34", (1234, 'JPY') → "¥1,234", (1234, 'KWD') → "KWD 1.234",
 * (123456, 'USD', {whole: true}) → "$1,235"; in `de-DE`, (1234, 'KWD') → "1,234 KWD".
 *
 * A code the ISO 4217 table does not list (unknown, withdrawn, lower case, or without a minor unit
 * such as XAU) is read with {@link FALLBACK_MINOR_UNITS} digits and shown as a plain number followed
 * by the code as given: (1234, 'XYZ') → "12.34 XYZ", so it never passes for a known currency.
 * Null or non-finite → `options.missing` ("—"). Never throws.
 */
export function formatMinorUnits(
  minor: number | null,
  currency: string,
  options: FormatMinorOptions = {},
): string {
  const { locale = 'en-US', whole = false, missing = '—' } = options;
  if (minor === null || !Number.isFinite(minor)) return missing;
  const exponent = iso4217MinorUnits(currency);
  const digits = whole ? 0 : (exponent ?? FALLBACK_MINOR_UNITS);
  const amount = minor / 10 ** (exponent ?? FALLBACK_MINOR_UNITS);
  const fraction = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (exponent === null) {
    const text = numberFormat(locale, fraction).format(amount);
    const code = currency.trim();
    return code ? `${text} ${code}` : text;
  }
  return numberFormat(locale, { style: 'currency', currency, ...fraction }).format(amount);
}
