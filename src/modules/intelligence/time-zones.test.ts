import { describe, expect, it } from 'vitest';
import { accountTimeZone, DEFAULT_SYNC_DAYS, MAX_SYNC_DAYS, syncRange } from './ads/sync-range.ts';
import { demoEndDate } from './demo/ad-demo.ts';
import { parseDate } from './import/dates.ts';
import { defaultOrdersMapping, readOrdersCsv } from './import/orders.ts';

// Every clock is an explicit instant: the results hold on any date and with any process TZ.
const at = (iso: string) => new Date(iso);

describe('the default days of an ad sync follow the account’s time zone', () => {
  it('ends yesterday in the account’s zone: one instant, three different yesterdays across the date line', () => {
    const now = at('2026-12-31T10:30:00Z');
    expect(syncRange({}, 'Pacific/Kiritimati', now)).toEqual({ since: '2026-12-02', until: '2026-12-31' });
    expect(syncRange({}, 'UTC', now)).toEqual({ since: '2026-12-01', until: '2026-12-30' });
    expect(syncRange({}, 'Pacific/Pago_Pago', now)).toEqual({ since: '2026-11-30', until: '2026-12-29' });
  });

  it('turns the day at local midnight, also on DST nights', () => {
    // New York, 2026-03-08 (02:00 EST → 03:00 EDT): local midnights are 05:00Z on 03-08 and 04:00Z on 03-09.
    expect(syncRange({}, 'America/New_York', at('2026-03-08T04:59:59Z')).until).toBe('2026-03-06');
    expect(syncRange({}, 'America/New_York', at('2026-03-08T05:00:00Z')).until).toBe('2026-03-07');
    expect(syncRange({}, 'America/New_York', at('2026-03-09T03:59:59Z')).until).toBe('2026-03-07');
    expect(syncRange({}, 'America/New_York', at('2026-03-09T04:00:00Z')).until).toBe('2026-03-08');
    // 2026-11-01 (02:00 EDT → 01:00 EST): the day is 25 hours long, midnight after it at 05:00Z.
    expect(syncRange({}, 'America/New_York', at('2026-11-02T04:59:59Z')).until).toBe('2026-10-31');
    expect(syncRange({}, 'America/New_York', at('2026-11-02T05:00:00Z')).until).toBe('2026-11-01');
  });

  it('keeps given days, fills the other one, and refuses a reversed or too long range', () => {
    const now = at('2026-06-10T12:00:00Z');
    expect(syncRange({ since: '2026-05-01', until: '2026-05-03' }, 'UTC', now)).toEqual({
      since: '2026-05-01',
      until: '2026-05-03',
    });
    expect(syncRange({ since: '2026-06-01' }, 'UTC', now)).toEqual({
      since: '2026-06-01',
      until: '2026-06-09',
    });
    expect(syncRange({ until: '2026-05-30' }, 'UTC', now)).toEqual({
      since: '2026-05-01',
      until: '2026-05-30',
    });
    expect(DEFAULT_SYNC_DAYS).toBe(30);
    const reversed = () => syncRange({ since: '2026-06-20' }, 'Asia/Tokyo', now);
    expect(reversed).toThrow(
      expect.objectContaining({
        code: 'OMNIFY_ERR_VALIDATION',
        details: {
          fields: [
            {
              path: '/body/until',
              message: `must be on or after since (2026-06-20) and within ${MAX_SYNC_DAYS} days of it (left out, it is yesterday in Asia/Tokyo: 2026-06-09)`,
            },
          ],
        },
      }),
    );
    expect(() => syncRange({ since: '2026-01-01', until: '2026-04-04' }, 'UTC', now)).toThrow(/93 days/);
    expect(syncRange({ since: '2026-01-01', until: '2026-04-03' }, 'UTC', now).until).toBe('2026-04-03'); // 93 days
  });

  it('reads an account’s days in its own zone, else its workspace’s, else UTC', () => {
    expect(accountTimeZone('America/Los_Angeles', 'Europe/Berlin')).toBe('America/Los_Angeles');
    expect(accountTimeZone(null, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(accountTimeZone(null, undefined)).toBe('UTC');
  });
});

describe('the demo window ends before today in the workspace’s zone', () => {
  it('ends on the last Saturday before the local today', () => {
    // 2026-06-13 is a Saturday. At 2026-06-14T05:00Z it is Sunday the 14th in UTC and Auckland
    // (yesterday: Saturday the 13th) but still Saturday the 13th in Los Angeles (yesterday: Friday).
    const now = at('2026-06-14T05:00:00Z');
    expect(demoEndDate(now)).toBe('2026-06-13');
    expect(demoEndDate(now, 'Pacific/Auckland')).toBe('2026-06-13');
    expect(demoEndDate(now, 'America/Los_Angeles')).toBe('2026-06-06');
    expect(() => demoEndDate(now, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('imported date-times land on the workspace’s day', () => {
  it('places an instant with an offset on its local day; a local time keeps its own date', () => {
    expect(parseDate('2024-01-01T23:30:00-05:00', 'ISO-DATETIME')).toBe('2024-01-02');
    expect(parseDate('2024-01-01T23:30:00-05:00', 'ISO-DATETIME', 'America/New_York')).toBe('2024-01-01');
    expect(parseDate('2024-01-01T12:30:00Z', 'ISO-DATETIME', 'Pacific/Kiritimati')).toBe('2024-01-02');
    expect(parseDate('2024-01-01T23:30:00', 'ISO-DATETIME', 'Pacific/Kiritimati')).toBe('2024-01-01');
    expect(parseDate('2024-01-01T24:00:00', 'ISO-DATETIME', 'Europe/Berlin')).toBe('2024-01-02');
    // Summer time: 22:30Z on 2024-07-01 is 00:30 on 07-02 in Berlin (CEST, +2), not in winter (+1).
    expect(parseDate('2024-07-01T22:30:00Z', 'ISO-DATETIME', 'Europe/Berlin')).toBe('2024-07-02');
    expect(parseDate('2024-01-01T22:30:00Z', 'ISO-DATETIME', 'Europe/Berlin')).toBe('2024-01-01');
    expect(parseDate('1000-01-01T00:30:00+05:00', 'ISO-DATETIME')).toBeNull();
  });

  it('reads an orders file in the given zone', () => {
    const csv = 'customer_id,date,amount\nA,2024-01-01T23:30:00-05:00,1\nB,2024-01-01T02:00:00Z,2\n';
    const mapping = defaultOrdersMapping({ dateFormat: 'ISO-DATETIME', currency: 'EUR' });
    const days = (timeZone?: string) =>
      readOrdersCsv(csv, mapping, { timeZone }).rows.map((r) => (r.ok ? r.record.date : r.errors));
    expect(days()).toEqual(['2024-01-02', '2024-01-01']);
    expect(days('America/Chicago')).toEqual(['2024-01-01', '2023-12-31']);
    expect(days('Asia/Tokyo')).toEqual(['2024-01-02', '2024-01-01']);
  });
});
