import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { fitResponseCurve, fitResponseCurveFromSeries, type ResponseCurveFitOk } from './fit.ts';
import { steadyStateResponse } from './response-curve.ts';
import { simulateCampaign } from './synthetic.ts';

// Truth: half-saturation at $800/day, S-shaped (α = 1.8), half of the effect carried to the next day.
// Spend uniform on $200–$2,000/day; Gaussian noise sd 15 conversions/day (≈ 4% of the mean ≈ 390).
const truth = { theta: 0.5, alpha: 1.8, gamma: 80_000, beta: 500, baseline: 100 };
const sim = (days: number, seed: number) =>
  simulateCampaign({ truth, days, spendMin: 20_000, spendMax: 200_000, noiseSd: 15, seed });
const ok = (f: ReturnType<typeof fitResponseCurve>): ResponseCurveFitOk => {
  if (f.status !== 'ok') throw new Error(`fit failed: ${f.reason}`);
  return f;
};

describe('fitResponseCurve: known-parameter recovery (seeded synthetic data)', () => {
  it('recovers θ, α, γ, β from 180 days, noise sd 15/day', () => {
    const d = sim(180, 11);
    const f = ok(fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 0 }));
    console.info('recovered (truth θ 0.5, α 1.8, γ 80000, β 500, b 100):', f.params, 'R²', f.r2.toFixed(3));
    expect(f.params.theta).toBeGreaterThan(0.45);
    expect(f.params.theta).toBeLessThan(0.55);
    expect(Math.abs(f.params.gamma / truth.gamma - 1)).toBeLessThan(0.1);
    expect(Math.abs(f.params.alpha - truth.alpha)).toBeLessThan(0.5);
    expect(Math.abs(f.params.beta / truth.beta - 1)).toBeLessThan(0.25);
    // The steady-state response where the data live is pinned much more tightly than β and α.
    for (const s of [50_000, 100_000, 150_000])
      expect(Math.abs(steadyStateResponse(f.params, s) / steadyStateResponse(truth, s) - 1)).toBeLessThan(
        0.03,
      );
    expect(f.rmse).toBeGreaterThan(12);
    expect(f.rmse).toBeLessThan(18);
    expect(f.intervals).toBeNull();
  });

  it('fit + 200 bootstrap draws of a 90-day campaign takes well under 1 s (CPU time)', () => {
    const d = sim(90, 3);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const f = ok(fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 200 }));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.info(`fit + 200 draws, 90 days: ${cpuMs.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`);
    expect(f.draws).toHaveLength(200);
    expect(cpuMs).toBeLessThan(1000);
  });

  it('90% bootstrap intervals cover the truth in ≥ 15 of 20 replications (90 days, 60 draws)', () => {
    const cover = { theta: 0, alpha: 0, gamma: 0, beta: 0, response: 0 };
    const levels: Record<string, number> = {};
    for (let rep = 0; rep < 20; rep++) {
      const d = sim(90, 100 + rep);
      const f = ok(
        fitResponseCurve(
          { spendMinor: d.spendMinor, outcome: d.outcome },
          { bootstrapDraws: 60, seed: rep + 1 },
        ),
      );
      for (const k of ['theta', 'alpha', 'gamma', 'beta'] as const) {
        const iv = f.intervals![k];
        if (iv.lower <= truth[k] && truth[k] <= iv.upper) cover[k]++;
      }
      const r = f.draws.map((p) => steadyStateResponse(p, 110_000)).sort((a, b) => a - b);
      const t = steadyStateResponse(truth, 110_000);
      if (r[3] <= t && t <= r[56]) cover.response++; // 5%–95% of 60 draws
      levels[f.identifiability.level] = (levels[f.identifiability.level] ?? 0) + 1;
    }
    console.info('bootstrap 90% interval coverage out of 20:', cover, 'identifiability:', levels);
    for (const v of Object.values(cover)) expect(v).toBeGreaterThanOrEqual(15);
    // Well-identified data: mostly 'good'; α at its bound may make a few 'weak', never 'poor'.
    expect(levels.good).toBeGreaterThanOrEqual(14);
    expect(levels.poor).toBeUndefined();
  });

  it('is deterministic for a seed', () => {
    const d = sim(60, 5);
    const a = ok(
      fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 20, seed: 9 }),
    );
    const b = ok(
      fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 20, seed: 9 }),
    );
    expect(b.draws).toEqual(a.draws);
    const c = ok(
      fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 20, seed: 10 }),
    );
    expect(c.draws).not.toEqual(a.draws);
  });
});

