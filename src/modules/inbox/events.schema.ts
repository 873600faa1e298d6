import { bigserial, boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The inbox's event log (migrations 003 and 004): one row per change a live inbox shows, written by
 * statement-level triggers on `messages` and `conversations` (never by application code), read by
 * `GET /api/v1/events` (docs/api-events.md) and pruned after {@link EVENT_RETENTION_HOURS}.
 * `id` (bigserial, a JavaScript number) is the position clients resume from. The row after the
 * change is stored in typed columns: the message columns are set on `message.*` events, the
 * conversation columns on `conversation.*` events, the others are NULL (events.repository.ts
 * builds the API's payload from them).
 */
export const events = pgTable('events', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  type: text().$type<InboxEventType>().notNull(),
  conversationId: uuid('conversation_id').notNull(),
  /** Set on `message.*` events. */
  messageId: uuid('message_id'),
  createdAt: at('created_at').defaultNow().notNull(),
  // message.*
  direction: text().$type<MessageEventPayload['direction']>(),
  senderKind: text('sender_kind').$type<MessageEventPayload['senderKind']>(),
  private: boolean(),
  contentType: text('content_type'),
  /** The first 200 characters of the message's text. */
  preview: text(),
  /** The message's `status`. */
  deliveryStatus: text('delivery_status'),
  edited: boolean(),
  attempts: integer(),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  messageCreatedAt: at('message_created_at'),
  // conversation.*
  conversationStatus: text('conversation_status'),
  channelId: uuid('channel_id'),
  contactId: uuid('contact_id'),
  lastMessageAt: at('last_message_at'),
  snoozedUntil: at('snoozed_until'),
  assigneeUserId: uuid('assignee_user_id'),
  handoff: text(),
  messageCount: integer('message_count'),
  inboundCount: integer('inbound_count'),
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

/** An event's payload as clients get it. */
export type EventPayload = { message: MessageEventPayload } | { conversation: ConversationEventPayload };

/** The NOTIFY channel the triggers announce new events on (empty payload: read the log after your position). */
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
