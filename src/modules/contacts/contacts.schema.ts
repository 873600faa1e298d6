import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The contacts module's tables (contacts, identities, segments, segment_members) for typed queries (src/kernel/db/orm.ts). The SQL
 * migrations in src/modules/contacts/migrations/ create them; this file only describes their columns
 * (first drafted with `drizzle-kit pull`) and src/app/db-schema.integration.test.ts fails when the
 * two disagree. Timestamps are `Date`s, dates `YYYY-MM-DD` strings, bigint money numbers.
 */

export const contacts = pgTable('contacts', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  name: text(),
  phoneE164: text('phone_e164'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  email: text(),
  externalId: text('external_id'),
  demo: boolean().default(false).notNull(),
  /** Custom fields: a flat object of text, number or boolean values (migration 004). */
  attributes: jsonb().$type<ContactAttributes>().default({}).notNull(),
  /** The team's free-text notes, at most 10,000 characters; '' when none (migration 004). */
  notes: text().default('').notNull(),
});

/** A contact's custom fields: key → text, number or boolean (`contacts.attributes`). */
export type ContactAttributes = Record<string, string | number | boolean>;

export const identities = pgTable('identities', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  platform: text().notNull(),
  handle: text().notNull(),
  displayName: text('display_name'),
  username: text(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const segments = pgTable('segments', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  name: text().notNull(),
  description: text(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});

export const segmentMembers = pgTable(
  'segment_members',
  {
    segmentId: uuid('segment_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    addedByAction: uuid('added_by_action'),
    addedAt: timestamp('added_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  },
  (table) => [primaryKey({ columns: [table.segmentId, table.contactId] })],
);
