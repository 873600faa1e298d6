import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * What a team keeps about a contact beyond its identities (the inbox's contact panel,
 * `PATCH /contacts/{id}`): `attributes`, a flat JSON object of custom fields (text, number or
 * boolean values; at most 50 keys, checked by the API), and free-text `notes` (at most 10,000
 * characters). The constraints back the API's checks; the defaults make the change instant on
 * PostgreSQL 11+ whatever the table's size (no rewrite).
 */
export const migration: ModuleMigration = {
  version: 4,
  name: 'profile',
  statements: [
    `ALTER TABLE contacts ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb
       CONSTRAINT contacts_attributes_object CHECK (jsonb_typeof(attributes) = 'object')`,
    `ALTER TABLE contacts ADD COLUMN notes text NOT NULL DEFAULT ''
       CONSTRAINT contacts_notes_length CHECK (char_length(notes) <= 10000)`,
  ],
};
