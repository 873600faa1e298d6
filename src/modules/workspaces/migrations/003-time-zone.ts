import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Each workspace's time zone (an IANA name, checked by the API: src/kernel/dates/time-zone.ts): its
 * days, "today" and "yesterday" and its scheduled model runs follow it (docs/intelligence.md, "Time
 * zones"). Existing workspaces keep UTC, which is what every day meant before.
 */
export const migration: ModuleMigration = {
  version: 3,
  name: 'time-zone',
  statements: [`ALTER TABLE workspaces ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`],
};
