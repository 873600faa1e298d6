import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Contacts marked as demo data, so the demo loader can tell a workspace holding only demo contacts
 * from one holding real ones (docs/access.md).
 * Formerly part of migration 3 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 3,
  name: 'demo-flag',
  legacyVersion: 3,
  statements: [
    `ALTER TABLE contacts ADD COLUMN demo boolean NOT NULL DEFAULT false`,
    // Demo customers loaded before this migration: ids cust-NNNN with example.com (RFC 2606) e-mails.
    `UPDATE contacts SET demo = true WHERE external_id LIKE 'cust-%' AND email LIKE '%@example.com'`,
  ],
};
