import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Workspaces (tenants) and their API keys.
 * Formerly part of migration 1 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'workspaces',
  legacyVersion: 1,
  statements: [
    `CREATE TABLE workspaces (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name text NOT NULL,
      role text NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'admin', 'agent')),
      key_prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    )`,
  ],
};
