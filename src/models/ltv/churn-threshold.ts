/**
 * The decision rule on top of BG/NBD's P(alive): below which P(alive) a repeat customer is called
 * "likely gone". The model is not changed; only the cut-off is chosen from the data. Pure.
 */

/** Options of {@link chooseChurnThreshold}. */
export interface ChurnThresholdOptions {
  /** Share of the customers called gone that should truly be gone (default 0.95). In (0.5, 1). */
  targetPrecision?: number;
  /** Largest threshold considered (default 0.5: "likely gone" never means P(alive) above ½). */
  maxThreshold?: number;
  /** Grid step of the thresholds considered (default 0.01). */
  step?: number;
}

/** The chosen threshold and what it is expected to achieve (expectations under the fitted model). */
export interface ChurnThreshold {
  method: 'expected-precision-target';
  /** Customers with P(alive) strictly below this are called gone. */
  threshold: number;
  targetPrecision: number;
  /** Customers the rule was chosen on (repeat customers) and how many it calls gone. */
  customers: number;
  flagged: number;
  /** Σ(1 − P(alive)) over all customers: the number the model expects to be gone. */
  expectedGone: number;
  /** Mean of 1 − P(alive) over the flagged: the share of them the model expects to be gone (null when none). */
  expectedPrecision: number | null;
  /** Expected truly-gone customers flagged ÷ expected gone (null when none is expected gone). */
  expectedRecall: number | null;
}

/**
 * Chooses the "likely gone" threshold τ from the customers' P(alive) values by a **precision
 * target on the model's expected confusion matrix** (the decision-theoretic plug-in approach to a
 * classification threshold: Lewis, "Evaluating and optimizing autonomous text classification
 * systems", SIGIR 1995; Nan, Chai, Lee & Chieu, "Optimizing F-measures: a tale of two approaches",
 * ICML 2012). Each P(alive) is taken as a calibrated probability, so among the customers flagged
 * below τ the expected number truly gone is Σ(1 − P(alive)); expected precision is its mean over
 * the flagged, expected recall its share of Σ(1 − P(alive)) over everyone. Of the grid
 * thresholds in [1 − target, maxThreshold] (step `step`), τ is the largest whose expected precision
 * reaches `targetPrecision` with at least one customer flagged, i.e. the one with the highest
 * expected recall that meets the target. τ = 1 − target always meets it (every flagged customer then
 * has P(gone) > target) and is the answer when no larger one does, so the rule never fails; it needs no ground truth, which makes it usable on a workspace's own data. How
 * close the expectations come to the truth is measured on the demo data (docs/intelligence.md).
 *
 * `pAlive`: P(alive) of the customers the rule applies to (repeat customers; values in [0, 1]).
 *
 * @throws RangeError when an option is out of range (target not in (0.5, 1), maxThreshold not in
 *   (1 − target, 1], step not in (0, 0.5]) or a P(alive) is not a number in [0, 1].
 */
export function chooseChurnThreshold(
  pAlive: readonly number[],
  options: ChurnThresholdOptions = {},
): ChurnThreshold {
  const target = options.targetPrecision ?? 0.95;
  const max = options.maxThreshold ?? 0.5;
  const step = options.step ?? 0.01;
  if (!(target > 0.5 && target < 1))
    throw new RangeError(`targetPrecision must be in (0.5, 1), got ${target}`);
  if (!(max > 1 - target && max <= 1))
    throw new RangeError(`maxThreshold must be in (${1 - target}, 1], got ${max}`);
  if (!(step > 0 && step <= 0.5)) throw new RangeError(`step must be in (0, 0.5], got ${step}`);
  for (const p of pAlive)
    if (!(p >= 0 && p <= 1)) throw new RangeError(`P(alive) must be in [0, 1], got ${p}`);
  const sorted = [...pAlive].sort((a, b) => a - b);
  const expectedGone = sorted.reduce((s, p) => s + (1 - p), 0);
  // Grid in integer multiples of the step, so that 0.3 is 0.3, not 0.30000000000000004.
  const at = (k: number) => Number((k * step).toFixed(10));
  const kLo = Math.ceil((1 - target) / step - 1e-9);
  const kHi = Math.floor(max / step + 1e-9);
  let best = at(kLo);
  for (let k = kLo; k <= kHi; k++) {
    const { flagged, gone } = below(sorted, at(k));
    if (flagged > 0 && gone / flagged >= target) best = at(k);
  }
  const { flagged, gone } = below(sorted, best);
  return {
    method: 'expected-precision-target',
    threshold: best,
    targetPrecision: target,
    customers: sorted.length,
    flagged,
    expectedGone,
    expectedPrecision: flagged === 0 ? null : gone / flagged,
    expectedRecall: expectedGone > 0 ? gone / expectedGone : null,
  };
}

/** Customers of ascending `sorted` with P(alive) < tau, and Σ(1 − P(alive)) over them. */
function below(sorted: readonly number[], tau: number): { flagged: number; gone: number } {
  let gone = 0;
  let i = 0;
  for (; i < sorted.length && sorted[i] < tau; i++) gone += 1 - sorted[i];
  return { flagged: i, gone };
}

/** Precision and recall of a churn call against known truth (a simulation's), with the share flagged. */
export interface ChurnCallQuality {
  threshold: number;
  customers: number;
  /** Customers truly gone. */
  gone: number;
  flagged: number;
  shareFlagged: number;
  truePositives: number;
  /** truePositives ÷ flagged (null when none is flagged). */
  precision: number | null;
  /** truePositives ÷ gone (null when none is gone). */
  recall: number | null;
  f1: number | null;
}

/**
 * Measures the rule "P(alive) < threshold ⇒ gone" against the truth: `calls` has one entry per
 * customer with the model's P(alive) and whether the customer was truly gone (inactive) at the
 * prediction date.
 */
export function churnCallQuality(
  calls: readonly { pAlive: number; gone: boolean }[],
  threshold: number,
): ChurnCallQuality {
  const flaggedCalls = calls.filter((c) => c.pAlive < threshold);
  const gone = calls.filter((c) => c.gone).length;
  const tp = flaggedCalls.filter((c) => c.gone).length;
  const precision = flaggedCalls.length ? tp / flaggedCalls.length : null;
  const recall = gone ? tp / gone : null;
  return {
    threshold,
    customers: calls.length,
    gone,
    flagged: flaggedCalls.length,
    shareFlagged: calls.length ? flaggedCalls.length / calls.length : 0,
    truePositives: tp,
    precision,
    recall,
    f1:
      precision !== null && recall !== null && precision + recall > 0
        ? (2 * precision * recall) / (precision + recall)
        : null,
  };
}
