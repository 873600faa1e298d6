/**
 * The scheduled model run (`INTEL_SCHEDULE`, a 5-field cron) in each workspace's own time zone:
 * `0 3 * * *` is 03:00 in Berlin for a Berlin workspace and 03:00 in Auckland for an Auckland one.
 *
 * pg-boss keeps one cron schedule per queue, in one zone, so it cannot hold one schedule per
 * workspace. Instead a UTC tick ({@link tickCron}: every minute at which the cron can fall due in
 * some zone) runs the `intel-run` job `{ allWorkspaces: true }`, and {@link requestScheduledRuns}
 * asks for a run in each workspace whose latest slot ({@link latestSlot}) has come and is not yet
 * claimed. A slot is claimed once in `intel_schedules` (an upsert that only moves forward), so
 * repeated or late ticks, several processes and a restart never run a slot twice; a slot missed
 * while no worker ran is caught up for {@link CATCH_UP_MS}.
 *
 * Local times are those of the cron read on the workspace's wall clock (Vixie cron's reading); a
 * slot that a daylight-saving change skips or repeats is taken as RFC 5545 §3.3.5 does (see
 * src/kernel/dates/time-zone.ts): 02:30 on a spring-forward night runs at 03:30, 01:30 on a
 * fall-back night runs once, at its first occurrence.
 */
import { CronExpressionParser } from 'cron-parser';
import { instantOf, type TimeZone, wallClock } from '../../../kernel/dates/time-zone.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { listWorkspaces } from '../../workspaces/workspaces.service.ts';
import { MODEL_NAMES, requestRun } from './runs.repository.ts';

/** How long after its time a slot nobody ran (no worker was up) is still run: later ones are skipped. */
export const CATCH_UP_MS = 6 * 3_600_000;

/**
 * Every UTC offset in use since 1979 is a multiple of 15 minutes (tz database: the last other one,
 * Liberia's −0:44:30, ended in 1972), so a cron minute m falls due somewhere at UTC minutes m, m+15,
 * m+30, m+45 (mod 60).
 */
const OFFSET_STEP_MINUTES = 15;

/**
 * The UTC cron of the tick that makes `cron` fire in every time zone on time: each hour, at the
 * cron's minutes shifted by multiples of 15 minutes (`0 3 * * *` → `0,15,30,45 * * * *`;
 * `*\/5 * * * *` → every fifth minute). A workspace's slot is requested at the first tick at or
 * after it, so a late tick only delays it.
 * @throws Error from cron-parser when `cron` is not a valid 5-field expression.
 */
export function tickCron(cron: string): string {
  const minutes = CronExpressionParser.parse(cron, { tz: 'UTC' }).fields.minute.values as number[];
  const all = new Set<number>();
  for (const m of minutes) for (let k = 0; k < 60; k += OFFSET_STEP_MINUTES) all.add((m + k) % 60);
  const sorted = [...all].sort((a, b) => a - b);
  return `${sorted.length === 60 ? '*' : sorted.join(',')} * * * *`;
}

/**
 * The latest slot of `cron` in `timeZone` at or before `now`, as an instant (ms since the epoch):
 * the cron is matched against the zone's wall clock, and the matching local time turned back into
 * an instant ({@link instantOf}: a time skipped by a DST change moves forward by the change, a
 * repeated one is its first occurrence). Null when the cron has no slot in the past (never, for a
 * valid cron).
 * @throws Error from cron-parser for an invalid cron; RangeError for an unknown zone.
 */
export function latestSlot(cron: string, timeZone: TimeZone, now: Date | number): number | null {
  const at = typeof now === 'number' ? now : now.getTime();
  // The wall clock read as if it were UTC, so cron-parser's UTC arithmetic never meets a DST change.
  const wall = wallClock(at, timeZone);
  const slots = CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(wall + 1) });
  // A slot just before a forward change may map after `now` (02:30 → 03:30): take the one before it.
  for (let i = 0; i < 3 && slots.hasPrev(); i++) {
    const slot = instantOf(slots.prev().getTime(), timeZone);
    if (slot <= at) return slot;
  }
  return null;
}

/** A workspace as the schedule sees it. */
export interface ScheduledWorkspace {
  id: string;
  timeZone: TimeZone;
  /** ISO 8601 instant: slots before it are not its own (a new workspace waits for its first slot). */
  createdAt: string;
}

/**
 * The slot each workspace is due for at `now` (its latest slot, when that is after its last
 * claimed slot and its creation and no older than {@link CATCH_UP_MS}); workspaces not due are left
 * out. Pure: `lastSlots` is what `intel_schedules` holds (workspace id → ms).
 */
export function dueSlots(
  cron: string,
  workspaces: readonly ScheduledWorkspace[],
  lastSlots: ReadonlyMap<string, number>,
  now: Date | number,
): Map<string, number> {
  const at = typeof now === 'number' ? now : now.getTime();
  const byZone = new Map<string, number | null>();
  const due = new Map<string, number>();
  for (const w of workspaces) {
    if (!byZone.has(w.timeZone)) byZone.set(w.timeZone, latestSlot(cron, w.timeZone, at));
    const slot = byZone.get(w.timeZone);
    if (slot == null || at - slot > CATCH_UP_MS) continue;
    if (slot < Date.parse(w.createdAt) || slot <= (lastSlots.get(w.id) ?? Number.NEGATIVE_INFINITY)) continue;
    due.set(w.id, slot);
  }
  return due;
}

/**
 * The schedule tick (`intel-run` `{ allWorkspaces: true }`): requests a full model run (reason
 * `schedule`) in every workspace due at `now` ({@link dueSlots}), each claim and its run request in
 * one transaction; a slot another process claimed first is skipped. Returns the workspaces asked.
 */
export async function requestScheduledRuns(
  deps: { db: Database; queue: JobQueue },
  cron: string,
  now: Date = new Date(),
): Promise<string[]> {
  const workspaces = await listWorkspaces(deps.db);
  const claimed = await deps.db.query<{ workspace_id: string; ms: string }>(
    'SELECT workspace_id, (extract(epoch FROM last_slot) * 1000)::bigint::text AS ms FROM intel_schedules',
  );
  const last = new Map(claimed.rows.map((r) => [r.workspace_id, Number(r.ms)]));
  const asked: string[] = [];
  for (const [workspaceId, slot] of dueSlots(cron, workspaces, last, now)) {
    const won = await deps.db.transaction(async (tx) => {
      const claim = await tx.query(
        `INSERT INTO intel_schedules (workspace_id, last_slot) VALUES ($1, $2)
         ON CONFLICT (workspace_id) DO UPDATE SET last_slot = EXCLUDED.last_slot
           WHERE intel_schedules.last_slot < EXCLUDED.last_slot
         RETURNING workspace_id`,
        [workspaceId, new Date(slot).toISOString()],
      );
      if (claim.rows.length === 0) return false;
      await requestRun(deps.queue, deps.db, workspaceId, MODEL_NAMES, 'schedule', tx);
      return true;
    });
    if (won) asked.push(workspaceId);
  }
  return asked;
}
