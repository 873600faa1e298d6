import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Private notes: a message with `private` true is visible to the team only. The CHECK makes the
 * guarantee structural: a private message has no delivery status and no platform id, so the send
 * job (which sends only `queued` messages) can never send one. `sender_user_id` records which
 * signed-in user wrote a message or note (no foreign key: users belong to the users module).
 */
export const migration: ModuleMigration = {
  version: 2,
  name: 'private-notes',
  statements: [
    `ALTER TABLE messages ADD COLUMN private boolean NOT NULL DEFAULT false`,
    `ALTER TABLE messages ADD COLUMN sender_user_id uuid`,
    `ALTER TABLE messages ADD CONSTRAINT messages_private_never_sent
       CHECK (NOT private OR (direction = 'outbound' AND sender_kind = 'user' AND status IS NULL
         AND platform_message_id IS NULL))`,
  ],
};
