/**
 * Shared body of the creative-level backtest tests (one test file per metric so they run in
 * parallel): rolling-origin evaluation of {@link forecastSeries} against the seasonal naive method on
 * the 148 (campaign, engagement, banner, placement) series of the online-advertising dataset with
 * ≥ 60 days, gap-filled with zeros, origins 56, 70, 84, horizons 7, 14, 28 (FPP3 §5.10).
 */
import { describe, expect, it } from 'vitest';
import { hasSharedAds, loadOnlineAdvertisingSeries, sharedAdsSkipReason } from '../../testing/ad-datasets.ts';
import type { AdditiveMetric } from '../daily-metrics.ts';
import { type BacktestCase, backtestMetric, backtestTableRows, summarizeBacktest } from './backtest.ts';

/** Share of zero days before the first origin above which a series counts as intermittent. */
export const INTERMITTENT_ZERO_SHARE = 0.1;

/** Minimum margins (seasonal naive − ETS) a test requires: measured margin minus some slack. */
export interface CreativeMargins {
  /** MASE over all series at h = 7 and 14. */
  allMase: [number, number];
  /** MASE and sMAPE over regular series (≤ 10% zero days) at h = 7, 14, 28. */
  regularMase: [number, number, number];
  regularSmape: [number, number, number];
  /**
   * Bounds [low, high] of the chosen method's 80 % interval coverage over all scored days (h = 7, 14,
   * 28 pooled), regular and intermittent series.
   */
  coverage80: { regular: [number, number]; intermittent: [number, number] };
  /** Bounds of the expected randomized-PIT coverage of the same bands (pit.ts), pooled the same way. */
  pitCoverage80: { regular: [number, number]; intermittent: [number, number] };
}

/** Share of the scored days (all horizons pooled, weighted by h) inside the 80 % interval. */
function pooledCoverage80(cases: readonly BacktestCase[], pit = false): number {
  const days = cases.reduce((s, c) => s + c.horizon, 0);
  return cases.reduce((s, c) => s + (pit ? c.pitCoverage80 : c.coverage80) * c.horizon, 0) / days;
}

/** Declares the backtest suite for one metric; skipped (with the reason printed) without ../shared. */
export function describeCreativeBacktest(metric: AdditiveMetric, margins: CreativeMargins): void {
  if (!hasSharedAds) console.warn(sharedAdsSkipReason);
  describe.skipIf(!hasSharedAds)(`creative-level backtest of ${metric} (real data)`, () => {
    /** The ETS model's sMAPE on intermittent series per horizon, from the first test. */
    let etsIntermittentSmape: number[] | undefined;
    it('ETS beats seasonal naive on MASE overall and on MASE and sMAPE for regular series', () => {
      const series = loadOnlineAdvertisingSeries().filter((s) => s.points.length >= 60);
      expect(series).toHaveLength(148);
      // The ETS model itself; the chosen method is measured below.
      const cases = backtestMetric(series, metric, { step: 14, forecast: { selectMethod: false } });
      const all = summarizeBacktest(cases);
      const regular = summarizeBacktest(cases.filter((c) => c.zeroShare <= INTERMITTENT_ZERO_SHARE));
      const intermittent = summarizeBacktest(cases.filter((c) => c.zeroShare > INTERMITTENT_ZERO_SHARE));
      console.info(
        [
          ...backtestTableRows(`creatives ${metric}`, all),
          ...backtestTableRows(`regular ${metric}`, regular),
          ...backtestTableRows(`intermittent ${metric}`, intermittent),
        ].join('\n'),
      );
      expect(all.map((s) => s.cases)).toEqual([401, 277, 129]);
      margins.allMase.forEach((m, i) => {
        expect(all[i].naiveMase - all[i].etsMase).toBeGreaterThan(m);
      });
      regular.forEach((s, i) => {
        expect(s.naiveMase - s.etsMase).toBeGreaterThan(margins.regularMase[i]);
        expect(s.naiveSmape - s.etsSmape).toBeGreaterThan(margins.regularSmape[i]);
      });
      for (const s of all) expect(s.coverage95).toBeGreaterThan(0.85);
      etsIntermittentSmape = intermittent.map((s) => s.etsSmape);
    });

    it('the method chosen per series (ETS, TSB or seasonal naive) is never worse than seasonal naive on MASE, and halves intermittent sMAPE', () => {
      const series = loadOnlineAdvertisingSeries().filter((s) => s.points.length >= 60);
      const cases = backtestMetric(series, metric, { step: 14 });
      const regularCases = cases.filter((c) => c.zeroShare <= INTERMITTENT_ZERO_SHARE);
      const intermittentCases = cases.filter((c) => c.zeroShare > INTERMITTENT_ZERO_SHARE);
      const groups = {
        regular: summarizeBacktest(regularCases),
        intermittent: summarizeBacktest(intermittentCases),
      };
      console.info(
        [
          ...backtestTableRows(`chosen, regular ${metric}`, groups.regular),
          ...backtestTableRows(`chosen, intermittent ${metric}`, groups.intermittent),
        ].join('\n'),
      );
      for (const rows of Object.values(groups)) {
        for (const r of rows) expect(r.etsMase).toBeLessThan(r.naiveMase);
      }
      // ETS alone scored sMAPE 116–146 on intermittent series at h = 7 (TSB's zeros are far closer).
      groups.intermittent.forEach((r, i) => {
        if (etsIntermittentSmape) expect(r.etsSmape).toBeLessThan(etsIntermittentSmape[i]! * 0.7);
        expect(r.etsSmape).toBeLessThan(90);
      });
      // Bands calibrated on each series' own backtest (calibration.ts).
      const coverage = {
        regular: pooledCoverage80(regularCases),
        intermittent: pooledCoverage80(intermittentCases),
      };
      const pit = {
        regular: pooledCoverage80(regularCases, true),
        intermittent: pooledCoverage80(intermittentCases, true),
      };
      console.info(
        `80 % coverage, all h: regular ${coverage.regular.toFixed(3)}, intermittent ${coverage.intermittent.toFixed(3)}; ` +
          `randomized PIT: regular ${pit.regular.toFixed(3)}, intermittent ${pit.intermittent.toFixed(3)}`,
      );
      for (const g of ['regular', 'intermittent'] as const) {
        expect(coverage[g]).toBeGreaterThan(margins.coverage80[g][0]);
        expect(coverage[g]).toBeLessThan(margins.coverage80[g][1]);
        expect(pit[g]).toBeGreaterThan(margins.pitCoverage80[g][0]);
        expect(pit[g]).toBeLessThan(margins.pitCoverage80[g][1]);
      }
    });
  });
}
