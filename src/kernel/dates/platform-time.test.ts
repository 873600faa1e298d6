import { describe, expect, it } from 'vitest';
import { isStorableDate, timeFromIsoOrSeconds, timeFromUnixSeconds } from './platform-time.ts';

const receivedAt = new Date(Date.UTC(2030, 4, 6, 7, 8, 9));

describe('platform timestamps', () => {
  it('reads unix seconds as numbers or numeric strings', () => {
    expect(timeFromUnixSeconds('1700000000', receivedAt)).toEqual({ at: new Date(1_700_000_000_000) });
    expect(timeFromUnixSeconds(0, receivedAt).at.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(timeFromUnixSeconds(undefined, receivedAt)).toEqual({ at: receivedAt });
  });

  it('never throws: unusable values become the receipt time with a reason', () => {
    for (const v of [1e300, -1, Number.NaN, 'abc', '', {}, [], true, 253402300800, -8.64e12]) {
      const t = timeFromUnixSeconds(v, receivedAt);
      expect(t.at).toBe(receivedAt);
      expect(t.issue).toMatch(/time of receipt is used/);
      expect(() => t.at.toISOString()).not.toThrow();
    }
    expect(timeFromUnixSeconds(253402300799, receivedAt).issue).toBeUndefined();
  });

  it('reads ISO 8601 and refuses years beyond 9999', () => {
    expect(timeFromIsoOrSeconds('2025-11-01T10:15:30Z', receivedAt).at.toISOString()).toBe(
      '2025-11-01T10:15:30.000Z',
    );
    expect(timeFromIsoOrSeconds('+275760-09-13T00:00:00Z', receivedAt).issue).toBeDefined();
    expect(timeFromIsoOrSeconds('soon', receivedAt).at).toBe(receivedAt);
    expect(isStorableDate(new Date(Number.NaN))).toBe(false);
    expect(isStorableDate(receivedAt)).toBe(true);
  });
});
