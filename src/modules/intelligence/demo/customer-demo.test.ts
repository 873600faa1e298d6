import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { expectedPurchases, fitBgNbd, probabilityAlive } from '../../../models/ltv/bgnbd.ts';
import { fitGammaGamma } from '../../../models/ltv/gamma-gamma.ts';
import { summarizeTransactions } from '../../../models/ltv/rfm.ts';
import { generateCustomerDemo } from './customer-demo.ts';
import { DEFAULT_CUSTOMER_PARAMS, simulateCustomers } from './customers.ts';

const relErr = (got: number, want: number): number => Math.abs(got / want - 1);

describe('generateCustomerDemo', () => {
  const demo = generateCustomerDemo();
  const { truth } = demo;

  it('is deterministic per seed and changes with the seed', () => {
    const again = generateCustomerDemo();
    expect(again.orders).toEqual(demo.orders);
    expect(again.contacts).toEqual(demo.contacts);
    const other = generateCustomerDemo({ seed: 43 });
    expect(other.orders.length).not.toBe(demo.orders.length);
    expect(other.truth.perCustomer[0].lambda).not.toBe(truth.perCustomer[0].lambda);
  });

  it('has the documented shape: 2,000 customers, dates, contacts, integer minor-unit amounts', () => {
    expect(demo.contacts).toHaveLength(2000);
    expect(truth.perCustomer).toHaveLength(2000);
    expect(truth.calibrationEnd).toBe('2025-09-30');
    expect(truth.holdoutEnd).toBe('2026-06-30');
    expect(demo.orders[0].date >= '2025-01-01').toBe(true);
    expect(demo.orders.at(-1)!.date <= '2026-06-30').toBe(true);
    // Every customer has its trial order within the 12 cohort weeks (84 days: up to 2025-03-25).
    const firsts = new Map<string, string>();
    for (const o of demo.orders) if (!firsts.has(o.customerId)) firsts.set(o.customerId, o.date);
    expect(firsts.size).toBe(2000);
    expect([...firsts.values()].every((d) => d <= '2025-03-25')).toBe(true);
    expect(demo.orders.every((o) => Number.isInteger(o.amountMinor) && o.amountMinor >= 1)).toBe(true);
    expect(new Set(demo.contacts.map((c) => c.email)).size).toBe(2000);
    expect(new Set(demo.contacts.map((c) => c.phoneE164)).size).toBe(2000);
    expect(demo.contacts[0].email).toMatch(/^[a-z]+\.[a-z]+\.1@example\.com$/);
    expect(demo.contacts.every((c) => /^\+1\d{3}55501\d{2}$/.test(c.phoneE164 ?? ''))).toBe(true);
    // Mean order value ≈ p·v/(q−1) = 4·37.5/5 = $30.
    const mean = demo.orders.reduce((s, o) => s + o.amountMinor, 0) / demo.orders.length / 100;
    expect(relErr(mean, 30)).toBeLessThan(0.1);
  });

  it('BG/NBD and Gamma-Gamma fitted on the 39 calibration weeks recover the truth', () => {
    const tx = demo.orders.map((o) => ({
      customerId: o.customerId,
      date: o.date,
      amount: o.amountMinor / 100,
    }));
    const rfm = summarizeTransactions(tx, truth.calibrationEnd, truth.holdoutEnd);
    expect(rfm).toHaveLength(2000);
    const bg = fitBgNbd(rfm);
    const gg = fitGammaGamma(rfm);
    console.info('demo truth', DEFAULT_CUSTOMER_PARAMS, 'BG/NBD fit', bg, 'Gamma-Gamma fit', gg);
    // Tolerances: ≥ the worst relative error seen over seeds 1–19 and 42 (worst r 12%, α 17%, a 18%,
    // b 26%, p 16%, q 17%, v 40%; RMS r 6%, α 8%, a 11%, b 14%, p 9%, q 7%, v 17%).
    expect(relErr(bg.r, truth.r)).toBeLessThan(0.15);
    expect(relErr(bg.alpha, truth.alpha)).toBeLessThan(0.2);
    expect(relErr(bg.a, truth.a)).toBeLessThan(0.25);
    expect(relErr(bg.b, truth.b)).toBeLessThan(0.35);
    expect(relErr(gg.p, truth.p)).toBeLessThan(0.25);
    expect(relErr(gg.q, truth.q)).toBeLessThan(0.2);
    expect(relErr(gg.v, truth.v)).toBeLessThan(0.45);
    // The identified spend quantity, the population mean order value p·v/(q−1), within 5%.
    expect(relErr((gg.p * gg.v) / (gg.q - 1), (truth.p * truth.v) / (truth.q - 1))).toBeLessThan(0.05);
    // Holdout check (FHL 2005 §4): predicted 39-week repeat purchases vs the simulated holdout.
    const predicted = rfm.reduce((s, c) => s + expectedPurchases(bg, 39, c), 0);
    const actual = rfm.reduce((s, c) => s + c.holdoutPurchases, 0);
    console.info(`holdout purchases: predicted ${predicted.toFixed(0)}, simulated ${actual}`);
    expect(relErr(predicted, actual)).toBeLessThan(0.1);
    // P(alive) separates customers that are truly alive at calibration end from those that are not.
    const alive = new Map(truth.perCustomer.map((c) => [c.customerId, c.aliveAtCalibrationEnd]));
    const meanPAlive = (want: boolean): number => {
      const group = rfm.filter((c) => c.frequency > 0 && alive.get(c.customerId) === want);
      return group.reduce((s, c) => s + probabilityAlive(bg, c), 0) / group.length;
    };
    expect(meanPAlive(true) - meanPAlive(false)).toBeGreaterThan(0.3);
  });

  it('rejects invalid options with OMNIFY_ERR_VALIDATION', () => {
    const bad = [
      { start: '2025-02-30' },
      { calibrationWeeks: 78 },
      { cohortWeeks: 40 },
      { currency: 'usd' },
      { customers: -1 },
      { seed: 0 },
      { params: { r: -1 } },
    ];
    for (const o of bad) {
      expect(() => generateCustomerDemo(o), JSON.stringify(o)).toThrow(OmnifyError);
    }
    try {
      generateCustomerDemo({ params: { alpha: 0 } });
    } catch (e) {
      expect((e as OmnifyError).code).toBe('OMNIFY_ERR_VALIDATION');
      expect((e as OmnifyError).details.fields?.[0].path).toBe('/params/alpha');
    }
  });
});

