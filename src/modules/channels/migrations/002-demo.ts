import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Channels marked as demo data: the sandbox channels `POST /api/v1/demo/inbox` creates (the UI labels
 * them "Demo"; `DELETE /api/v1/demo/inbox` removes them with their conversations).
 */
export const migration: ModuleMigration = {
  version: 2,
  name: 'demo',
  statements: [`ALTER TABLE channels ADD COLUMN demo boolean NOT NULL DEFAULT false`],
};
