import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * CRM fields of contacts (e-mail, the shop's customer id) for order imports, and segments of contacts.
 * Formerly part of migration 2 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 2,
  name: 'crm',
  legacyVersion: 2,
  statements: [
    `ALTER TABLE contacts ADD COLUMN email text`,
    // The contact's id in the shop / CRM the orders come from (the `customer_id` of an order import).
    `ALTER TABLE contacts ADD COLUMN external_id text`,
    `CREATE UNIQUE INDEX contacts_external_id ON contacts (workspace_id, external_id) WHERE external_id IS NOT NULL`,
    `CREATE INDEX contacts_email ON contacts (workspace_id, lower(email)) WHERE email IS NOT NULL`,
    `CREATE INDEX contacts_phone ON contacts (workspace_id, phone_e164) WHERE phone_e164 IS NOT NULL`,
    `CREATE TABLE segments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name text NOT NULL,
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (workspace_id, name)
    )`,
    // `added_by_action` references intelligence's insight_actions: that module adds the foreign key
    // (intelligence migrates after contacts, and its tables reference contacts).
    `CREATE TABLE segment_members (
      segment_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      added_by_action uuid,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (segment_id, contact_id)
    )`,
  ],
};
