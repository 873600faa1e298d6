import type { Queryable } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ContactConversations } from './contact-conversations.ts';
import type { ActorKind, MergeMoved } from './contacts.schema.ts';
import { conversationsOfLink } from './link-conversations.ts';

/** One merge as the API shows it (times ISO 8601 UTC). */
export interface ContactMerge {
  id: string;
  targetContactId: string;
  sourceContactId: string;
  /** The two contacts' names now (null when unnamed). */
  targetName: string | null;
  sourceName: string | null;
  reason: string;
  suggestionId: string | null;
  /** True for an automatic link: a new identity joined the target on a strong match (`mergedBy` `system`). */
  automatic: boolean;
  mergedBy: string;
  mergedByKind: ActorKind | null;
  mergedAt: string;
  moved: { identities: number; conversations: number; segments: number };
  unmergedAt: string | null;
  unmergedBy: string | null;
  unmergedByKind: ActorKind | null;
  unmergeReason: string | null;
}

/** Who did it, for the audit: a user id, an API key id, or `system` (automatic linking). */
export type Actor = string;

/** Omnify itself, as the actor of automatic links. */
export const SYSTEM_ACTOR = 'system';

type MergeRow = {
  id: string;
  target_name?: string | null;
  source_name?: string | null;
  target_contact_id: string;
  source_contact_id: string;
  reason: string;
  suggestion_id: string | null;
  merged_by: string;
  merged_by_kind: ActorKind | null;
  moved: MergeMoved;
  merged_at: Date;
  unmerged_at: Date | null;
  unmerged_by: string | null;
  unmerged_by_kind: ActorKind | null;
  unmerge_reason: string | null;
};

const view = (r: MergeRow): ContactMerge => ({
  id: r.id,
  targetContactId: r.target_contact_id,
  sourceContactId: r.source_contact_id,
  targetName: r.target_name ?? null,
  sourceName: r.source_name ?? null,
  reason: r.reason,
  suggestionId: r.suggestion_id,
  automatic: r.moved.link !== undefined,
  mergedBy: r.merged_by,
  mergedByKind: r.merged_by_kind,
  mergedAt: r.merged_at.toISOString(),
  moved: {
    identities: r.moved.identities.length,
    conversations: r.moved.conversationIds.length,
    segments: r.moved.segmentIds.length,
  },
  unmergedAt: r.unmerged_at?.toISOString() ?? null,
  unmergedBy: r.unmerged_by,
  unmergedByKind: r.unmerged_by_kind,
  unmergeReason: r.unmerge_reason,
});

/** The two contacts' names, for a `contact_merges` row's select list. */
const NAMES = `(SELECT n.name FROM contacts n WHERE n.id = target_contact_id) AS target_name,
  (SELECT n.name FROM contacts n WHERE n.id = source_contact_id) AS source_name`;

interface Locked {
  id: string;
  name: string | null;
  phone_e164: string | null;
  email: string | null;
  merged_into: string | null;
}

