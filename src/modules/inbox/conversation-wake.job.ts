import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { conversations } from './inbox.schema.ts';
import type { PipelineDeps } from './pipeline/deps.ts';

/**
 * Data of a `conversation-wake` job: the snoozed conversation and the wake time it was enqueued
 * for (`snoozed_until` as the database prints it, so it compares exactly).
 */
export interface ConversationWakeJob {
  conversationId: string;
  workspaceId: string;
  until: string;
}

/**
 * Enqueues the job that reopens a conversation snoozed until `until` (the database's text of the
 * timestamp) after `delayMs` milliseconds (computed by the database, so the application's clock
 * plays no part); in `tx` when given (committed or rolled back with the snooze).
 */
export async function enqueueWake(
  deps: Pick<PipelineDeps, 'queue'>,
  job: ConversationWakeJob,
  delayMs: number,
  tx?: Queryable,
): Promise<void> {
  await deps.queue.enqueue('conversation-wake', job, { startAfterMs: Math.max(0, Math.ceil(delayMs)) }, tx);
}

/**
 * Reopens a snoozed conversation when its time has come (job `conversation-wake`, at least once):
 * `snoozed` → `open` only while it is still snoozed until exactly the time this job was made for,
 * so a conversation re-snoozed, reopened or changed meanwhile is left alone (its own job handles a
 * new time), and running twice changes nothing more. A job that runs early (queue clocks) enqueues
 * itself again for the time left.
 */
export async function runConversationWake(
  deps: Pick<PipelineDeps, 'db' | 'queue'>,
  job: ConversationWakeJob,
): Promise<void> {
  const s = scoped(deps.db, job.workspaceId);
  const target = and(
    eq(conversations.id, job.conversationId),
    eq(conversations.status, 'snoozed'),
    sql`${conversations.snoozedUntil} = ${job.until}::timestamptz`,
  );
  const woke = await s.db
    .update(conversations)
    .set({ status: 'open', snoozedUntil: null })
    .where(s.where(conversations, target, sql`${conversations.snoozedUntil} <= now()`))
    .returning({ id: conversations.id });
  if (woke.length > 0) return;
  const [early] = await s.db
    .select({
      leftMs: sql<number>`(extract(epoch FROM ${conversations.snoozedUntil} - now()) * 1000)::float8`,
    })
    .from(conversations)
    .where(s.where(conversations, target));
  if (early) await enqueueWake(deps, job, early.leftMs);
}
