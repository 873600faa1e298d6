import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './outbound-send.job.ts';

describe('retryDelayMs', () => {
  it('grows exponentially with jitter between half and the full step', () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = retryDelayMs(attempt, 1000, 60_000);
        const step = Math.min(60_000, 1000 * 2 ** attempt);
        expect(d).toBeGreaterThanOrEqual(step / 2);
        expect(d).toBeLessThanOrEqual(step);
      }
    }
  });

  it('never exceeds the cap and never waits less than the platform asked', () => {
    expect(retryDelayMs(30, 1000, 5000)).toBeLessThanOrEqual(5000);
    expect(retryDelayMs(0, 100, 1000, 7000)).toBe(7000);
  });
});
