import type { Queryable } from '../../kernel/db/database.ts';

/**
 * One conversation of a contact as the contacts module shows it (`GET /contacts/{id}/conversations`):
 * the inbox's view of it, minus the contact. Times ISO 8601 UTC; `unreadCount` is the viewing user's
 * (0 for an API key).
 */
export interface ContactConversation {
  id: string;
  channelId: string;
  platform: string;
  status: 'open' | 'pending' | 'resolved' | 'snoozed';
  lastMessageAt: string;
  lastMessage: {
    direction: string;
    senderKind: string;
    private: boolean;
    text: string | null;
    contentType: string;
  } | null;
  unreadCount: number;
  messageCount: number;
  createdAt: string;
}

/** A channel a contact's conversations go through, with the time of its latest activity (ISO 8601 UTC). */
export interface ContactChannelActivity {
  channelId: string;
  lastMessageAt: string;
}

/**
 * The extension point through which the module owning conversations (the inbox, which depends on
 * contacts) lets the contacts module show a contact's conversations without reading their table or
 * importing it. Both functions see only the workspace's rows of contact `contactId` (a uuid the
 * caller checked exists). The composition root passes the implementation to `withContactFacets`
 * (contacts.module.ts); without one a contact has no conversations.
 */
export interface ContactConversations {
  /**
   * One page of the contact's conversations, newest activity first (keyset on last activity, id;
   * a bad `cursor` throws `OMNIFY_ERR_VALIDATION` naming `/querystring/cursor`). `viewer` is the
   * signed-in user whose unread counts are shown, null for an API key.
   */
  page(
    db: Queryable,
    workspaceId: string,
    contactId: string,
    p: { limit: number; cursor?: string; viewer: string | null },
  ): Promise<{ data: ContactConversation[]; nextCursor: string | null }>;
  /** Every channel the contact's conversations go through, latest activity first (one query). */
  channels(db: Queryable, workspaceId: string, contactId: string): Promise<ContactChannelActivity[]>;
  /**
   * Moves every conversation of contact `fromContactId` to `toContactId` in the caller's
   * transaction (a merge); returns the moved conversations' ids.
   */
  reassign(tx: Queryable, workspaceId: string, fromContactId: string, toContactId: string): Promise<string[]>;
  /** Moves conversations `ids` back to contact `toContactId` in the caller's transaction (an unmerge). */
  restore(tx: Queryable, workspaceId: string, ids: readonly string[], toContactId: string): Promise<void>;
}
