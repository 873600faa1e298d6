import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Agent configurations.
 * Formerly part of migration 1 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'agents',
  legacyVersion: 1,
  statements: [
    `CREATE TABLE agents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      kind text NOT NULL,
      name text NOT NULL,
      config jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
};
