import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Contacts and their identities on each platform.
 * Formerly part of migration 1 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'contacts',
  legacyVersion: 1,
  statements: [
    `CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name text,
      phone_e164 text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX contacts_workspace_created ON contacts (workspace_id, created_at DESC, id DESC)`,
    `CREATE TABLE identities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      platform text NOT NULL,
      handle text NOT NULL,
      display_name text,
      username text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (workspace_id, platform, handle)
    )`,
    `CREATE INDEX identities_contact ON identities (contact_id)`,
  ],
};
