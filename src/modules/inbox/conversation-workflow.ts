import { eq, inArray, sql } from 'drizzle-orm';
import type { OmnifyContext } from '../../kernel/context.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { findMember } from '../users/users.service.ts';
import { enqueueWake } from './conversation-wake.job.ts';
import { type ConversationStatus, conversationReads, conversations, type Handoff } from './inbox.schema.ts';

/**
 * How a team works a conversation: status and snooze, assignment, handoff (one conversation or
 * many) and per-user read marks. Validation failures throw `OMNIFY_ERR_VALIDATION` (400) naming
 * the body field; a conversation the workspace does not have is reported (false / per id), never
 * thrown, so the routes answer 404 or list it.
 */

type Deps = Pick<OmnifyContext, 'db' | 'queue'>;

/** A change of one conversation: any of the fields (`assigneeUserId: null` unassigns). */
export interface ConversationPatch {
  status?: ConversationStatus;
  /** ISO 8601; required with `status: snoozed`, alone it snoozes. */
  snoozedUntil?: string;
  assigneeUserId?: string | null;
  handoff?: Handoff;
}

const invalid = (path: string, message: string) =>
  new OmnifyError('OMNIFY_ERR_VALIDATION', `${path.split('/').pop()} ${message}.`, {
    fields: [{ path, message }],
  });

/** Throws 400 unless `userId` is a member of the workspace (a user not disabled). */
async function assertMember(db: Queryable, workspaceId: string, userId: string): Promise<void> {
  if (!isUuid(userId) || !(await findMember(db, workspaceId, userId))) {
    throw invalid('/body/assigneeUserId', 'is not a member of this workspace');
  }
}

/** The wake time of a snooze: a date in the future, else 400. */
function wakeTime(snoozedUntil: string): Date {
  const at = new Date(snoozedUntil);
  if (Number.isNaN(at.getTime())) throw invalid('/body/snoozedUntil', 'is not a date-time');
  if (at.getTime() <= Date.now()) throw invalid('/body/snoozedUntil', 'must be in the future');
  return at;
}

/**
 * Applies `patch` to one conversation of the workspace in one transaction; false when the
 * workspace has no conversation with this id. Snoozing (`status: snoozed` with `snoozedUntil`,
 * or `snoozedUntil` alone) enqueues the `conversation-wake` job in the same transaction; any
 * other status clears the wake time. 400 for a snooze without a future time, a wake time with
 * another status, or an assignee who is not a member of the workspace.
 */
export async function updateConversation(
  deps: Deps,
  workspaceId: string,
  id: string,
  patch: ConversationPatch,
): Promise<boolean> {
  if (patch.status === 'snoozed' && patch.snoozedUntil === undefined) {
    throw invalid('/body/snoozedUntil', 'is required when status is snoozed');
  }
  if (patch.snoozedUntil !== undefined && patch.status !== undefined && patch.status !== 'snoozed') {
    throw invalid('/body/snoozedUntil', 'is only allowed with status snoozed');
  }
  const until = patch.snoozedUntil === undefined ? undefined : wakeTime(patch.snoozedUntil);
  if (patch.assigneeUserId) await assertMember(deps.db, workspaceId, patch.assigneeUserId);
  if (!isUuid(id)) return false;
  const status: ConversationStatus | undefined = until ? 'snoozed' : patch.status;
  return deps.db.transaction(async (tx) => {
    const s = scoped(tx, workspaceId);
    const [row] = await s.db
      .update(conversations)
      .set({
        ...(status !== undefined ? { status, snoozedUntil: until ?? null } : {}),
        ...(patch.assigneeUserId !== undefined ? { assigneeUserId: patch.assigneeUserId } : {}),
        ...(patch.handoff !== undefined ? { handoff: patch.handoff } : {}),
      })
      .where(s.where(conversations, eq(conversations.id, id)))
      .returning({
        until: sql<string | null>`${conversations.snoozedUntil}::text`,
        delayMs: sql<number>`(extract(epoch FROM ${conversations.snoozedUntil} - now()) * 1000)::float8`,
      });
    if (!row) return false;
    if (until && row.until) {
      await enqueueWake(deps, { conversationId: id, workspaceId, until: row.until }, row.delayMs, tx);
    }
    return true;
  });
}

/** A bulk change: the statuses that need no wake time, and/or an assignee (null unassigns). */
export interface BulkChange {
  ids: string[];
  status?: Exclude<ConversationStatus, 'snoozed'>;
  assigneeUserId?: string | null;
}

/** The outcome for one id of a bulk change, in the order given. */
export interface BulkResult {
  id: string;
  ok: boolean;
  error: { code: 'OMNIFY_ERR_NOT_FOUND'; message: string } | null;
}

/**
 * Changes the status and/or assignee of many conversations in one statement. Ids that name no
 * conversation of the workspace (malformed, another workspace's, deleted) are reported one by one
 * as `OMNIFY_ERR_NOT_FOUND` and never stop the others. 400 when neither change is given or the
 * assignee is not a member.
 */
export async function bulkUpdate(
  db: Queryable,
  workspaceId: string,
  change: BulkChange,
): Promise<BulkResult[]> {
  if (change.status === undefined && change.assigneeUserId === undefined) {
    throw invalid('/body', 'needs status or assigneeUserId');
  }
  if (change.assigneeUserId) await assertMember(db, workspaceId, change.assigneeUserId);
  const candidates = [...new Set(change.ids.filter(isUuid).map((id) => id.toLowerCase()))];
  const s = scoped(db, workspaceId);
  const changed =
    candidates.length === 0
      ? []
      : await s.db
          .update(conversations)
          .set({
            ...(change.status !== undefined ? { status: change.status, snoozedUntil: null } : {}),
            ...(change.assigneeUserId !== undefined ? { assigneeUserId: change.assigneeUserId } : {}),
          })
          .where(s.where(conversations, inArray(conversations.id, candidates)))
          .returning({ id: conversations.id });
  const done = new Set(changed.map((r) => r.id));
  return change.ids.map((id) =>
    done.has(id.toLowerCase())
      ? { id, ok: true, error: null }
      : { id, ok: false, error: { code: 'OMNIFY_ERR_NOT_FOUND', message: 'No conversation has this id.' } },
  );
}

/**
 * Marks the conversation read for `userId` up to its inbound messages now (unread becomes 0 for
 * them; messages arriving later count again). False when the workspace has no such conversation.
 */
export async function markRead(
  db: Queryable,
  workspaceId: string,
  id: string,
  userId: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const [conv] = await s.db
    .select({ inbound: conversations.inboundCount })
    .from(conversations)
    .where(s.where(conversations, eq(conversations.id, id)));
  if (!conv) return false;
  await s.db
    .insert(conversationReads)
    .values(s.values({ conversationId: id, userId, readInboundCount: conv.inbound }))
    .onConflictDoUpdate({
      target: [conversationReads.conversationId, conversationReads.userId],
      set: {
        lastReadAt: sql`now()`,
        readInboundCount: sql`GREATEST(${conversationReads.readInboundCount}, excluded.read_inbound_count)`,
      },
    });
  return true;
}
