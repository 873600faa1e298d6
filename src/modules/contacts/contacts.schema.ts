import { boolean, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  /** The contact a merge emptied this one into; hidden from lists while set (migration 005). */
  mergedInto: uuid('merged_into'),
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
  /** The phone (E.164) its platform vouches for; a key of automatic linking (migration 005). */
  phoneE164: text('phone_e164'),
  /** The e-mail (lower-cased) its platform vouches for; a key of automatic linking (migration 005). */
  email: text(),
  /** How it joined its contact: `created` with it, `auto` on a strong match, `merge` by a merge. */
  linked: text().$type<'created' | 'auto' | 'merge'>().default('created').notNull(),
  /**
   * The contact an automatic link of this identity was undone from, until its next message turns
   * that match into a merge suggestion (migration 006).
   */
  detachedFrom: uuid('detached_from'),
});

/** The audit of one merge and its undoing (migration 005); `moved` is a {@link MergeMoved}. */
export const contactMerges = pgTable('contact_merges', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  targetContactId: uuid('target_contact_id').notNull(),
  sourceContactId: uuid('source_contact_id').notNull(),
  reason: text().notNull(),
  suggestionId: uuid('suggestion_id'),
  mergedBy: text('merged_by').notNull(),
  /** `user`, `api-key` or `system` (an automatic link); null on merges from before migration 006. */
  mergedByKind: text('merged_by_kind').$type<ActorKind>(),
  moved: jsonb().$type<MergeMoved>().notNull(),
  mergedAt: timestamp('merged_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  unmergedAt: timestamp('unmerged_at', { withTimezone: true, mode: 'date' }),
  unmergedBy: text('unmerged_by'),
  unmergeReason: text('unmerge_reason'),
  unmergedByKind: text('unmerged_by_kind').$type<ActorKind>(),
});

/** Who acted, for the merge audit: a signed-in user, an API key, or Omnify itself (automatic linking). */
export type ActorKind = 'user' | 'api-key' | 'system';

/**
 * What a merge moved from the source contact to the target, so that undoing it restores exactly
 * that: the moved identities with how each was linked before, the moved conversations (the
 * inbox's), the segments the target was added to, and the target's fields the merge filled (null:
 * not filled).
 */
export interface MergeMoved {
  identities: { id: string; linked: 'created' | 'auto' | 'merge' }[];
  conversationIds: string[];
  segmentIds: string[];
  targetFilled: { name: string | null; phoneE164: string | null; email: string | null };
  /**
   * Set on an automatic link (a new identity joined the target on a strong match): the identity's
   * platform and the keys that matched. Undoing it also moves back the conversations that came with
   * the identity since (recorded in `conversationIds` then).
   */
  link?: { platform: string; phoneE164: string | null; email: string | null };
}

/** A suggested merge of two contacts a person accepts or dismisses (migration 005). */
export const contactMergeSuggestions = pgTable('contact_merge_suggestions', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  otherContactId: uuid('other_contact_id').notNull(),
  confidence: real().notNull(),
  reasonCode: text('reason_code').notNull(),
  reason: text().notNull(),
  status: text().$type<'open' | 'accepted' | 'dismissed'>().default('open').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  decidedBy: text('decided_by'),
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
