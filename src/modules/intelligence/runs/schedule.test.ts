import { describe, expect, it } from 'vitest';
import { CATCH_UP_MS, dueSlots, latestSlot, tickCron } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const slot = (cron: string, zone: string, now: string) => iso(latestSlot(cron, zone, at(now)));

// Every clock is pinned (no Date.now, no process TZ): the results hold on any date and with any TZ.
describe('the UTC tick of a schedule', () => {
  it('runs at every minute the cron can fall due in some zone (offsets are multiples of 15 minutes)', () => {
    expect(tickCron('0 3 * * *')).toBe('0,15,30,45 * * * *');
    expect(tickCron('7 3 * * 1-5')).toBe('7,22,37,52 * * * *');
    expect(tickCron('*/5 * * * *')).toBe('0,5,10,15,20,25,30,35,40,45,50,55 * * * *');
    expect(tickCron('* 3 * * *')).toBe('* * * * *');
    expect(() => tickCron('99 3 * * *')).toThrow();
  });
});

describe('the latest slot of a cron in a time zone', () => {
  it('reads the cron on the zone’s wall clock', () => {
    expect(slot('0 3 * * *', 'UTC', '2026-06-10T12:00:00Z')).toBe('2026-06-10T03:00:00.000Z');
    expect(slot('0 3 * * *', 'Europe/Berlin', '2026-06-10T12:00:00Z')).toBe('2026-06-10T01:00:00.000Z');
    expect(slot('0 3 * * *', 'Europe/Berlin', '2026-01-10T12:00:00Z')).toBe('2026-01-10T02:00:00.000Z');
    expect(slot('0 3 * * *', 'Asia/Kathmandu', '2026-06-10T12:00:00Z')).toBe('2026-06-09T21:15:00.000Z');
    // A slot exactly now counts; a millisecond before it, the day before's does.
    expect(slot('0 3 * * *', 'UTC', '2026-06-10T03:00:00.000Z')).toBe('2026-06-10T03:00:00.000Z');
    expect(slot('0 3 * * *', 'UTC', '2026-06-10T02:59:59.999Z')).toBe('2026-06-09T03:00:00.000Z');
  });

  it('puts 03:00 on the local day across the date line', () => {
    // At 2026-06-10T14:00Z it is already 04:00 on 06-11 in Kiritimati (UTC+14): that day's 03:00 has come.
    expect(slot('0 3 * * *', 'Pacific/Kiritimati', '2026-06-10T14:00:00Z')).toBe('2026-06-10T13:00:00.000Z');
    // … while in Pago Pago (UTC−11) it is 03:00 on 06-10 only at 14:00Z.
    expect(slot('0 3 * * *', 'Pacific/Pago_Pago', '2026-06-10T13:59:00Z')).toBe('2026-06-09T14:00:00.000Z');
    expect(slot('0 3 * * *', 'Pacific/Pago_Pago', '2026-06-10T14:00:00Z')).toBe('2026-06-10T14:00:00.000Z');
  });

  it('runs a slot that spring-forward skips once, an hour later, and a repeated slot once', () => {
    const ny = (now: string) => slot('30 2 * * *', 'America/New_York', now);
    // 2026-03-08: 02:00 EST → 03:00 EDT. 02:30 does not exist: its run is at 03:30 EDT (07:30Z).
    expect(ny('2026-03-08T07:29:00Z')).toBe('2026-03-07T07:30:00.000Z');
    expect(ny('2026-03-08T07:30:00Z')).toBe('2026-03-08T07:30:00.000Z');
    expect(ny('2026-03-09T06:30:00Z')).toBe('2026-03-09T06:30:00.000Z'); // 02:30 EDT again
    // 2026-11-01: 02:00 EDT → 01:00 EST. 01:30 happens twice; both readings give its first time.
    const fold = (now: string) => slot('30 1 * * *', 'America/New_York', now);
    expect(fold('2026-11-01T05:45:00Z')).toBe('2026-11-01T05:30:00.000Z'); // 01:45 EDT
    expect(fold('2026-11-01T06:45:00Z')).toBe('2026-11-01T05:30:00.000Z'); // 01:45 EST
  });
});

describe('which workspaces are due', () => {
  const created = '2026-01-01T00:00:00.000Z';
  const workspaces = [
    { id: 'utc', timeZone: 'UTC', createdAt: created },
    { id: 'berlin', timeZone: 'Europe/Berlin', createdAt: created },
    { id: 'auckland', timeZone: 'Pacific/Auckland', createdAt: created },
  ];

  it('asks each workspace at its own 03:00, once per slot', () => {
    const cron = '0 3 * * *';
    const claimed = new Map<string, number>();
    const tick = (now: string) => {
      const due = dueSlots(cron, workspaces, claimed, at(now));
      for (const [id, s] of due) claimed.set(id, s);
      return Object.fromEntries([...due].map(([id, s]) => [id, iso(s)]));
    };
    // 01:00Z on 2026-06-10 is 03:00 in Berlin (CEST); UTC's and Auckland's last 03:00 are too old to catch up.
    expect(tick('2026-06-10T01:00:00Z')).toEqual({ berlin: '2026-06-10T01:00:00.000Z' });
    expect(tick('2026-06-10T01:15:00Z')).toEqual({}); // the same slot again: nobody
    expect(tick('2026-06-10T03:00:00Z')).toEqual({ utc: '2026-06-10T03:00:00.000Z' });
    expect(tick('2026-06-10T14:45:00Z')).toEqual({});
    // 03:00 NZST on 2026-06-11 is 15:00Z on 06-10.
    expect(tick('2026-06-10T15:00:00Z')).toEqual({ auckland: '2026-06-10T15:00:00.000Z' });
    expect(tick('2026-06-10T15:30:00Z')).toEqual({});
    expect(tick('2026-06-11T01:00:00Z')).toEqual({ berlin: '2026-06-11T01:00:00.000Z' });
  });

  it('catches up a missed slot for six hours, and never runs one from before the workspace existed', () => {
    const cron = '0 3 * * *';
    const none = new Map<string, number>();
    const late = (ms: number) => dueSlots(cron, [workspaces[0]], none, at('2026-06-10T03:00:00Z') + ms);
    expect(late(CATCH_UP_MS).get('utc')).toBe(at('2026-06-10T03:00:00Z'));
    expect(late(CATCH_UP_MS + 1).size).toBe(0);
    const fresh = [{ id: 'new', timeZone: 'UTC', createdAt: '2026-06-10T04:00:00.000Z' }];
    expect(dueSlots(cron, fresh, none, at('2026-06-10T05:00:00Z')).size).toBe(0);
    expect(dueSlots(cron, fresh, none, at('2026-06-11T03:00:00Z')).get('new')).toBe(
      at('2026-06-11T03:00:00Z'),
    );
  });

  it('follows a change of zone: the next local slot runs, an earlier one does not run again', () => {
    const cron = '0 3 * * *';
    // Ran at 03:00Z, then the workspace moves to Tokyo (03:00 JST = 18:00Z the day before): not due.
    const ran = new Map([['w', at('2026-06-10T03:00:00Z')]]);
    const tokyo = [{ id: 'w', timeZone: 'Asia/Tokyo', createdAt: created }];
    expect(dueSlots(cron, tokyo, ran, at('2026-06-10T10:00:00Z')).size).toBe(0);
    expect(dueSlots(cron, tokyo, ran, at('2026-06-10T18:00:00Z')).get('w')).toBe(at('2026-06-10T18:00:00Z'));
  });
});
