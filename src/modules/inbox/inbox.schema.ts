import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** A PostgreSQL `tsvector`, read as its text form (only the message search uses it, in SQL). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The inbox module's tables (conversations, messages, conversation reads) for typed queries
 * (src/kernel/db/orm.ts). The SQL migrations in src/modules/inbox/migrations/ create them; this
 * file only describes their columns (first drafted with `drizzle-kit pull`) and
 * src/app/db-schema.integration.test.ts fails when the two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const conversations = pgTable('conversations', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  threadKey: text('thread_key').notNull(),
  status: text().$type<ConversationStatus>().default('open').notNull(),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  /** When a `snoozed` conversation reopens (ignored in any other status). Migration 004. */
  snoozedUntil: timestamp('snoozed_until', { withTimezone: true, mode: 'date' }),
  /** The user working it (a users-module id, no foreign key); null when unassigned. */
  assigneeUserId: uuid('assignee_user_id'),
  handoff: text().$type<Handoff>().default('agent').notNull(),
  /** All its messages (notes and drafts too), added by each statement that inserts some (migration 004). */
  messageCount: integer('message_count').default(0).notNull(),
  /** Its inbound messages, kept the same way: the base of unread counts. */
  inboundCount: integer('inbound_count').default(0).notNull(),
  /** The latest `InboundMessage.replyContext`, sealed (migration 009); read only by outbound-send. */
  replyContext: jsonb('reply_context'),
});

/** A conversation's status; `snoozed` wakes to `open` at `snoozed_until`. */
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';

/** Who answers: the agent, a human only, or the agent drafting for a human (`assisted`). */
export type Handoff = 'agent' | 'human' | 'assisted';

/**
 * Per user and conversation: when they last read it and its `inbound_count` at that moment
 * (unread = `inbound_count - read_inbound_count`). Migration 004.
 */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid('conversation_id').notNull(),
    userId: uuid('user_id').notNull(),
    workspaceId: uuid('workspace_id').notNull(),
    lastReadAt: timestamp('last_read_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
    readInboundCount: integer('read_inbound_count').default(0).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
);

export const messages = pgTable('messages', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  direction: text().$type<'inbound' | 'outbound'>().notNull(),
  senderKind: text('sender_kind').$type<'contact' | 'user' | 'agent' | 'system'>().notNull(),
  contentType: text('content_type').notNull(),
  text: text(),
  content: jsonb().notNull(),
  raw: jsonb(),
  platformMessageId: text('platform_message_id'),
  dedupeKey: text('dedupe_key'),
  replyToMessageId: uuid('reply_to_message_id'),
  replyToPlatformMessageId: text('reply_to_platform_message_id'),
  edited: boolean().default(false).notNull(),
  status: text(),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  attempts: integer().default(0).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  private: boolean().default(false).notNull(),
  senderUserId: uuid('sender_user_id'),
  /** The words of `text` for full-text search, kept by PostgreSQL (migration 005; never written). */
  searchVector: tsvector('search_vector').generatedAlwaysAs(
    sql`to_tsvector('simple'::regconfig, coalesce(text, ''))`,
  ),
});

/** The event log of live clients (migration 003), declared beside its reader. */
export { events } from './events.schema.ts';
