import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The web chat module's table for typed queries (src/kernel/db/orm.ts): visitor sessions of the
 * embeddable widget. Migration 001 creates it (see there for each column's meaning); this file only
 * describes its columns and src/app/db-schema.integration.test.ts fails when the two disagree.
 */
export const webchatSessions = pgTable('webchat_sessions', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  handle: text().notNull(),
  threadKey: text('thread_key').notNull(),
  displayName: text('display_name'),
  email: text(),
  emailVerified: boolean('email_verified').default(false).notNull(),
  origin: text().notNull(),
  createdAt: at('created_at').defaultNow().notNull(),
  lastSeenAt: at('last_seen_at').defaultNow().notNull(),
});
