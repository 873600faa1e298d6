import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { etsMinObservations, etsParameterCount, fitEts, selectEts } from './ets-fit.ts';
import {
  ETS_MODELS,
  type EtsParams,
  type EtsSpec,
  etsFilter,
  etsForecastVariance,
  etsPointForecast,
  parseEtsName,
} from './ets-model.ts';
import { simulateEts } from './simulate.ts';

describe('ETS recursion, point forecasts and variances (hand-checked)', () => {
  it('ETS(A,N,N) and ETS(A,N,A) filters match a hand computation', () => {
    const ann = etsFilter(
      [2, 4],
      { trend: 'N', season: 'N' },
      { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
      {
        level: 0,
        trend: 0,
        season: [],
      },
    );
    expect([...ann.errors]).toEqual([2, 3]);
    expect(ann.final.level).toBe(2.5);
    // m = 2, α = 0.5, γ = 0.25, ℓ0 = 10, seeds (1, −1):
    // t1: ŷ 11, e 1, ℓ 10.5, s 1.25; t2: ŷ 9.5, e −1.5, ℓ 9.75, s −1.375; t3: ŷ 11, e 0.
    const ana = etsFilter(
      [12, 8, 11],
      { trend: 'N', season: 'A' },
      { alpha: 0.5, beta: 0, gamma: 0.25, phi: 1 },
      { level: 10, trend: 0, season: [1, -1] },
    );
    expect([...ana.errors]).toEqual([1, -1.5, 0]);
    expect(ana.final).toEqual({ level: 9.75, trend: 0, season: [-1.375, 1.25] });
  });

  it('damped-trend point forecasts are ℓ + (φ+…+φ^h) b + s', () => {
    const f = etsPointForecast(
      { trend: 'Ad', season: 'A' },
      { alpha: 0.5, beta: 0.1, gamma: 0.1, phi: 0.5 },
      { level: 10, trend: 1, season: [1, -1] },
      3,
    );
    expect(f).toEqual([11.5, 9.75, 11.875]);
  });

  it('h-step variances equal the closed forms of FPP3 Table 8.8 (m = 7)', () => {
    const [a, b, g, f, m] = [0.3, 0.05, 0.15, 0.9, 7];
    const p: EtsParams = { alpha: a, beta: b, gamma: g, phi: f };
    const closed: Record<string, (h: number, k: number) => number> = {
      'ETS(A,N,N)': (h) => 1 + a * a * (h - 1),
      'ETS(A,A,N)': (h) => 1 + (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6),
      'ETS(A,N,A)': (h, k) => 1 + a * a * (h - 1) + g * k * (2 * a + g),
      'ETS(A,A,A)': (h, k) =>
        1 +
        (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6) +
        g * k * (2 * a + g + b * m * (k + 1)),
      'ETS(A,Ad,N)': (h) => 1 + a * a * (h - 1) + damped(h),
      'ETS(A,Ad,A)': (h, k) =>
        1 +
        a * a * (h - 1) +
        g * k * (2 * a + g) +
        damped(h) +
        ((2 * b * g * f) / ((1 - f) * (1 - f ** m))) * (k * (1 - f ** m) - f ** m * (1 - f ** (m * k))),
    };
    function damped(h: number): number {
      return (
        ((b * f * h) / (1 - f) ** 2) * (2 * a * (1 - f) + b * f) -
        ((b * f * (1 - f ** h)) / ((1 - f) ** 2 * (1 - f * f))) *
          (2 * a * (1 - f * f) + b * f * (1 + 2 * f - f ** h))
      );
    }
    for (const name of ETS_MODELS) {
      const spec = parseEtsName(name) as EtsSpec;
      const v = etsForecastVariance(spec, { ...p, phi: spec.trend === 'Ad' ? f : 1 }, 2, 30, m);
      for (let h = 1; h <= 30; h++) {
        expect(v[h - 1]).toBeCloseTo(2 * closed[name](h, Math.floor((h - 1) / m)), 10);
      }
    }
  });

  it('counts parameters as smoothing + free seeds (seasonal seed sums to zero)', () => {
    expect(etsParameterCount({ trend: 'Ad', season: 'A' })).toBe(4 + 2 + 6);
    expect(etsParameterCount({ trend: 'N', season: 'N' })).toBe(2);
    expect(etsMinObservations({ trend: 'N', season: 'A' })).toBe(12); // k = 9 + σ², n − k − 1 > 0
    expect(() => fitEts([1, 2, 3], { trend: 'N', season: 'A' })).toThrow(OmnifyError);
  });
});

describe('ETS fitting on simulated Holt-Winters data', () => {
  const spec: EtsSpec = { trend: 'A', season: 'A' };
  const truth: EtsParams = { alpha: 0.3, beta: 0.02, gamma: 0.1, phi: 1 };
  const init = { level: 100, trend: 0.5, season: [6, 3, 0, -2, -4, -6, 3] };

  it('recovers α, β, the seed level, trend and weekly season and σ² of ETS(A,A,A), chosen by AICc', () => {
    const seeds = [1, 2, 3, 4, 5];
    const fits = seeds.map((seed) => {
      const { y } = simulateEts(spec, truth, init, 364, 1, seed);
      const sel = selectEts(y, ETS_MODELS);
      expect(sel.best?.model).toBe('ETS(A,A,A)');
      expect(sel.candidates).toHaveLength(6);
      return fitEts(y, spec);
    });
    const avg = (f: (x: (typeof fits)[number]) => number): number =>
      fits.reduce((s, x) => s + f(x), 0) / fits.length;
    // Measured averages: α 0.297, β 0.015, ℓ0 100.55, b0 0.444, σ² 1.01.
    expect(avg((x) => x.params.alpha)).toBeGreaterThan(0.25);
    expect(avg((x) => x.params.alpha)).toBeLessThan(0.35);
    expect(avg((x) => x.params.beta)).toBeLessThan(0.04);
    expect(Math.abs(avg((x) => x.init.level) - 100)).toBeLessThan(1);
    expect(Math.abs(avg((x) => x.init.trend) - 0.5)).toBeLessThan(0.12);
    for (let j = 0; j < 7; j++)
      expect(Math.abs(avg((x) => x.init.season[j]) - init.season[j])).toBeLessThan(0.6);
    expect(Math.abs(avg((x) => x.sigma2) - 1)).toBeLessThan(0.1);
    for (const f of fits) {
      expect(f.params.beta).toBeLessThan(f.params.alpha);
      expect(f.params.gamma).toBeLessThan(1 - f.params.alpha);
      expect(f.init.season.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 9);
    }
  });

  it('fits a noise-free seasonal series exactly and forecasts its pattern', () => {
    const pattern = [10, 12, 15, 11, 9, 5, 4];
    const y = Array.from({ length: 42 }, (_, t) => 50 + pattern[t % 7]);
    const fit = fitEts(y, { trend: 'N', season: 'A' });
    expect(fit.sse).toBeLessThan(1e-6);
    const f = etsPointForecast(fit.spec, fit.params, fit.final, 7);
    f.forEach((v, h) => {
      expect(v).toBeCloseTo(50 + pattern[(42 + h) % 7], 4);
    });
  });
});
