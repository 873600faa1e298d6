import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from './access.ts';

/**
 * The workspaces module's tables (workspaces, api_keys) for typed queries (src/kernel/db/orm.ts). The SQL
 * migrations in src/kernel/db/migrations/ create them; this file only describes their columns
 * (first drafted with `drizzle-kit pull`) and src/app/db-schema.integration.test.ts fails when the
 * two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const workspaces = pgTable('workspaces', {
  id: uuid().defaultRandom().primaryKey(),
  name: text().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  /** IANA time zone name (src/kernel/dates/time-zone.ts); 'UTC' until an admin sets one. */
  timeZone: text('time_zone').default('UTC').notNull(),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  name: text().notNull(),
  role: text().$type<Role>().default('owner').notNull(),
  keyPrefix: text('key_prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
});
