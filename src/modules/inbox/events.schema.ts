import { bigserial, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The inbox's event log (migration 003): one row per change a live inbox shows, written by
 * statement-level triggers on `messages` and `conversations` (never by application code), read by
 * `GET /api/v1/events` (docs/api-events.md) and pruned after {@link EVENT_RETENTION_HOURS}.
 * `id` (bigserial, a JavaScript number) is the position clients resume from.
 */
export const events = pgTable('events', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  type: text().$type<InboxEventType>().notNull(),
  conversationId: uuid('conversation_id').notNull(),
  /** Set on `message.*` events. */
  messageId: uuid('message_id'),
  /** As the triggers write it: `{ message: … }` or `{ conversation: <the row as JSON> }`. */
  payload: jsonb().$type<StoredPayload>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

/** What happened. */
export type InboxEventType =
  | 'message.created'
  | 'message.updated'
  | 'conversation.created'
  | 'conversation.updated';

/** A message as a `message.*` event carries it (times ISO 8601 UTC, `preview` ≤ 200 characters of `text`). */
export interface MessageEventPayload {
  direction: 'inbound' | 'outbound';
  senderKind: 'contact' | 'user' | 'agent' | 'system';
  private: boolean;
  contentType: string;
  preview: string | null;
  status: string | null;
  edited: boolean;
  attempts: number;
  error: { code: string; message: string | null } | null;
  createdAt: string;
}

/** A conversation as a `conversation.*` event carries it (times ISO 8601 UTC). */
export interface ConversationEventPayload {
  status: string;
  channelId: string;
  contactId: string;
  lastMessageAt: string;
  snoozedUntil: string | null;
  assigneeUserId: string | null;
  handoff: string | null;
  messageCount: number | null;
  inboundCount: number | null;
}

/** A message as the trigger stores it in `payload.message` (`createdAt` as PostgreSQL prints it). */
export type StoredMessage = Omit<MessageEventPayload, 'error'> & {
  errorCode: string | null;
  errorMessage: string | null;
};

/**
 * A conversation row as `to_jsonb` stores it in `payload.conversation` (snake_case, times as
 * PostgreSQL prints them). Columns of later migrations are optional: absent in older rows.
 */
export interface StoredConversation {
  status: string;
  channel_id: string;
  contact_id: string;
  last_message_at: string;
  snoozed_until?: string | null;
  assignee_user_id?: string | null;
  handoff?: string;
  message_count?: number;
  inbound_count?: number;
}

/** The `payload` column, keyed by what it describes. */
export type StoredPayload = { message: StoredMessage } | { conversation: StoredConversation };

/** An event's payload as clients get it. */
export type EventPayload = { message: MessageEventPayload } | { conversation: ConversationEventPayload };

/** The NOTIFY channel the triggers announce new events on (payload: the statement's highest event id). */
export const EVENTS_CHANNEL = 'omnify_events';

/**
 * The two-key advisory lock every transaction writing events holds, shared, from just before its
 * first event id is drawn until it ends (taken by the triggers). Readers look it up in `pg_locks` to
 * know which writers may still commit an id below one they can already see (events.hub.ts).
 * Values: 'omni' and 'evts' in ASCII; never change them (migration 003 uses them).
 */
export const EVENT_WRITER_LOCK = [1869442665, 1702261875] as const;

/** Events older than this are pruned (hours); a client resuming from an older id gets a `reset`. */
export const EVENT_RETENTION_HOURS = 24;
