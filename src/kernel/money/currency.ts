/**
 * Minor-unit digits ("exponent") of ISO 4217 currencies: USD 2, JPY 0, KWD 3. The one lookup of the
 * codebase, from the runtime's Unicode CLDR data (`Intl.NumberFormat(…, {style: 'currency'})
 * .resolvedOptions().maximumFractionDigits`), so stored minor units agree across imports, platform
 * connectors and demo data. CLDR differs from the ISO 4217 table for a few currencies whose minor
 * unit is not used in practice (HUF, IDR, COP: 0 here); a pinned ISO 4217 table is later work.
 */
import { OmnifyError } from '../errors/catalog.ts';

const CODE = /^[A-Z]{3}$/;
// Building an Intl.NumberFormat costs tens of µs: cache per code (rows are converted in bulk).
const digits = new Map<string, number>();
let known: Set<string> | undefined;

function intlDigits(code: string): number {
  let d = digits.get(code);
  if (d === undefined) {
    d =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    digits.set(code, d);
  }
  return d;
}

/**
 * Minor-unit digits of `code` when the runtime knows it as a currency (`Intl.supportedValuesOf
 * ('currency')`, e.g. USD, JPY); null for anything else (lower case, `XYZ`). For user input such as
 * an import file's currency column, where an unknown code is an error to report.
 */
export function knownCurrencyExponent(code: string): number | null {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return CODE.test(code) && known.has(code) ? intlDigits(code) : null;
}

/**
 * Minor-unit digits of any well-formed code (three upper-case letters; a code CLDR lacks gets 2, as
 * Intl gives). For currencies a platform or our own generator reports.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `currency` is not three upper-case letters, with
 *   `details.fields[0].path` = `path` (default `/currency`).
 */
export function currencyExponent(currency: string, path = '/currency'): number {
  if (!CODE.test(currency)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `"${currency}" is not an ISO 4217 currency code.`, {
      fields: [{ path, message: 'must be three upper-case letters, e.g. USD' }],
    });
  }
  return intlDigits(currency);
}
