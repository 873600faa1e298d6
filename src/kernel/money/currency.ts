/**
 * Minor-unit digits ("exponent") of ISO 4217 currencies: USD 2, JPY 0, KWD 3. The one lookup of the
 * server, from the pinned ISO 4217 table (src/kernel/money/iso4217.ts, which the web app reads too),
 * so stored minor units agree across imports, platform connectors, demo data and every screen, on
 * any Node.js or browser version. (Until 2026-12 it read the runtime's CLDR data, which gives 0
 * digits for AFN ALL COP HUF IDR IRR KPW LAK LBP MGA MMK PKR SOS SYP YER and IQD: amounts stored
 * in those currencies before then are 100× (IQD 1,000×) too small.)
 */
import { OmnifyError } from '../errors/catalog.ts';
import { iso4217MinorUnits } from './iso4217.ts';

const CODE = /^[A-Z]{3}$/;
/**
 * Minor-unit digits of `code` when the current ISO 4217 list has it with a minor unit (USD, JPY);
 * null for anything else (lower case, `XYZ`, a withdrawn code, `XAU`). For user input such as an
 * import file's currency column, where an unknown code is an error to report.
 */
export function knownCurrencyExponent(code: string): number | null {
  return CODE.test(code) ? iso4217MinorUnits(code) : null;
}

/**
 * Minor-unit digits of any well-formed code (three upper-case letters; a code the ISO 4217 list lacks
 * gets 2). For currencies a platform or our own generator reports.
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
  return iso4217MinorUnits(currency) ?? 2;
}
