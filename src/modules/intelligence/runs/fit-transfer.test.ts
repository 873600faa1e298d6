import { describe, expect, it } from 'vitest';
import type { NewInsight } from '../insights/insights.repository.ts';
import { packAdFit, unpackAdFit } from './fit-transfer.ts';
import type { AdFit } from './fits.ts';

describe('ad fit answers across threads as buffers', () => {
  const insight: NewInsight = {
    kind: 'fatigue',
    severity: 'warning',
    fingerprint: 'fatigue:ad:a1',
    title: 'Ad “Été ✓” is wearing out',
    summary: 's',
    subjectType: 'ad',
    subjectId: 'a1',
    evidence: { ctr: [0.01, 0.02], note: '𝄞' },
    recommendation: null,
  };
  const chart = { timeline: [{ date: '2026-03-01', ctr: 0.0123 }], label: 'Été ✓ 𝄞' };
  const charted: NewInsight = { ...insight, fingerprint: 'fatigue:ad:a3', subjectId: 'a3', chart };
  const fit: AdFit = {
    results: [
      { subjectType: 'ad', subjectId: 'a1', result: { x: 'é ✓ 𝄞', n: [1, 2.5] } },
      { subjectType: 'ad', subjectId: 'a2', result: {} },
      { subjectType: 'campaign', subjectId: 'c1', result: null },
    ],
    insights: [insight, charted],
    resolved: [{ kind: 'fatigue', fingerprint: 'fatigue:ad:a2', resolution: { why: 'recovered' } }],
    counts: { ads: 2, byStatus: { healthy: 1 } },
  };

  it('moves every list as a buffer and gives each item back, results and charts as their JSON', async () => {
    const { value, transfer } = packAdFit(fit);
    expect(transfer).toHaveLength(12);
    const back = (await unpackAdFit(structuredClone(value, { transfer }))) as AdFit;
    expect(back.counts).toEqual(fit.counts);
    // A chart is not parsed on the receiving thread: it is stored as the JSON text it came as.
    expect(back.insights.map((i) => i.chart)).toEqual([undefined, undefined]);
    expect(back.insights.map((i) => i.chartJson)).toEqual([undefined, JSON.stringify(chart)]);
    const { chart: _, ...chartless } = charted;
    expect(back.insights).toEqual([insight, { ...chartless, chartJson: JSON.stringify(chart) }]);
    expect(back.resolved).toEqual(fit.resolved);
    expect(
      back.results.map((r) => [r.subjectType, r.subjectId, r.result, JSON.parse(r.resultJson!)]),
    ).toEqual(fit.results.map((r) => [r.subjectType, r.subjectId, undefined, r.result]));
  });

  it('moves large results in chunks of about 8 MB of JSON, in order', async () => {
    const big = (n: number) => ({
      subjectType: 'ad',
      subjectId: `a${n}`,
      result: { pad: 'x'.repeat(3_000_000 + n) },
    });
    const large: AdFit = { results: [big(1), big(2), big(3), big(4)], insights: [], counts: {} };
    const { value, transfer } = packAdFit(large);
    expect((value as { resultJson: unknown[] }).resultJson).toHaveLength(2);
    const back = (await unpackAdFit(structuredClone(value, { transfer }))) as AdFit;
    expect(back.results.map((r) => [r.subjectId, JSON.parse(r.resultJson!).pad.length])).toEqual(
      large.results.map((r) => [r.subjectId, (r.result as { pad: string }).pad.length]),
    );
  });

  it('keeps a fit without resolutions without them, and leaves other answers as they are', async () => {
    const { resolved: _, ...noResolved } = fit;
    const packed = packAdFit(noResolved);
    const back = (await unpackAdFit(structuredClone(packed.value, { transfer: packed.transfer }))) as AdFit;
    expect(back).not.toHaveProperty('resolved');
    const plain = { status: 'completed', customers: [1, 2] };
    expect(packAdFit(plain)).toEqual({ value: plain, transfer: [] });
    expect(await unpackAdFit(plain)).toBe(plain);
  });
});
