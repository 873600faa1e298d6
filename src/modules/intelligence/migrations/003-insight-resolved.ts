import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Insight status `resolved`: a later model run no longer finds what a `new` insight reported (a
 * creative that is no longer fatigued, or whose predicted crossing moved out of the warning window)
 * and closes it, with the reason in `evidence.resolution`.
 */
export const migration: ModuleMigration = {
  version: 3,
  name: 'insight-resolved',
  statements: [
    `ALTER TABLE insights DROP CONSTRAINT insights_status_check`,
    `ALTER TABLE insights ADD CONSTRAINT insights_status_check
       CHECK (status IN ('new', 'acknowledged', 'applied', 'dismissed', 'resolved'))`,
  ],
};
