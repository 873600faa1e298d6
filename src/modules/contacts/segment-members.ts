import { count, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import { contacts, segmentMembers, segments } from './contacts.schema.ts';

/** What {@link addContactsToSegmentByAction} did: the segment, its size before, the contacts added. */
export interface SegmentAddition {
  segmentId: string;
  membersBefore: number;
  /** Contact ids newly added (already-present members and other workspaces' contacts are skipped). */
  added: string[];
}

/**
 * Adds contacts to the workspace's segment `segmentName` on behalf of an insight action, in the
 * caller's transaction: the segment is created when missing (description "Created by a churn-risk
 * insight"); only the workspace's own contacts are added, each member row tagged with `actionId`
 * (`segment_members.added_by_action`) so {@link removeActionSegmentMembers} can undo exactly them.
 */
export async function addContactsToSegmentByAction(
  tx: Queryable,
  input: { workspaceId: string; segmentName: string; contactIds: readonly string[]; actionId: string },
): Promise<SegmentAddition> {
  const s = scoped(tx, input.workspaceId);
  const [seg] = await s.db
    .insert(segments)
    .values(s.values({ name: input.segmentName, description: 'Created by a churn-risk insight' }))
    .onConflictDoUpdate({ target: [segments.workspaceId, segments.name], set: { name: sql`excluded.name` } })
    .returning({ id: segments.id });
  const segmentId = seg!.id;
  const [n] = await s.db
    .select({ n: count() })
    .from(segmentMembers)
    .where(eq(segmentMembers.segmentId, segmentId));
  // Drizzle's insert … select names every column of the table, in order.
  const added = await s.db
    .insert(segmentMembers)
    .select(
      s.db
        .select({
          segmentId: sql<string>`${segmentId}::uuid`.as('segment_id'),
          contactId: contacts.id,
          addedByAction: sql<string | null>`${input.actionId}::uuid`.as('added_by_action'),
          addedAt: sql<Date>`now()`.as('added_at'),
        })
        .from(contacts)
        .where(s.where(contacts, sql`${contacts.id} = ANY(${sql.param(input.contactIds)}::uuid[])`)),
    )
    .onConflictDoNothing()
    .returning({ contactId: segmentMembers.contactId });
  return { segmentId, membersBefore: n!.n, added: added.map((r) => r.contactId) };
}

/** Removes, in the caller's transaction, the segment members that action `actionId` added. */
export async function removeActionSegmentMembers(tx: Queryable, actionId: string): Promise<void> {
  await orm(tx).delete(segmentMembers).where(eq(segmentMembers.addedByAction, actionId));
}
