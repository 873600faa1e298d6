import { bigserial, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The channels module's tables (channels, sandbox_requests) for typed queries (src/kernel/db/orm.ts). The SQL
 * migrations in src/kernel/db/migrations/ create them; this file only describes their columns
 * (first drafted with `drizzle-kit pull`) and src/app/db-schema.integration.test.ts fails when the
 * two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const channels = pgTable('channels', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  platform: text().notNull(),
  name: text().notNull(),
  config: jsonb().notNull(),
  sandbox: boolean().default(false).notNull(),
  agentId: uuid('agent_id'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  /** Demo data (`POST /api/v1/demo/inbox`), removed by `DELETE /api/v1/demo/inbox`. Migration 002. */
  demo: boolean().default(false).notNull(),
  /** ISO 3166-1 alpha-2 country of the channel's national phone numbers (migration 003). */
  defaultCountry: text('default_country'),
});

export const sandboxRequests = pgTable('sandbox_requests', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  channelId: uuid('channel_id').notNull(),
  method: text().notNull(),
  path: text().notNull(),
  body: jsonb(),
  responseStatus: integer('response_status').notNull(),
  responseBody: jsonb('response_body'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});
