import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Access (docs/access.md): the `viewer` role, and API keys listed per workspace.
 * Formerly part of migration 3 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 2,
  name: 'viewer-role',
  legacyVersion: 3,
  statements: [
    `ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('owner', 'admin', 'agent', 'viewer'))`,
    `CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at)`,
  ],
};
