import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import type { ContactConversations } from '../contacts/contacts.service.ts';
import { listConversations } from './conversation.repository.ts';
import { conversations } from './inbox.schema.ts';

/**
 * The inbox's implementation of the contacts module's {@link ContactConversations} extension point
 * (wired by src/app/modules.ts): a contact's conversations for `GET /contacts/{id}/conversations`
 * (the conversation list filtered by contact, so the same keyset pages and views) and the channels
 * they go through, for the contact's identities.
 */
export const contactConversations: ContactConversations = {
  async page(db, workspaceId, contactId, p) {
    const page = await listConversations(db, {
      workspaceId,
      viewer: p.viewer,
      contactId,
      limit: p.limit,
      cursor: p.cursor,
    });
    return {
      data: page.data.map((c) => ({
        id: c.id,
        channelId: c.channelId,
        platform: c.platform,
        status: c.status,
        lastMessageAt: c.lastMessageAt,
        lastMessage: c.lastMessage,
        unreadCount: c.unreadCount,
        messageCount: c.messageCount,
        createdAt: c.createdAt,
      })),
      nextCursor: page.nextCursor,
    };
  },

  async channels(db: Queryable, workspaceId: string, contactId: string) {
    const s = scoped(db, workspaceId);
    const latest = sql<Date>`max(${conversations.lastMessageAt})`;
    const rows = await s.db
      .select({ channelId: conversations.channelId, lastMessageAt: latest })
      .from(conversations)
      .where(s.where(conversations, eq(conversations.contactId, contactId)))
      .groupBy(conversations.channelId)
      .orderBy(sql`${latest} DESC`, conversations.channelId);
    return rows.map((r) => ({
      channelId: r.channelId,
      lastMessageAt: new Date(r.lastMessageAt).toISOString(),
    }));
  },

  async reassign(tx, workspaceId, fromContactId, toContactId) {
    const r = await tx.query<{ id: string }>(
      `UPDATE conversations SET contact_id = $3 WHERE workspace_id = $1 AND contact_id = $2 RETURNING id`,
      [workspaceId, fromContactId, toContactId],
    );
    return r.rows.map((row) => row.id);
  },

  async restore(tx, workspaceId, ids, toContactId) {
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE conversations SET contact_id = $3 WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids, toContactId],
    );
  },
};
