import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../errors/catalog.ts';
import { DEFAULT_WRITE_RETRY, retryWrite, writeRetryDelayMs } from './retry-write.ts';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('retryWrite', () => {
  it('waits what the policy promises: [s/2, s] with s doubling from minMs up to maxMs', () => {
    const policy = { ...DEFAULT_WRITE_RETRY, minMs: 50, maxMs: 1000 };
    for (let n = 1; n <= 8; n++) {
      const s = Math.min(1000, 50 * 2 ** (n - 1));
      expect(writeRetryDelayMs(n, policy, () => 0)).toBe(s / 2);
      expect(writeRetryDelayMs(n, policy, () => 0.999999)).toBeCloseTo(s, 2);
    }
  });

  it('retries a connection failure until the database is back, with the promised waits', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryWrite(
      async () => {
        if (++calls <= 5) throw new OmnifyError('OMNIFY_ERR_DATABASE_UNAVAILABLE');
        return 'written';
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('written');
    expect(calls).toBe(6);
    expect(waits).toHaveLength(5);
    waits.forEach((w, i) => {
      const s = Math.min(1000, 50 * 2 ** i);
      expect(w).toBeGreaterThanOrEqual(s / 2);
      expect(w).toBeLessThanOrEqual(s);
    });
  });

  it('gives up on a connection failure only after giveUpAfterMs', async () => {
    let clock = 0;
    let calls = 0;
    const p = retryWrite(
      async () => {
        calls++;
        throw refused();
      },
      {
        policy: { giveUpAfterMs: 5_000 },
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      },
    );
    await expect(p).rejects.toThrow('ECONNREFUSED');
    expect(clock).toBeGreaterThanOrEqual(5_000);
    expect(calls).toBeGreaterThan(5);
  });

  it('retries other errors a bounded number of times', async () => {
    let calls = 0;
    const p = retryWrite(
      async () => {
        calls++;
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
      { sleep: async () => {} },
    );
    await expect(p).rejects.toThrow('deadlock');
    expect(calls).toBe(DEFAULT_WRITE_RETRY.maxStatementFailures);
  });
});
