/**
 * Prediction intervals of the seasonal naive forecast (FPP3, Hyndman & Athanasopoulos 2021, §5.5):
 * the h-step error is the one-season residual e_t = y_t − y_{t−m} grown by √(k + 1), k = ⌊(h − 1)/m⌋
 * whole seasons past the last one. We take the residuals' empirical quantiles instead of a normal
 * σ (ad metrics are skewed), and clip at 0.
 */
import { WEEKLY_PERIOD } from './ets-model.ts';
import { sampleQuantile } from './tsb.ts';

/** The sorted one-season residuals y_t − y_{t−m} of `history` (empty when shorter than m + 1). */
export function seasonalResiduals(history: readonly number[], m = WEEKLY_PERIOD): number[] {
  const out: number[] = [];
  for (let t = m; t < history.length; t++) out.push(history[t]! - history[t - m]!);
  return out.sort((a, b) => a - b);
}

/** The growth √(k + 1) of the residuals at step `h` (1-based), k = ⌊(h − 1)/m⌋ whole seasons ahead. */
export function seasonalGrowth(h: number, m = WEEKLY_PERIOD): number {
  return Math.sqrt(Math.floor((h - 1) / m) + 1);
}

/** The `q`-quantile of step `h` (1-based) around point `point`, from sorted `residuals`, ≥ 0. */
export function seasonalNaiveQuantile(
  point: number,
  residuals: readonly number[],
  h: number,
  q: number,
  m = WEEKLY_PERIOD,
): number {
  return Math.max(0, point + sampleQuantile(residuals, q) * seasonalGrowth(h, m));
}