/** Locks contacts `ids` of the workspace in id order (concurrent merges of the same pair queue up). */
async function lockContacts(tx: Queryable, workspaceId: string, ids: string[]): Promise<Map<string, Locked>> {
  const r = await tx.query<Locked>(
    `SELECT id, name, phone_e164, email, merged_into FROM contacts
      WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [workspaceId, ids],
  );
  return new Map(r.rows.map((row) => [row.id, row]));
}

/**
 * Merges contact `sourceId` into `targetId`, in the caller's transaction, and returns the audit
 * record. Moves the source's identities (marked `merge`) and, through `conversations`, its
 * conversations to the target; adds the target to the source's segments it was not in; fills the
 * target's empty name, phone and e-mail from the source; hides the source (`merged_into`). Every
 * moved id and every filled field is recorded, so {@link unmergeContacts} restores exactly that.
 *
 * `actorKind` says who `actor` is (default `user`). With `link` (an automatic link, actor `system`)
 * the moved identities are marked `auto` instead and the record keeps the matched keys.
 *
 * Throws `OMNIFY_ERR_NOT_FOUND` (either contact absent in the workspace, or already merged away) and
 * `OMNIFY_ERR_VALIDATION` (the same contact twice).
 */
export async function mergeContacts(
  tx: Queryable,
  workspaceId: string,
  conversations: ContactConversations,
  m: {
    targetId: string;
    sourceId: string;
    reason: string;
    actor: Actor;
    actorKind?: ActorKind;
    suggestionId?: string;
    link?: MergeMoved['link'];
  },
): Promise<ContactMerge> {
  if (m.targetId === m.sourceId)
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'A contact cannot be merged into itself.', {
      fields: [{ path: '/body/sourceContactId', message: 'must be another contact' }],
    });
  const locked = await lockContacts(tx, workspaceId, [m.targetId, m.sourceId]);
  const target = locked.get(m.targetId);
  const source = locked.get(m.sourceId);
  if (!target || target.merged_into) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such contact.');
  if (!source || source.merged_into)
    throw new OmnifyError(
      'OMNIFY_ERR_NOT_FOUND',
      'The contact to merge does not exist or was merged already.',
    );

  const identities = await tx.query<{ id: string; linked: 'created' | 'auto' | 'merge' }>(
    `WITH moved AS (
       SELECT id, linked FROM identities WHERE workspace_id = $1 AND contact_id = $2 ORDER BY id FOR UPDATE
     ), upd AS (
       UPDATE identities i SET contact_id = $3, linked = $4 FROM moved WHERE i.id = moved.id
     )
     SELECT id, linked FROM moved`,
    [workspaceId, m.sourceId, m.targetId, m.link ? 'auto' : 'merge'],
  );
  const conversationIds = await conversations.reassign(tx, workspaceId, m.sourceId, m.targetId);
  const segments = await tx.query<{ segment_id: string }>(
    `INSERT INTO segment_members (segment_id, contact_id, added_at)
     SELECT sm.segment_id, $3, now() FROM segment_members sm JOIN segments s ON s.id = sm.segment_id AND s.workspace_id = $1
      WHERE sm.contact_id = $2
     ON CONFLICT DO NOTHING RETURNING segment_id`,
    [workspaceId, m.sourceId, m.targetId],
  );
  const filled = {
    name: target.name === null && source.name !== null ? source.name : null,
    phoneE164: target.phone_e164 === null && source.phone_e164 !== null ? source.phone_e164 : null,
    email: target.email === null && source.email !== null ? source.email : null,
  };
  await tx.query(
    `UPDATE contacts SET name = COALESCE(name, $3), phone_e164 = COALESCE(phone_e164, $4), email = COALESCE(email, $5),
       updated_at = now() WHERE id = $2 AND workspace_id = $1`,
    [workspaceId, m.targetId, filled.name, filled.phoneE164, filled.email],
  );
  await tx.query(
    `UPDATE contacts SET merged_into = $3, updated_at = now() WHERE id = $2 AND workspace_id = $1`,
    [workspaceId, m.sourceId, m.targetId],
  );
  const moved: MergeMoved = {
    identities: identities.rows.map((r) => ({ id: r.id, linked: r.linked })),
    conversationIds,
    segmentIds: segments.rows.map((r) => r.segment_id),
    targetFilled: filled,
    ...(m.link ? { link: m.link } : {}),
  };
  const r = await tx.query<MergeRow>(
    `INSERT INTO contact_merges (workspace_id, target_contact_id, source_contact_id, reason, suggestion_id, merged_by, merged_by_kind, moved)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *, ${NAMES}`,
    [
      workspaceId,
      m.targetId,
      m.sourceId,
      m.reason.slice(0, 500),
      m.suggestionId ?? null,
      m.actor,
      m.actorKind ?? 'user',
      JSON.stringify(moved),
    ],
  );
  return view(r.rows[0]!);
}

/**
 * Undoes merge `mergeId` of contact `contactId` (its target or source), in the caller's
 * transaction: the recorded identities (with how they were linked) and conversations go back to
 * the source, the segment memberships the merge added to the target are removed, the target's
 * fields the merge filled are emptied again (those changed since are kept), and the source is
 * visible again. Returns the updated audit record.
 *
 * Undoing an automatic link detaches the identity: it goes back to its own contact with the
 * conversations that came with it since the link (see `conversationsOfLink`, recorded in the
 * record's `moved` now), and is marked `detached_from` the target, so it is never linked back
 * silently: its next message makes a merge suggestion instead (`resolveIdentity`).
 *
 * Throws `OMNIFY_ERR_NOT_FOUND` (no such merge of this contact) and `OMNIFY_ERR_CONFLICT` (undone
 * already, or the target was itself merged away since: undo that merge first).
 */
export async function unmergeContacts(
  tx: Queryable,
  workspaceId: string,
  conversations: ContactConversations,
  u: { contactId: string; mergeId: string; reason: string; actor: Actor; actorKind?: ActorKind },
): Promise<ContactMerge> {
  const found = await tx.query<MergeRow>(
    `SELECT * FROM contact_merges WHERE id = $2 AND workspace_id = $1
        AND (target_contact_id = $3 OR source_contact_id = $3) FOR UPDATE`,
    [workspaceId, u.mergeId, u.contactId],
  );
  const merge = found.rows[0];
  if (!merge) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No such merge of this contact.');
  if (merge.unmerged_at) throw new OmnifyError('OMNIFY_ERR_CONFLICT', 'This merge was undone already.');
  const locked = await lockContacts(tx, workspaceId, [merge.target_contact_id, merge.source_contact_id]);
  const target = locked.get(merge.target_contact_id);
  if (!target || target.merged_into)
    throw new OmnifyError(
      'OMNIFY_ERR_CONFLICT',
      'The contact this one was merged into was merged into another since: undo that merge first.',
    );
  const moved = merge.moved;
  if (moved.link)
    moved.conversationIds = await conversationsOfLink(tx, workspaceId, conversations, {
      targetId: merge.target_contact_id,
      identityIds: moved.identities.map((i) => i.id),
      platform: moved.link.platform,
      linkedAt: merge.merged_at,
    });
  for (const kind of ['created', 'auto', 'merge'] as const) {
    const ids = moved.identities.filter((i) => i.linked === kind).map((i) => i.id);
    if (ids.length === 0) continue;
    await tx.query(
      `UPDATE identities SET contact_id = $2, linked = $4
        WHERE workspace_id = $1 AND id = ANY($3::uuid[]) AND contact_id = $5`,
      [workspaceId, merge.source_contact_id, ids, kind, merge.target_contact_id],
    );
  }
  await conversations.restore(tx, workspaceId, moved.conversationIds, merge.source_contact_id);
  if (moved.link)
    await tx.query(
      `UPDATE identities SET detached_from = $3 WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND contact_id = $4`,
      [workspaceId, moved.identities.map((i) => i.id), merge.target_contact_id, merge.source_contact_id],
    );
  if (moved.segmentIds.length > 0)
    await tx.query(`DELETE FROM segment_members WHERE contact_id = $1 AND segment_id = ANY($2::uuid[])`, [
      merge.target_contact_id,
      moved.segmentIds,
    ]);
  const f = moved.targetFilled;
  await tx.query(
    `UPDATE contacts SET
       name = CASE WHEN $3::text IS NOT NULL AND name = $3 THEN NULL ELSE name END,
       phone_e164 = CASE WHEN $4::text IS NOT NULL AND phone_e164 = $4 THEN NULL ELSE phone_e164 END,
       email = CASE WHEN $5::text IS NOT NULL AND email = $5 THEN NULL ELSE email END,
       updated_at = now()
     WHERE id = $2 AND workspace_id = $1`,
    [workspaceId, merge.target_contact_id, f.name, f.phoneE164, f.email],
  );
  await tx.query(
    `UPDATE contacts SET merged_into = NULL, updated_at = now() WHERE id = $2 AND workspace_id = $1`,
    [workspaceId, merge.source_contact_id],
  );
  const r = await tx.query<MergeRow>(
    `UPDATE contact_merges SET unmerged_at = now(), unmerged_by = $3, unmerge_reason = $4, unmerged_by_kind = $5,
       moved = $6 WHERE id = $2 AND workspace_id = $1 RETURNING *, ${NAMES}`,
    [workspaceId, merge.id, u.actor, u.reason, u.actorKind ?? 'user', JSON.stringify(moved)],
  );
  return view(r.rows[0]!);
}

/** The merges contact `contactId` took part in (either side), newest first (at most 100). */
export async function listMerges(
  db: Queryable,
  workspaceId: string,
  contactId: string,
): Promise<ContactMerge[]> {
  const r = await db.query<MergeRow>(
    `SELECT *, ${NAMES} FROM contact_merges WHERE workspace_id = $1 AND (target_contact_id = $2 OR source_contact_id = $2)
      ORDER BY merged_at DESC, id DESC LIMIT 100`,
    [workspaceId, contactId],
  );
  return r.rows.map(view);
}
