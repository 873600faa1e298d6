import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * The workspace's calendar of known events (docs/intelligence.md, "Known events (calendar)"): a
 * holiday, a sale, an outage, as calendar days `starts_on`..`ends_on` (inclusive); `recurs_yearly`
 * repeats the same month-days every year. Model runs label the anomaly insights whose days overlap
 * one (src/models/anomaly/known-events.ts); nothing is hidden. Listed by start day.
 */
export const migration: ModuleMigration = {
  version: 5,
  name: 'known-events',
  statements: [
    `CREATE TABLE intel_known_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      recurs_yearly boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT intel_known_events_range CHECK (ends_on >= starts_on)
    )`,
    `CREATE INDEX intel_known_events_workspace ON intel_known_events (workspace_id, starts_on, id)`,
  ],
};
