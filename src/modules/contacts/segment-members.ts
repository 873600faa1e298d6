import type { Queryable } from '../../kernel/db/database.ts';

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
  const seg = await tx.query<{ id: string }>(
    `INSERT INTO segments (workspace_id, name, description) VALUES ($1, $2, 'Created by a churn-risk insight')
     ON CONFLICT (workspace_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [input.workspaceId, input.segmentName],
  );
  const segmentId = seg.rows[0]!.id;
  const n = await tx.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM segment_members WHERE segment_id = $1',
    [segmentId],
  );
  const added = await tx.query<{ contact_id: string }>(
    `INSERT INTO segment_members (segment_id, contact_id, added_by_action)
     SELECT $1, c.id, $3 FROM contacts c WHERE c.workspace_id = $4 AND c.id = ANY($2::uuid[])
     ON CONFLICT DO NOTHING RETURNING contact_id`,
    [segmentId, input.contactIds, input.actionId, input.workspaceId],
  );
  return { segmentId, membersBefore: Number(n.rows[0]!.n), added: added.rows.map((r) => r.contact_id) };
}

/** Removes, in the caller's transaction, the segment members that action `actionId` added. */
export async function removeActionSegmentMembers(tx: Queryable, actionId: string): Promise<void> {
  await tx.query('DELETE FROM segment_members WHERE added_by_action = $1', [actionId]);
}
