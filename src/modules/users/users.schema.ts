import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../workspaces/access.ts';

/**
 * The users module's tables (users, memberships, sessions, invitations, password_resets) for typed
 * queries (src/kernel/db/orm.ts). The SQL migration in ./migrations/ creates them; this file only
 * describes their columns and src/app/db-schema.integration.test.ts fails when the two disagree.
 * Timestamps are `Date`s; `*_hash` columns hold SHA-256 hex of tokens (argon2id for passwords).
 */

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: uuid().defaultRandom().primaryKey(),
  /** As typed at sign-up (trimmed); unique and looked up by `lower(email)`. */
  email: text().notNull(),
  name: text().notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: at('created_at').defaultNow().notNull(),
  disabledAt: at('disabled_at'),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id').notNull(),
    workspaceId: uuid('workspace_id').notNull(),
    role: text().$type<Role>().notNull(),
    createdAt: at('created_at').defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId] })],
);

export const sessions = pgTable('sessions', {
  id: uuid().defaultRandom().primaryKey(),
  userId: uuid('user_id').notNull(),
  /** The workspace the session currently works in (`POST /auth/workspace` switches it). */
  workspaceId: uuid('workspace_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').defaultNow().notNull(),
  expiresAt: at('expires_at').notNull(),
  lastSeenAt: at('last_seen_at').defaultNow().notNull(),
});

export const invitations = pgTable('invitations', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  email: text().notNull(),
  role: text().$type<Role>().notNull(),
  tokenHash: text('token_hash').notNull(),
  invitedBy: uuid('invited_by'),
  createdAt: at('created_at').defaultNow().notNull(),
  expiresAt: at('expires_at').notNull(),
  acceptedAt: at('accepted_at'),
  revokedAt: at('revoked_at'),
});

export const passwordResets = pgTable('password_resets', {
  id: uuid().defaultRandom().primaryKey(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').defaultNow().notNull(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});
