import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Canned responses (`templates`): a workspace's reusable messages, inserted in the composer by
 * typing `/` and their `shortcode` (docs/inbox.md, "Canned responses").
 *
 * - `shortcode` is stored lower-case (the API folds it), so the plain unique constraint makes it
 *   unique per workspace case-insensitively; its `C` collation gives the list (sorted by shortcode)
 *   the same byte order on every server locale.
 * - `content` may hold `{{variables}}`, checked by the API against the allowed names
 *   (template-variables.ts); the web app fills them in.
 * - The CHECKs repeat the API's limits (lengths in characters, as the API's validation counts them).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'templates',
  statements: [
    `CREATE TABLE templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      shortcode text COLLATE "C" NOT NULL CHECK (shortcode ~ '^[a-z0-9_-]{1,40}$'),
      title text CHECK (char_length(title) BETWEEN 1 AND 200),
      content text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 4000),
      created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT templates_shortcode UNIQUE (workspace_id, shortcode)
    )`,
  ],
};
