import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Channels (each may name the agent that answers on it) and the sandbox request log.
 * Formerly part of migration 1 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'channels',
  legacyVersion: 1,
  statements: [
    `CREATE TABLE channels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      platform text NOT NULL,
      name text NOT NULL,
      config jsonb NOT NULL,
      sandbox boolean NOT NULL DEFAULT false,
      agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE sandbox_requests (
      id bigserial PRIMARY KEY,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      method text NOT NULL,
      path text NOT NULL,
      body jsonb,
      response_status integer NOT NULL,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX sandbox_requests_channel ON sandbox_requests (channel_id, id DESC)`,
  ],
};
