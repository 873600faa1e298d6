import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Work off the request: ad syncs and insight actions (apply, rollback) run as durable jobs whose
 * state the API reports (`queued` → `running` → `succeeded` | `failed`, with the error).
 * Formerly part of migration 4 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 2,
  name: 'jobs-off-request',
  legacyVersion: 4,
  statements: [
    `CREATE TABLE ad_sync_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      account_id uuid NOT NULL REFERENCES ad_accounts(id) ON DELETE CASCADE,
      since date NOT NULL,
      until date NOT NULL,
      state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      records integer,
      run_id uuid,
      error jsonb,
      requested_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`,
    `CREATE INDEX ad_sync_runs_list ON ad_sync_runs (workspace_id, created_at DESC, id DESC)`,
    // An action is `pending` until its apply job succeeds (`applied`) or gives up (`failed`);
    // `operation` + `state` describe the latest job asked of it (apply or rollback).
    `ALTER TABLE insight_actions DROP CONSTRAINT insight_actions_status_check`,
    `ALTER TABLE insight_actions ADD CONSTRAINT insight_actions_status_check
       CHECK (status IN ('pending', 'applied', 'failed', 'rolled_back'))`,
    `ALTER TABLE insight_actions ADD COLUMN operation text NOT NULL DEFAULT 'apply'
       CHECK (operation IN ('apply', 'rollback'))`,
    `ALTER TABLE insight_actions ADD COLUMN state text NOT NULL DEFAULT 'succeeded'
       CHECK (state IN ('queued', 'running', 'succeeded', 'failed'))`,
    `ALTER TABLE insight_actions ADD COLUMN error jsonb`,
    `ALTER TABLE insight_actions ADD COLUMN attempts integer NOT NULL DEFAULT 0`,
    // The recommendation as it was when applied (a rerun may change the insight's), and per step what
    // was done: the intent is written before each platform call, the outcome after it.
    `ALTER TABLE insight_actions ADD COLUMN recommendation jsonb`,
    `ALTER TABLE insight_actions ADD COLUMN steps jsonb NOT NULL DEFAULT '[]'::jsonb`,
    // At most one live (pending or applied) action per insight: applying twice is refused.
    `CREATE UNIQUE INDEX insight_actions_live ON insight_actions (insight_id) WHERE status IN ('pending', 'applied')`,
  ],
};
