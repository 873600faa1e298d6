import { daysBetween } from '../../kernel/dates/calendar-day.ts';
import { type BgNbdFit, fitBgNbd, probabilityAlive } from './bgnbd.ts';
import { expectedPurchasesAtHorizons } from './bgnbd-horizons.ts';
import { type ClvOptions, clvFromExpectedPurchases, clvHorizons } from './clv.ts';
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.ts';
import {
  type OrderColumns,
  type RfmSummary,
  summarizeOrderColumns,
  summarizeTransactions,
  type Transaction,
} from './rfm.ts';

/** Per-customer predictions; horizons in days are converted to weeks (÷ 7). */
export interface CustomerLtv {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
  pAlive: number;
  expectedPurchases30: number;
  expectedPurchases90: number;
  expectedPurchases365: number;
  /** Gamma-Gamma expected value per purchase (null when the spend model could not be fitted). */
  expectedAverageValue: number | null;
  /** Discounted CLV over the horizon of {@link ClvOptions} (same money unit as the amounts; null without a spend model). */
  clv: number | null;
  holdoutPurchases: number;
}

/**
 * One point of the calibration/holdout plot (Fader, Hardie & Lee 2005, Fig. 3): customers with
 * `frequency` repeat purchases in calibration (the last bucket is "≥ frequency"), and their mean
 * actual and predicted repeat purchases in the holdout period.
 */
export interface HoldoutBucket {
  frequency: number;
  orMore: boolean;
  customers: number;
  actual: number;
  predicted: number;
}

/** Output of `omnify intel ltv --json`. */
export interface LtvReport {
  bgnbd: Pick<BgNbdFit, 'r' | 'alpha' | 'a' | 'b' | 'logLikelihood'>;
  gammaGamma: { p: number; q: number; v: number } | null;
  customers: CustomerLtv[];
  /** Repeat occasions of value ≤ 0 left out of the spend model (reported, not fatal). */
  zeroValueOccasions: number;
  /** Holdout check: predicted vs actual repeat purchases per customer over the holdout period (weeks). */
  holdout: { weeks: number; predicted: number; actual: number; byFrequency: HoldoutBucket[] } | null;
}

/**
 * Fits BG/NBD and Gamma-Gamma to `transactions` (objects, or {@link OrderColumns}) with the calibration period ending at
 * `calibrationEnd` and predicts per customer. With `holdoutEnd`, also compares predicted and actual
 * repeat purchases in the holdout period (the calibration/holdout check of Fader, Hardie & Lee 2005).
 * `options.spend: false` skips the spend model (no Gamma-Gamma fit; expected values and CLV null),
 * for a check that needs only the purchase process.
 */
export function ltvReport(
  transactions: readonly Transaction[] | OrderColumns,
  calibrationEnd: string,
  holdoutEnd?: string,
  clvOptions: ClvOptions = {},
  options: { spend?: boolean } = {},
): LtvReport {
  const rfm =
    'contact' in transactions
      ? summarizeOrderColumns(transactions, calibrationEnd, holdoutEnd)
      : summarizeTransactions(transactions, calibrationEnd, holdoutEnd);
  const bg = fitBgNbd(rfm);
  const spenders = options.spend === false ? [] : rfm.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
  let gg: GammaGammaFit | null = null;
  try {
    gg =
      spenders.length > 0
        ? fitGammaGamma(
            spenders.map((c) => ({ frequency: c.frequency - zeroOf(c), monetaryValue: c.monetaryValue })),
          )
        : null;
  } catch {
    gg = null;
  }
  const weeks = holdoutEnd ? daysBetween(calibrationEnd, holdoutEnd) / 7 : 0;
  // One evaluation of eq. 10 per distinct (x, T) for every horizon: 30, 90 and 365 days, the CLV
  // months, and the holdout period (bgnbd-horizons.ts).
  const months = clvHorizons(clvOptions);
  const HOLDOUT = 3;
  const CLV_FROM = 4;
  const predict = expectedPurchasesAtHorizons(bg, [30 / 7, 90 / 7, 365 / 7, weeks, ...months]);
  const e = new Float64Array(CLV_FROM + months.length);
  const holdoutPredicted = new Float64Array(rfm.length);
  const customers: CustomerLtv[] = rfm.map((c, i) => {
    predict(c, e);
    holdoutPredicted[i] = e[HOLDOUT];
    const repeats = c.frequency - zeroOf(c);
    const value = gg
      ? repeats > 0
        ? expectedAverageValue(gg, repeats, c.monetaryValue)
        : expectedMean(gg)
      : null;
    return {
      customerId: c.customerId,
      frequency: c.frequency,
      recency: c.recency,
      T: c.T,
      monetaryValue: c.monetaryValue,
      pAlive: probabilityAlive(bg, c),
      expectedPurchases30: e[0],
      expectedPurchases90: e[1],
      expectedPurchases365: e[2],
      expectedAverageValue: value,
      clv:
        value !== null && Number.isFinite(value)
          ? clvFromExpectedPurchases(value, e, CLV_FROM, clvOptions)
          : null,
      holdoutPurchases: c.holdoutPurchases,
    };
  });
  return {
    bgnbd: { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood },
    gammaGamma: gg ? { p: gg.p, q: gg.q, v: gg.v } : null,
    customers,
    zeroValueOccasions: rfm.reduce((n, c) => n + c.zeroValueOccasions, 0),
    holdout: holdoutEnd
      ? {
          weeks,
          predicted: holdoutPredicted.reduce((s, v) => s + v, 0),
          actual: rfm.reduce((s, c) => s + c.holdoutPurchases, 0),
          byFrequency: holdoutBuckets(rfm, (_, i) => holdoutPredicted[i]),
        }
      : null,
  };
}

/** Groups customers by calibration frequency 0…6 and ≥ 7 (as in FHL 2005 Fig. 3). */
function holdoutBuckets(
  rfm: readonly RfmSummary[],
  predict: (c: RfmSummary, index: number) => number,
): HoldoutBucket[] {
  const top = 7;
  const buckets = Array.from({ length: top + 1 }, (_, f) => ({
    frequency: f,
    orMore: f === top,
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  rfm.forEach((c, i) => {
    const b = buckets[Math.min(c.frequency, top)];
    b.customers++;
    b.actual += c.holdoutPurchases;
    b.predicted += predict(c, i);
  });
  return buckets
    .filter((b) => b.customers > 0)
    .map((b) => ({ ...b, actual: b.actual / b.customers, predicted: b.predicted / b.customers }));
}

const zeroOf = (c: RfmSummary) => c.zeroValueOccasions;
/** Population mean spend per purchase, p·v/(q−1) (Fader & Hardie 2013), for customers without repeat purchases. */
const expectedMean = (gg: GammaGammaFit) => (gg.q > 1 ? (gg.p * gg.v) / (gg.q - 1) : Number.NaN);
