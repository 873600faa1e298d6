import { daysBetween } from '../../kernel/dates/calendar-day.ts';
import { type BgNbdFit, expectedPurchases, fitBgNbd, probabilityAlive } from './bgnbd.ts';
import { type ClvOptions, discountedClv } from './clv.ts';
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.ts';
import { type RfmSummary, summarizeTransactions, type Transaction } from './rfm.ts';

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
 * Fits BG/NBD and Gamma-Gamma to `transactions` with the calibration period ending at
 * `calibrationEnd` and predicts per customer. With `holdoutEnd`, also compares predicted and actual
 * repeat purchases in the holdout period (the calibration/holdout check of Fader, Hardie & Lee 2005).
 */
export function ltvReport(
  transactions: readonly Transaction[],
  calibrationEnd: string,
  holdoutEnd?: string,
  clvOptions: ClvOptions = {},
): LtvReport {
  const rfm = summarizeTransactions(transactions, calibrationEnd, holdoutEnd);
  const bg = fitBgNbd(rfm);
  const spenders = rfm.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
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
  const customers: CustomerLtv[] = rfm.map((c) => {
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
      expectedPurchases30: expectedPurchases(bg, 30 / 7, c),
      expectedPurchases90: expectedPurchases(bg, 90 / 7, c),
      expectedPurchases365: expectedPurchases(bg, 365 / 7, c),
      expectedAverageValue: value,
      clv: value !== null && Number.isFinite(value) ? discountedClv(bg, c, value, clvOptions) : null,
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
          predicted: rfm.reduce((s, c) => s + expectedPurchases(bg, weeks, c), 0),
          actual: rfm.reduce((s, c) => s + c.holdoutPurchases, 0),
          byFrequency: holdoutBuckets(rfm, (c) => expectedPurchases(bg, weeks, c)),
        }
      : null,
  };
}

/** Groups customers by calibration frequency 0…6 and ≥ 7 (as in FHL 2005 Fig. 3). */
function holdoutBuckets(rfm: readonly RfmSummary[], predict: (c: RfmSummary) => number): HoldoutBucket[] {
  const top = 7;
  const buckets = Array.from({ length: top + 1 }, (_, f) => ({
    frequency: f,
    orMore: f === top,
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  for (const c of rfm) {
    const b = buckets[Math.min(c.frequency, top)];
    b.customers++;
    b.actual += c.holdoutPurchases;
    b.predicted += predict(c);
  }
  return buckets
    .filter((b) => b.customers > 0)
    .map((b) => ({ ...b, actual: b.actual / b.customers, predicted: b.predicted / b.customers }));
}

const zeroOf = (c: RfmSummary) => c.zeroValueOccasions;
/** Population mean spend per purchase, p·v/(q−1) (Fader & Hardie 2013), for customers without repeat purchases. */
const expectedMean = (gg: GammaGammaFit) => (gg.q > 1 ? (gg.p * gg.v) / (gg.q - 1) : Number.NaN);