describe('fitResponseCurve: identifiability is reported, not hidden', () => {
  it('flags near-constant spend as poor', () => {
    const d = simulateCampaign({
      truth,
      days: 90,
      spendMin: 97_000,
      spendMax: 103_000,
      noiseSd: 15,
      seed: 2,
    });
    const f = ok(fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 50 }));
    expect(f.identifiability.level).toBe('poor');
    expect(f.identifiability.reasons.join(' ')).toMatch(/barely varies/);
  });

  it('flags a linear (never saturating) response: γ at the top of the observed spend', () => {
    const lin = { theta: 0, alpha: 1, gamma: 1e9, beta: 1e9 * 0.003, baseline: 50 }; // ≈ 0.003·spend + 50
    const d = simulateCampaign({
      truth: lin,
      days: 90,
      spendMin: 20_000,
      spendMax: 200_000,
      noiseSd: 15,
      seed: 4,
    });
    const f = ok(fitResponseCurve({ spendMinor: d.spendMinor, outcome: d.outcome }, { bootstrapDraws: 50 }));
    console.info('linear truth →', f.params, f.identifiability.reasons);
    expect(f.identifiability.level).not.toBe('good');
    expect(f.identifiability.reasons.join(' ')).toMatch(/saturation is not observed/);
  });

  it('flags an outcome unrelated to spend', () => {
    const d = sim(90, 8);
    const noise = simulateCampaign({
      truth,
      days: 90,
      spendMin: 20_000,
      spendMax: 200_000,
      noiseSd: 15,
      seed: 99,
    });
    const f = ok(
      fitResponseCurve({ spendMinor: d.spendMinor, outcome: noise.outcome }, { bootstrapDraws: 50 }),
    );
    expect(f.r2).toBeLessThan(0.2);
    expect(f.identifiability.level).not.toBe('good');
  });
});

describe('fitResponseCurve: input handling', () => {
  it('returns insufficient_data for short, spendless or constant series', () => {
    expect(fitResponseCurve({ spendMinor: [1, 2, 3], outcome: [1, 2, 3] })).toMatchObject({
      status: 'insufficient_data',
      days: 3,
    });
    const zeros = new Array(40).fill(0);
    expect(fitResponseCurve({ spendMinor: zeros, outcome: zeros.map((_, i) => i) }).status).toBe(
      'insufficient_data',
    );
    const flat = new Array(40).fill(500);
    const r = fitResponseCurve({ spendMinor: flat, outcome: flat.map((_, i) => i) });
    expect(r.status === 'insufficient_data' && r.reason).toMatch(/constant/);
  });

  it('throws OMNIFY_ERR_VALIDATION on mismatched or invalid input', () => {
    const bad = () => fitResponseCurve({ spendMinor: [1, 2], outcome: [1] });
    expect(bad).toThrow(OmnifyError);
    try {
      fitResponseCurve({ spendMinor: [1, -2, 3], outcome: [1, 2, Number.NaN] });
    } catch (e) {
      expect((e as OmnifyError).code).toBe('OMNIFY_ERR_VALIDATION');
      expect((e as OmnifyError).details.fields?.map((f) => f.path)).toEqual(['/spendMinor/1', '/outcome/2']);
    }
    expect(() =>
      fitResponseCurve({ spendMinor: [1], outcome: [1] }, { bounds: { gamma: [0, 10], theta: [0, 1] } }),
    ).toThrow(/Invalid response-curve input/);
    expect.assertions(4);
  });

  it('reads a DailySeries, filling missing days with zero spend', () => {
    const d = sim(40, 6);
    const points = d.spendMinor.map((s, i) => ({
      date: `2020-05-${String(i + 1).padStart(2, '0')}`,
      impressions: 0,
      clicks: 0,
      spendMinor: s,
      conversions: d.outcome[i],
      revenueMinor: 0,
    }));
    const dates = (n: number) => addDays('2020-05-01', n);
    points.forEach((p, i) => {
      p.date = dates(i < 20 ? i : i + 1); // one missing day after day 20
    });
    const f = ok(
      fitResponseCurveFromSeries({ key: 'c', currency: 'USD', points }, 'conversions', { bootstrapDraws: 0 }),
    );
    expect(f.days).toBe(41);
    expect(f.spend.min).toBe(0);
  });
});
