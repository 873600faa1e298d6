import type { InboundMessage } from '../../../integrations/contract/message.ts';
import type { Queryable } from '../../../kernel/db/database.ts';

/**
 * Puts each reaction in the conversation of the message it reacts to, when that message is stored
 * in channel `channelId`: its thread key becomes that conversation's. A reaction must count on its
 * message, which the timeline looks for in the message's own conversation, and some platforms do not
 * say which thread the reacted message is in (a Slack `reaction_added` names the channel and the
 * message's `ts`, not its thread). Where they do, the keys are equal and nothing changes; a reaction
 * to a message Omnify never stored keeps the adapter's key.
 *
 * `refs` are changed in place (their `msg` replaced). One query (an index probe of
 * `messages_platform_id` per target) when the batch holds reactions, none otherwise.
 */
export async function placeReactions(
  tx: Queryable,
  channelId: string,
  refs: { msg: InboundMessage }[],
): Promise<void> {
  const targets = [
    ...new Set(
      refs.flatMap(({ msg }) =>
        msg.content.type === 'reaction' ? [msg.content.targetPlatformMessageId] : [],
      ),
    ),
  ];
  if (targets.length === 0) return;
  const { rows } = await tx.query<{ target: string; threadKey: string }>(
    `SELECT DISTINCT ON (m.platform_message_id) m.platform_message_id AS target, c.thread_key AS "threadKey"
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.channel_id = $1 AND m.platform_message_id = ANY($2::text[]) AND m.content_type <> 'reaction'
      ORDER BY m.platform_message_id, m.created_at, m.id`,
    [channelId, targets],
  );
  const threadOf = new Map(rows.map((r) => [r.target, r.threadKey]));
  for (const ref of refs) {
    const c = ref.msg.content;
    const threadKey = c.type === 'reaction' ? threadOf.get(c.targetPlatformMessageId) : undefined;
    if (threadKey !== undefined && threadKey !== ref.msg.threadKey) ref.msg = { ...ref.msg, threadKey };
  }
}
