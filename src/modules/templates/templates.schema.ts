import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The templates module's table (templates: canned responses) for typed queries
 * (src/kernel/db/orm.ts). The SQL migration in ./migrations/ creates it; this file only describes
 * its columns and src/app/db-schema.integration.test.ts fails when the two disagree. Timestamps are
 * `Date`s; `shortcode` is lower-case `[a-z0-9_-]{1,40}`, unique per workspace.
 */
export const templates = pgTable('templates', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  shortcode: text().notNull(),
  title: text(),
  content: text().notNull(),
  createdByUserId: uuid('created_by_user_id'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});
