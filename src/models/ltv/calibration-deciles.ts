/**
 * Calibration table of a prediction against what happened: the items are ranked by their predicted
 * value and cut into ten groups of about equal size (deciles), and each group's mean prediction is
 * set beside its mean actual value. A well-calibrated model has the two close in every decile, not
 * only in total (the "predicted vs actual by decile" check of customer-base models: Fader, Hardie &
 * Lee, "Counting your customers the easy way", Marketing Science 24(2) (2005), and the decile
 * lift tables of direct marketing). Pure.
 */

/** One group of {@link calibrationByDecile}. */
export interface CalibrationDecile {
  /** 1 = the lowest predictions, `groups` (10) = the highest. */
  decile: number;
  /** Items in the group. */
  count: number;
  /** Smallest and largest prediction in the group. */
  minPredicted: number;
  maxPredicted: number;
  meanPredicted: number;
  meanActual: number;
}

/** Options of {@link calibrationByDecile}. */
export interface CalibrationDecileOptions {
  /** Number of groups (default 10: deciles). An integer from 1 to 1,000. */
  groups?: number;
}

/**
 * Groups `items` by decile of `predicted` and returns, per non-empty decile in ascending order, the
 * count and the mean predicted and mean actual values.
 *
 * Decile of an item = ⌊groups · (number of items with a strictly smaller prediction) / n⌋ + 1, so
 * equal predictions always share a decile (the result does not depend on the items' order) and
 * the deciles have n/groups items each up to ties; a decile that ties leave empty is omitted.
 * Returns `[]` for no items.
 *
 * @throws RangeError when a predicted or actual value is not a finite number, or `groups` is not an
 *   integer from 1 to 1,000.
 */
export function calibrationByDecile(
  items: readonly { predicted: number; actual: number }[],
  options: CalibrationDecileOptions = {},
): CalibrationDecile[] {
  const groups = options.groups ?? 10;
  if (!Number.isInteger(groups) || groups < 1 || groups > 1000) {
    throw new RangeError(`groups must be an integer from 1 to 1000, got ${groups}`);
  }
  items.forEach((it, i) => {
    if (!Number.isFinite(it.predicted)) throw new RangeError(`items[${i}].predicted must be finite`);
    if (!Number.isFinite(it.actual)) throw new RangeError(`items[${i}].actual must be finite`);
  });
  const n = items.length;
  const sorted = [...items].sort((a, b) => a.predicted - b.predicted);
  const acc = Array.from({ length: groups }, () => ({
    count: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    predicted: 0,
    actual: 0,
  }));
  let below = 0; // items with a strictly smaller prediction than sorted[i]
  for (let i = 0; i < n; i++) {
    const it = sorted[i];
    if (i > 0 && it.predicted > sorted[i - 1].predicted) below = i;
    const g = acc[Math.floor((groups * below) / n)];
    g.count++;
    g.min = Math.min(g.min, it.predicted);
    g.max = Math.max(g.max, it.predicted);
    g.predicted += it.predicted;
    g.actual += it.actual;
  }
  return acc.flatMap((g, k) =>
    g.count === 0
      ? []
      : [
          {
            decile: k + 1,
            count: g.count,
            minPredicted: g.min,
            maxPredicted: g.max,
            meanPredicted: g.predicted / g.count,
            meanActual: g.actual / g.count,
          },
        ],
  );
}
