import { asc, eq, sql } from 'drizzle-orm';
import { isCalendarDay } from '../../../kernel/dates/calendar-day.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import { keyset, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { readCursor } from '../../../kernel/http-server/schemas.ts';
import type { KnownEvent } from '../../../models/anomaly/known-events.ts';
import { intelKnownEvents } from '../intelligence.schema.ts';

/**
 * The workspace's calendar of known events (`intel_known_events`): a holiday, a sale, an outage, as
 * calendar days `startsOn`..`endsOn` (inclusive, `YYYY-MM-DD`), optionally every year. Every query
 * is confined to one workspace (`scoped`). Inputs arrive checked by the routes
 * (known-events.routes.ts): a trimmed name, real days, a range `knownEventRangeProblem` accepts.
 */

/** A known event as the API shows it; times ISO 8601 UTC. */
export interface KnownEventRecord extends KnownEvent {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** The fields a change may set; undefined leaves a field as it is. */
export type KnownEventPatch = Partial<KnownEvent>;

const t = intelKnownEvents;
const columns = {
  id: t.id,
  name: t.name,
  startsOn: t.startsOn,
  endsOn: t.endsOn,
  recursYearly: t.recursYearly,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
};

function toRecord(r: {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  recursYearly: boolean;
  createdAt: Date;
  updatedAt: Date;
}): KnownEventRecord {
  return {
    id: r.id,
    name: r.name,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    recursYearly: r.recursYearly,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * One page of the workspace's known events by start day, then id (keyset, ascending; `limit` 1–200).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (field `/querystring/cursor`) for a cursor this list
 *   did not make (its position must be a real day and a uuid, so nothing forged reaches SQL).
 */
export async function listKnownEvents(
  db: Queryable,
  workspaceId: string,
  f: { limit: number; cursor?: string },
): Promise<{ data: KnownEventRecord[]; nextCursor: string | null }> {
  const cur = readCursor(f.cursor);
  if (cur && (!isUuid(cur.id) || !isCalendarDay(cur.at))) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The cursor is not valid.', {
      fields: [{ path: '/querystring/cursor', message: 'not a cursor of this list' }],
    });
  }
  const k = keyset({
    sort: t.startsOn,
    id: t.id,
    sortType: 'text',
    order: 'asc',
    limit: f.limit,
    cursor: f.cursor,
  });
  const s = scoped(db, workspaceId);
  const rows = await s.db
    // The day as text: the cursor's position (the drivers return `date` as its text anyway).
    .select({ ...columns, pageAt: sql<string>`${t.startsOn}::text` })
    .from(t)
    .where(s.where(t, k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toRecord);
}

/**
 * Every known event of the workspace as the anomaly model reads them (by start day), for a model
 * run's `WorkspaceSeries.calendar`.
 */
export async function loadCalendar(db: Queryable, workspaceId: string): Promise<KnownEvent[]> {
  const s = scoped(db, workspaceId);
  return s.db
    .select({ name: t.name, startsOn: t.startsOn, endsOn: t.endsOn, recursYearly: t.recursYearly })
    .from(t)
    .where(s.where(t))
    .orderBy(asc(t.startsOn), asc(t.id));
}

/** Stores a new known event in the workspace; returns it. */
export async function insertKnownEvent(
  db: Queryable,
  workspaceId: string,
  e: KnownEvent,
): Promise<KnownEventRecord> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .insert(t)
    .values(s.values({ name: e.name, startsOn: e.startsOn, endsOn: e.endsOn, recursYearly: e.recursYearly }))
    .returning(columns);
  return toRecord(row!);
}

/**
 * Applies `patch` to the workspace's known event `id` and sets `updated_at`; null when absent (or
 * another workspace's). Run it in the transaction that read and checked the merged range.
 */
export async function updateKnownEvent(
  db: Queryable,
  workspaceId: string,
  id: string,
  patch: KnownEventPatch,
): Promise<KnownEventRecord | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .update(t)
    .set({
      name: patch.name,
      startsOn: patch.startsOn,
      endsOn: patch.endsOn,
      recursYearly: patch.recursYearly,
      updatedAt: sql`now()`,
    })
    .where(s.where(t, eq(t.id, id)))
    .returning(columns);
  return row ? toRecord(row) : null;
}

/**
 * The workspace's known event `id`, locked for update until the transaction `tx` ends; null when
 * absent (or another workspace's, or `id` is no uuid).
 */
export async function lockKnownEvent(
  tx: Queryable,
  workspaceId: string,
  id: string,
): Promise<KnownEventRecord | null> {
  if (!isUuid(id)) return null;
  const s = scoped(tx, workspaceId);
  const [row] = await s.db
    .select(columns)
    .from(t)
    .where(s.where(t, eq(t.id, id)))
    .for('update');
  return row ? toRecord(row) : null;
}

/** Deletes the workspace's known event `id`; false when absent (or another workspace's). */
export async function deleteKnownEvent(db: Queryable, workspaceId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const gone = await s.db
    .delete(t)
    .where(s.where(t, eq(t.id, id)))
    .returning({ id: t.id });
  return gone.length > 0;
}
