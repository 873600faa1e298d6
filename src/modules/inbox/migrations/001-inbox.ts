import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Conversations and messages, with the unique indexes that make ingest and replies idempotent.
 * Formerly part of migration 1 of the single list (`legacyVersion`).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'inbox',
  legacyVersion: 1,
  statements: [
    `CREATE TABLE conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      thread_key text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
      last_message_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (channel_id, thread_key)
    )`,
    `CREATE INDEX conversations_activity ON conversations (workspace_id, last_message_at DESC, id DESC)`,
    `CREATE TABLE messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      sender_kind text NOT NULL CHECK (sender_kind IN ('contact', 'user', 'agent', 'system')),
      content_type text NOT NULL,
      text text,
      content jsonb NOT NULL,
      raw jsonb,
      platform_message_id text,
      dedupe_key text,
      reply_to_message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
      reply_to_platform_message_id text,
      edited boolean NOT NULL DEFAULT false,
      status text CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
      error_code text,
      error_message text,
      attempts integer NOT NULL DEFAULT 0,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    // One stored inbound message per platform delivery, however often it is redelivered.
    `CREATE UNIQUE INDEX messages_inbound_dedupe ON messages (channel_id, dedupe_key) WHERE direction = 'inbound'`,
    // One agent answer per inbound message, however often the reply job runs.
    `CREATE UNIQUE INDEX messages_agent_reply ON messages (reply_to_message_id) WHERE sender_kind = 'agent'`,
    // Status webhooks find outbound messages, and replies find the quoted message, by platform id.
    `CREATE INDEX messages_platform_id ON messages (channel_id, platform_message_id)`,
    `CREATE INDEX messages_conversation ON messages (conversation_id, created_at DESC, id DESC)`,
  ],
};
