import { currencyExponent } from '../../kernel/money/currency.ts';
import { shiftDecimal } from '../../kernel/money/decimal.ts';

/**
 * Currencies whose Marketing API "offset" is 1 (Meta docs, "Marketing API > Currency codes"): budgets
 * and bids are whole units of these; every other supported currency has offset 100 (cents).
 * Insights `spend` is unaffected (a decimal string in major units).
 */
export const META_OFFSET_ONE_CURRENCIES: ReadonlySet<string> = new Set([
  'CLP',
  'COP',
  'CRC',
  'HUF',
  'ISK',
  'IDR',
  'JPY',
  'KRW',
  'PYG',
  'TWD',
  'VND',
]);

/** log10 of Meta's offset for `currency`: 0 for offset 1, 2 for offset 100. */
export function metaOffsetDigits(currency: string): number {
  return META_OFFSET_ONE_CURRENCIES.has(currency) ? 0 : 2;
}

/**
 * A Meta budget value (`daily_budget`, integer in units of 1/offset of the major unit) → our minor
 * units. Example: TWD (offset 1, 2 minor digits) '500' → 50000; USD '5000' → 5000; JPY '3000' → 3000.
 */
export function metaBudgetToMinor(value: string | number, currency: string): number {
  const shift = currencyExponent(currency) - metaOffsetDigits(currency);
  return Number(shiftDecimal(BigInt(value), shift));
}

/**
 * Our minor units → the integer Meta budget value, rounded half away from zero when Meta's unit is
 * coarser (TWD 12345 minor → 123 dollars), with the minor-unit value that rounding actually applies.
 */
export function minorToMetaBudget(minor: number, currency: string): { value: number; appliedMinor: number } {
  const shift = currencyExponent(currency) - metaOffsetDigits(currency);
  const value = shiftDecimal(BigInt(minor), -shift);
  return { value: Number(value), appliedMinor: Number(shiftDecimal(value, shift)) };
}
