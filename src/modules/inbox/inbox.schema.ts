import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The inbox module's tables (conversations, messages) for typed queries (src/kernel/db/orm.ts). The SQL
 * migrations in src/kernel/db/migrations/ create them; this file only describes their columns
 * (first drafted with `drizzle-kit pull`) and src/app/db-schema.integration.test.ts fails when the
 * two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const conversations = pgTable('conversations', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  threadKey: text('thread_key').notNull(),
  status: text().default('open').notNull(),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

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
});
