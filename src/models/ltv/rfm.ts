import { dayNumber } from '../../kernel/dates/calendar-day.ts';

/** One order: customer, ISO date (YYYY-MM-DD, UTC) and amount in the data's currency units. */
export interface Transaction {
  customerId: string;
  date: string;
  amount: number;
}

/**
 * A customer's recency-frequency-monetary summary as BG/NBD and Gamma-Gamma use it (Fader, Hardie
 * & Lee 2005), time in weeks. Orders on the same day count as one purchase occasion (their amounts
 * add up). `frequency`: repeat occasions in the calibration period; `recency`: weeks from the first
 * to the last occasion; `T`: weeks from the first occasion to the calibration end; `monetaryValue`:
 * mean value of the repeat occasions with a positive value (0 when none); `holdoutPurchases`:
 * occasions after the calibration end up to the holdout end.
 */
export interface RfmSummary {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
  /** Repeat occasions with value ≤ 0: left out of the spend model and reported. */
  zeroValueOccasions: number;
  holdoutPurchases: number;
}

const WEEK_DAYS = 7;

/**
 * Builds the RFM summary of every customer whose first order is on or before `calibrationEnd`
 * (ISO date). As in the CDNOW literature (39 weeks from 1997-01-01 end on 1997-09-30), orders on the
 * end date belong to the calibration period while `T` is measured to the start of that day. Orders
 * after `calibrationEnd` up to and including `holdoutEnd` count as holdout purchases. Sorted by id.
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  calibrationEnd: string,
  holdoutEnd?: string,
): RfmSummary[] {
  const calEnd = dayNumber(calibrationEnd.trim());
  const holdEnd = holdoutEnd ? dayNumber(holdoutEnd.trim()) : calEnd;
  const byCustomer = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    const days = byCustomer.get(t.customerId) ?? new Map<number, number>();
    const d = dayNumber(t.date.trim());
    days.set(d, (days.get(d) ?? 0) + t.amount);
    byCustomer.set(t.customerId, days);
  }
  const out: RfmSummary[] = [];
  for (const [customerId, days] of byCustomer) {
    const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
    const calibration = sorted.filter(([d]) => d <= calEnd);
    if (calibration.length === 0) continue;
    const first = calibration[0]![0];
    const last = calibration.at(-1)![0];
    const repeats = calibration.slice(1).map(([, v]) => v);
    const positive = repeats.filter((v) => v > 0);
    out.push({
      customerId,
      frequency: repeats.length,
      recency: (last - first) / WEEK_DAYS,
      T: (calEnd - first) / WEEK_DAYS,
      monetaryValue: positive.length > 0 ? positive.reduce((s, v) => s + v, 0) / positive.length : 0,
      zeroValueOccasions: repeats.length - positive.length,
      holdoutPurchases: sorted.filter(([d]) => d > calEnd && d <= holdEnd).length,
    });
  }
  return out.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}
