/**
 * The decision rule on top of BG/NBD's P(alive): below which P(alive) a repeat customer is called
 * "likely gone". The model is not changed; only the cut-off is chosen from the data, from the
 * customers' own P(alive) values (never from a truth). Two rules: the highest expected F1
 * ({@link chooseChurnThresholdByExpectedF1}, balances precision and recall) and a precision target
 * ({@link chooseChurnThreshold}, keeps precision, gives up recall where P(alive) separates less). Pure.
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
 * systems", SIGIR 1995; Ye, Chai, Lee & Chieu, "Optimizing F-measures: a tale of two approaches",
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

/** Options of {@link chooseChurnThresholdByExpectedF1}. */
export interface ExpectedF1Options {
  /**
   * Smallest expected precision of the flagged group (default 0.5: "likely gone" means the model
   * expects most of those called gone to be gone). In [0, 1).
   */
  minExpectedPrecision?: number;
  /** Largest threshold considered (default 1: no cap besides the precision floor). In (0, 1]. */
  maxThreshold?: number;
  /** Grid step of the thresholds considered (default 0.01). In (0, 0.5]. */
  step?: number;
}

/** The threshold of highest expected F1 and what it is expected to achieve under the fitted model. */
export interface ExpectedF1Threshold {
  method: 'expected-f1';
  /** Customers with P(alive) strictly below this are called gone (0: nobody is). */
  threshold: number;
  minExpectedPrecision: number;
  /** Customers the rule was chosen on (repeat customers) and how many it calls gone. */
  customers: number;
  flagged: number;
  /** Σ(1 − P(alive)) over all customers: the number the model expects to be gone. */
  expectedGone: number;
  /** Mean of 1 − P(alive) over the flagged (null when none). */
  expectedPrecision: number | null;
  /** Expected truly-gone customers flagged ÷ expected gone (null when none is expected gone). */
  expectedRecall: number | null;
  /** 2·E[TP] / (flagged + E[gone]), the plug-in expected F1 (null when both are 0). */
  expectedF1: number | null;
}

/**
 * Chooses the "likely gone" threshold τ that **maximizes the expected F1** of the call, computed
 * from the customers' own P(alive) taken as calibrated probabilities: the decision-theoretic
 * approach of Ye, Chai, Lee & Chieu, "Optimizing F-measures: a tale of two approaches", ICML 2012
 * (the optimal call flags the customers most likely gone, so only the cut-off is searched), with
 * E[F1] in its plug-in form 2·E[TP]/(flagged + E[gone]), where E[TP] = Σ(1 − P(alive)) over the
 * flagged and E[gone] = Σ(1 − P(alive)) over everyone (a ratio of expectations, which approaches
 * E[F1] as the number of customers grows; one sort and one sweep, O(n log n)). As Lipton, Elkan &
 * Naryanaswamy, "Optimal thresholding of classifiers to maximize F1 measure", ECML PKDD 2014
 * (Thm. 1) show for calibrated scores, the optimum flags exactly the customers whose P(gone) exceeds
 * half the optimal F1, i.e. P(alive) < 1 − F1max/2: where P(alive) separates customers well (F1max
 * near 1) the cut-off is near ½, where it separates less the call widens to keep recall, unlike a
 * fixed precision target ({@link chooseChurnThreshold}), whose recall then collapses.
 *
 * τ runs over the grid step, 2·step, … ≤ `maxThreshold`; a τ counts only if it flags someone and the
 * flagged group's expected precision (mean of 1 − P(alive)) is at least `minExpectedPrecision` —
 * the floor that keeps "likely gone" true of the group when the model separates poorly. Ties go to
 * the smallest τ (it flags the same customers). When no τ qualifies, τ = 0 (nobody is called gone).
 * Needs no ground truth, so it runs on a workspace's own orders.
 *
 * `pAlive`: P(alive) of the customers the rule applies to (repeat customers; values in [0, 1]).
 *
 * @throws RangeError when an option is out of range (minExpectedPrecision not in [0, 1),
 *   maxThreshold not in [step, 1], step not in (0, 0.5]) or a P(alive) is not a number in [0, 1].
 */
export function chooseChurnThresholdByExpectedF1(
  pAlive: readonly number[],
  options: ExpectedF1Options = {},
): ExpectedF1Threshold {
  const minPrecision = options.minExpectedPrecision ?? 0.5;
  const step = options.step ?? 0.01;
  const max = options.maxThreshold ?? 1;
  if (!(minPrecision >= 0 && minPrecision < 1))
    throw new RangeError(`minExpectedPrecision must be in [0, 1), got ${minPrecision}`);
  if (!(step > 0 && step <= 0.5)) throw new RangeError(`step must be in (0, 0.5], got ${step}`);
  if (!(max >= step && max <= 1)) throw new RangeError(`maxThreshold must be in [${step}, 1], got ${max}`);
  for (const p of pAlive)
    if (!(p >= 0 && p <= 1)) throw new RangeError(`P(alive) must be in [0, 1], got ${p}`);
  const sorted = Float64Array.from(pAlive).sort();
  let expectedGone = 0;
  for (const p of sorted) expectedGone += 1 - p;
  const at = (k: number) => Number((k * step).toFixed(10));
  const kHi = Math.floor(max / step + 1e-9);
  // One sweep up the grid: customers below τ are a growing prefix of the ascending P(alive).
  let i = 0;
  let gone = 0;
  let best = { threshold: 0, flagged: 0, gone: 0, f1: Number.NEGATIVE_INFINITY };
  for (let k = 1; k <= kHi; k++) {
    const tau = at(k);
    for (; i < sorted.length && sorted[i] < tau; i++) gone += 1 - sorted[i];
    if (i === 0 || gone / i < minPrecision) continue;
    const f1 = (2 * gone) / (i + expectedGone);
    if (f1 > best.f1) best = { threshold: tau, flagged: i, gone, f1 };
  }
  const { threshold, flagged } = best;
  return {
    method: 'expected-f1',
    threshold,
    minExpectedPrecision: minPrecision,
    customers: sorted.length,
    flagged,
    expectedGone,
    expectedPrecision: flagged === 0 ? null : best.gone / flagged,
    expectedRecall: expectedGone > 0 ? best.gone / expectedGone : null,
    expectedF1: flagged + expectedGone > 0 ? (2 * best.gone) / (flagged + expectedGone) : null,
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
