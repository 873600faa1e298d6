/**
 * Money for every screen: amounts the API gives in integer currency minor units, scaled by the
 * currency's ISO 4217 exponent from the one pinned table the server uses too
 * (src/kernel/money/iso4217.ts) and formatted in the user's locale. The formatter is imported from
 * the server's source tree (src/kernel/money/format-minor.ts: no imports but the table, no Node.js
 * API) so both sides cannot drift; its tests are src/kernel/money/format-minor.test.ts.
 */
import { useIntl } from 'react-intl';
import { formatMinorUnits } from '../../../src/kernel/money/format-minor.ts';

/** Formats an amount in minor units of `currency` (default USD); null or non-finite → "—". */
export type MoneyFormat = (minor: number | null, currency?: string) => string;

/**
 * A money formatter in the current locale: (1234, 'USD') → "$12.34", (1234, 'JPY') → "¥1,234",
 * (1234, 'KWD') → "KWD 1.234"; with `whole`, rounded to whole major units ("$1,440"). A code the
 * ISO 4217 list lacks reads as "12.34 XYZ" (two digits assumed).
 */
export function useMoney(options: { whole?: boolean } = {}): MoneyFormat {
  const { locale } = useIntl();
  const whole = options.whole ?? false;
  return (minor, currency = 'USD') => formatMinorUnits(minor, currency, { locale, whole });
}
