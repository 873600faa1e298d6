import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Time zones (docs/intelligence.md, "Time zones"): an ad account's own reporting time zone (an IANA
 * name; NULL follows its workspace's, `workspaces.time_zone`), and per workspace the last slot of
 * the `INTEL_SCHEDULE` cron, evaluated in the workspace's zone, for which a model run was requested
 * (`intel_schedules`: each slot is claimed once, however many schedule ticks and processes see it).
 */
export const migration: ModuleMigration = {
  version: 4,
  name: 'time-zones',
  statements: [
    `ALTER TABLE ad_accounts ADD COLUMN time_zone text`,
    `CREATE TABLE intel_schedules (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      last_slot timestamptz NOT NULL
    )`,
  ],
};
