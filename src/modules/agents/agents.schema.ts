import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The agents module's tables (agents) for typed queries (src/kernel/db/orm.ts). The SQL
 * migrations in src/kernel/db/migrations/ create them; this file only describes their columns
 * (first drafted with `drizzle-kit pull`) and src/app/db-schema.integration.test.ts fails when the
 * two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const agents = pgTable('agents', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  kind: text().notNull(),
  name: text().notNull(),
  config: jsonb().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});
