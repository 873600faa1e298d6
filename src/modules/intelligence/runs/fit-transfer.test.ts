import { describe, expect, it } from 'vitest';
import { packResults, unpackResults } from './fit-transfer.ts';
import type { ModelResult } from './model-results.ts';

describe('fit results across threads as one buffer', () => {
  const results: ModelResult[] = [
    { subjectType: 'ad', subjectId: 'a1', result: undefined, resultJson: '{"x":"é ✓ 𝄞"}' },
    { subjectType: 'ad', subjectId: 'a2', result: undefined, resultJson: '{}' },
    { subjectType: 'campaign', subjectId: 'c1', result: undefined, resultJson: '' },
  ];

  it('packs the JSON texts into one transferable buffer and gives each back, byte for byte', () => {
    const { value, transfer } = packResults({ counts: { n: 3 }, results });
    expect(transfer).toHaveLength(2);
    const packed = value as unknown as { results: ModelResult[]; packedResults: { bytes: Uint8Array } };
    expect(packed.results.every((r) => !('resultJson' in r))).toBe(true);
    expect(transfer[0]).toBe(packed.packedResults.bytes.buffer);
    const back = unpackResults(structuredClone(value, { transfer }));
    expect(back).not.toHaveProperty('packedResults');
    expect(back.counts).toEqual({ n: 3 });
    expect(back.results.map((r) => [r.subjectType, r.subjectId, r.resultJson])).toEqual(
      results.map((r) => [r.subjectType, r.subjectId, r.resultJson]),
    );
  });

  it('leaves answers without encoded results as they are', () => {
    const plain = { status: 'completed', customers: [1, 2] };
    expect(packResults(plain)).toEqual({ value: plain, transfer: [] });
    expect(unpackResults(plain)).toBe(plain);
    const objects = { results: [{ subjectType: 'w', subjectId: 'w', result: { a: 1 } }] };
    expect(packResults(objects).transfer).toEqual([]);
  });
});