describe('simulateCustomers', () => {
  it('generates 100,000 customers in under 2 s of CPU with the population means of the truth', () => {
    simulateCustomers(5_000, DEFAULT_CUSTOMER_PARAMS, 3); // warm-up (JIT)
    // CPU time of this process, not wall time: other test files and processes share the cores.
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sims = simulateCustomers(100_000, DEFAULT_CUSTOMER_PARAMS, 7);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.info(`simulateCustomers(100000): ${cpuMs.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`);
    expect(cpuMs).toBeLessThan(2000);
    const { r, alpha, a, b, q, v } = DEFAULT_CUSTOMER_PARAMS;
    const mean = (f: (c: (typeof sims)[number]) => number): number =>
      sims.reduce((s, c) => s + f(c), 0) / sims.length;
    expect(
      relErr(
        mean((c) => c.lambda),
        r / alpha,
      ),
    ).toBeLessThan(0.02);
    expect(
      relErr(
        mean((c) => c.p),
        a / (a + b),
      ),
    ).toBeLessThan(0.02);
    expect(
      relErr(
        mean((c) => c.nu),
        q / v,
      ),
    ).toBeLessThan(0.02);
    expect(sims.every((c) => c.purchaseDays.every((d, i) => i === 0 || d >= c.purchaseDays[i - 1]))).toBe(
      true,
    );
  });
});
