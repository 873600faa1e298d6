import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * `conversations.reply_context`: what the platform needs to answer in the conversation that its
 * thread key does not hold (`InboundMessage.replyContext`: a Teams activity's `serviceUrl`, a
 * Discord interaction token), sealed with the master key (src/kernel/crypto/secret-box.ts) and bound
 * to the conversation's channel and thread key. Null for platforms that need nothing more. Adding a
 * nullable column rewrites nothing.
 */
export const migration: ModuleMigration = {
  version: 9,
  name: 'reply-context',
  statements: [`ALTER TABLE conversations ADD COLUMN reply_context jsonb`],
};
