import type { Queryable } from '../../kernel/db/database.ts';
import type { ContactConversations } from './contact-conversations.ts';

/**
 * The conversations that came with identities `identityIds` (on `platform`) after they were linked
 * automatically to contact `targetId` at `linkedAt`, in the caller's transaction: the ids of the
 * target's conversations on that platform created at or after the link. A conversation records
 * its channel and thread, not the identity that wrote in it, so when the target has another
 * identity on the same platform (two Twilio numbers, say) only the conversations created in the
 * link's own transaction count (same `created_at` as the link, within a millisecond): the ones the
 * identity's first message opened. Never another identity's conversation, at worst fewer.
 */
export async function conversationsOfLink(
  tx: Queryable,
  workspaceId: string,
  conversations: ContactConversations,
  l: { targetId: string; identityIds: readonly string[]; platform: string; linkedAt: Date },
): Promise<string[]> {
  const others = await tx.query(
    `SELECT 1 FROM identities WHERE workspace_id = $1 AND contact_id = $2 AND platform = $3
        AND NOT (id = ANY($4::uuid[])) LIMIT 1`,
    [workspaceId, l.targetId, l.platform, l.identityIds],
  );
  const sharedPlatform = others.rows.length > 0;
  const at = l.linkedAt.getTime();
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await conversations.page(tx, workspaceId, l.targetId, { limit: 200, cursor, viewer: null });
    for (const c of page.data) {
      // Within a millisecond: the drivers may round the microseconds of the two timestamps differently.
      const created = Date.parse(c.createdAt);
      if (c.platform === l.platform && (sharedPlatform ? Math.abs(created - at) <= 1 : created >= at - 1))
        ids.push(c.id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}
