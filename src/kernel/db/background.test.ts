import { describe, expect, it } from 'vitest';
import { inBackground, isBackground } from './background.ts';

describe('inBackground', () => {
  it('marks the work it runs, through awaits and timers, and nothing outside it', async () => {
    expect(isBackground()).toBe(false);
    const seen = await inBackground(async () => {
      const first = isBackground();
      await new Promise((r) => setTimeout(r, 1));
      const afterTimer = isBackground();
      const inCallback = await new Promise<boolean>((r) => setImmediate(() => r(isBackground())));
      return [first, afterTimer, inCallback];
    });
    expect(seen).toEqual([true, true, true]);
    expect(isBackground()).toBe(false);
  });

  it('passes the result and the error through', async () => {
    await expect(inBackground(async () => 7)).resolves.toBe(7);
    await expect(inBackground(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
  });
});
