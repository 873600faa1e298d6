import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Web chat visitor sessions (`webchat_sessions`): one per browser that opened a channel's widget
 * (or per signed-in user of the host site, `handle = 'user:<userId>'`, one per browser as well).
 *
 * - `token_hash`: SHA-256 (hex) of the session token the widget keeps; the token itself is never
 *   stored, so a copy of the database does not let anyone write as a visitor.
 * - `handle`: the visitor's identity handle on the `webchat` platform (the contacts module's
 *   identity); `thread_key`: their conversation's thread key, `<channel id>:<handle>`.
 * - `email`: what the visitor typed in the widget's e-mail form (`email_verified` false), or what
 *   the host site vouched for in a signed identity (`email_verified` true).
 * - `origin`: the allowed origin the session was opened from.
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'webchat-sessions',
  statements: [
    `CREATE TABLE webchat_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      handle text NOT NULL CHECK (char_length(handle) BETWEEN 1 AND 210),
      thread_key text NOT NULL,
      display_name text CHECK (char_length(display_name) <= 200),
      email text CHECK (char_length(email) <= 320),
      email_verified boolean NOT NULL DEFAULT false,
      origin text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webchat_sessions_token UNIQUE (token_hash)
    )`,
    `CREATE INDEX webchat_sessions_channel_handle ON webchat_sessions (channel_id, handle)`,
  ],
};
