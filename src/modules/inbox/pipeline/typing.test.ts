import { describe, expect, it } from 'vitest';
import { TYPING_EVERY_MS, TypingThrottle } from './typing.ts';

describe('TypingThrottle', () => {
  const clock = (start = 1_700_000_000_000) => {
    const c = { t: start, now: () => c.t };
    return c;
  };

  it('lets one call per conversation through every 5 s', () => {
    const c = clock();
    const throttle = new TypingThrottle(TYPING_EVERY_MS, c.now);
    expect(throttle.take('a')).toBe(true);
    c.t += 4_999;
    expect(throttle.take('a')).toBe(false);
    expect(throttle.take('b')).toBe(true);
    c.t += 1;
    expect(throttle.take('a')).toBe(true);
    expect(throttle.take('b')).toBe(false);
  });

  it('refused calls do not extend the window', () => {
    const c = clock();
    const throttle = new TypingThrottle(5_000, c.now);
    expect(throttle.take('a')).toBe(true);
    for (let i = 0; i < 4; i++) {
      c.t += 1_000;
      expect(throttle.take('a')).toBe(false);
    }
    c.t += 1_000;
    expect(throttle.take('a')).toBe(true);
  });

  it('lets a call through when the clock went back', () => {
    const c = clock();
    const throttle = new TypingThrottle(5_000, c.now);
    expect(throttle.take('a')).toBe(true);
    c.t -= 60_000;
    expect(throttle.take('a')).toBe(true);
  });

  it('forgets conversations past their window, and keeps at most `max`', () => {
    const c = clock();
    const throttle = new TypingThrottle(5_000, c.now, 3);
    for (const k of ['a', 'b', 'c']) expect(throttle.take(k)).toBe(true);
    expect(throttle.size).toBe(3);
    expect(throttle.take('d')).toBe(true);
    // The oldest ('a') was forgotten to make room; 'b' is still remembered.
    expect(throttle.size).toBe(3);
    expect(throttle.take('b')).toBe(false);
    c.t += 5_000;
    expect(throttle.take('e')).toBe(true);
    expect(throttle.size).toBe(1);
  });
});
