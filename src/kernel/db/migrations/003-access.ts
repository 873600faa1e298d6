/**
 * Access (docs/access.md): the `viewer` role, and contacts marked as demo data so the demo loader
 * can tell a workspace holding only demo contacts from one holding real ones.
 */
export const statements: string[] = [
  `ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check`,
  `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('owner', 'admin', 'agent', 'viewer'))`,
  `CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at)`,
  `ALTER TABLE contacts ADD COLUMN demo boolean NOT NULL DEFAULT false`,
  // Demo customers loaded before this migration: ids cust-NNNN with example.com (RFC 2606) e-mails.
  `UPDATE contacts SET demo = true WHERE external_id LIKE 'cust-%' AND email LIKE '%@example.com'`,
];
