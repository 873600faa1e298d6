import { and, asc, gt, inArray, lt, lte, max, min, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import {
  type ConversationEventPayload,
  EVENT_RETENTION_HOURS,
  EVENT_WRITER_LOCK,
  type EventPayload,
  events,
  type InboxEventType,
  type MessageEventPayload,
} from './events.schema.ts';

/**
 * One event as clients receive it (`data:` of the stream, items of the JSON page). `id` is the
 * event's position as a decimal string (also the stream's `id:` line); `at` is when the change was
 * written (ISO 8601 UTC). `messageId` and `message` on `message.*` events, `conversation` on
 * `conversation.*` events (docs/api-events.md).
 */
export type InboxEvent = {
  id: string;
  type: InboxEventType;
  conversationId: string;
  messageId?: string;
  at: string;
} & Partial<EventPayload>;

/** A stored event row with its workspace (the reader fans rows out by it). */
export type EventRow = typeof events.$inferSelect;

/** The message of a `message.*` event row (its message columns are set: the trigger fills them all). */
function messageView(r: EventRow): MessageEventPayload {
  return {
    direction: r.direction!,
    senderKind: r.senderKind!,
    private: r.private!,
    contentType: r.contentType!,
    preview: r.preview,
    status: r.deliveryStatus,
    edited: r.edited!,
    attempts: r.attempts!,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage } : null,
    createdAt: r.messageCreatedAt!.toISOString(),
  };
}

/** The conversation of a `conversation.*` event row (its conversation columns are set). */
function conversationView(r: EventRow): ConversationEventPayload {
  return {
    status: r.conversationStatus!,
    channelId: r.channelId!,
    contactId: r.contactId!,
    lastMessageAt: r.lastMessageAt!.toISOString(),
    snoozedUntil: r.snoozedUntil?.toISOString() ?? null,
    assigneeUserId: r.assigneeUserId,
    handoff: r.handoff,
    messageCount: r.messageCount,
    inboundCount: r.inboundCount,
  };
}

/** The client's view of an event row's payload. */
function payloadView(r: EventRow): EventPayload {
  return r.type.startsWith('message.') ? { message: messageView(r) } : { conversation: conversationView(r) };
}

/** The API view of a stored event. */
export function toInboxEvent(r: EventRow): InboxEvent {
  return {
    id: String(r.id),
    type: r.type,
    conversationId: r.conversationId,
    ...(r.messageId ? { messageId: r.messageId } : {}),
    at: r.createdAt.toISOString(),
    ...payloadView(r),
  };
}

/** Every workspace's events with an id above `after`, in id order, at most `limit`. */
export async function eventsAfter(db: Queryable, after: number, limit: number): Promise<EventRow[]> {
  // unscoped: the process-wide reader takes every workspace's new events and hands each to its workspace's streams
  return orm(db).select().from(events).where(gt(events.id, after)).orderBy(asc(events.id)).limit(limit);
}

/** The workspace's events with `after < id <= upTo`, in id order, at most `limit`. */
export async function workspaceEvents(
  db: Queryable,
  workspaceId: string,
  range: { after: number; upTo: number; limit: number },
): Promise<EventRow[]> {
  const s = scoped(db, workspaceId);
  return s.db
    .select()
    .from(events)
    .where(s.where(events, gt(events.id, range.after), lte(events.id, range.upTo)))
    .orderBy(asc(events.id))
    .limit(range.limit);
}

/** The lowest and highest stored event ids (0 and 0 when there is none). */
export async function eventIdBounds(db: Queryable): Promise<{ oldest: number; newest: number }> {
  // unscoped: the bounds of the whole log (the readers' start position, resume points past retention)
  const [row] = await orm(db)
    .select({ oldest: min(events.id), newest: max(events.id) })
    .from(events);
  return { oldest: Number(row?.oldest ?? 0), newest: Number(row?.newest ?? 0) };
}

/**
 * The transactions (PostgreSQL virtual transaction ids) holding the event writers' lock now: those
 * that may still commit events (migration 003 takes the lock before drawing an id).
 */
export async function eventWriters(db: Queryable): Promise<Set<string>> {
  const [classId, objId] = EVENT_WRITER_LOCK;
  const { rows } = await db.query<{ vxid: string }>(
    `SELECT virtualtransaction AS vxid FROM pg_locks
      WHERE locktype = 'advisory' AND classid = ${classId} AND objid = ${objId} AND objsubid = 2 AND granted`,
  );
  return new Set(rows.map((r) => r.vxid));
}

/**
 * Deletes events older than `olderThanHours` (default: the retention), oldest first, in batches of
 * `batch` taken from the head of the log, so each statement is short and bounded; stops at the first
 * batch with a newer event in it (those left are deleted by a later run). Safe to run concurrently
 * and repeatedly. Returns how many it deleted.
 */
export async function pruneEvents(
  db: Queryable,
  olderThanHours = EVENT_RETENTION_HOURS,
  batch = 5_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    // unscoped: retention applies to every workspace's events alike
    const gone = await orm(db)
      .delete(events)
      .where(
        and(
          inArray(events.id, sql`(SELECT ${events.id} FROM ${events} ORDER BY ${events.id} LIMIT ${batch})`),
          lt(events.createdAt, sql`now() - make_interval(hours => ${olderThanHours})`),
        ),
      )
      .returning({ id: events.id });
    total += gone.length;
    if (gone.length < batch) return total;
  }
}
