import { timeFromUnixSeconds } from '../../kernel/dates/platform-time.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { normalizeOtherSlackEvent } from './slack.normalize.ts';
import { slackThreadKey } from './slack.thread.ts';

/**
 * Slack's `reaction_added` / `reaction_removed` events (docs.slack.dev/reference/events/reaction_added
 * and reaction_removed): `{type, user, reaction, item_user, item: {type: "message", channel, ts},
 * event_ts}`, `reaction` being the emoji's short name without colons (`thumbsup`, a custom emoji's
 * name, a skin tone as `thumbsup::skin-tone-2`).
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The events of one reaction event: a `reaction` message whose emoji is Slack's short code in colons
 * (`:thumbsup:`; Slack sends no Unicode, and custom emoji have none) or null for `reaction_removed`,
 * aimed at `"{item.channel}:{item.ts}"`, keyed `key` (`"event:{event_id}"`, so a redelivery is
 * stored once). None when one of our bot users reacted. A reaction on something that is not a
 * message (a file), or without channel, ts or reaction, is kept as `unsupported` under its type.
 *
 * The event does not say which thread the message is in, so the thread key is a guess — the
 * message's own thread (`"{channel}:{ts}"`), or the DM (`"{channel}"`) — which the inbox replaces by
 * the conversation of the target message when it has it stored (a reply in a thread, our answers).
 * Slack lets a person keep several reactions on one message; Omnify's model keeps each reactor's
 * latest, so removing any of them clears the reactor's reaction.
 */
export function normalizeSlackReaction(
  e: JsonObject,
  key: string,
  botUsers: ReadonlySet<string>,
  now: Date,
): InboundEvent[] {
  const type = str(e.type) ?? 'reaction_added';
  const user = str(e.user);
  if (user && botUsers.has(user)) return [];
  const item = isJsonObject(e.item) ? e.item : {};
  const channel = str(item.channel);
  const ts = str(item.ts);
  const reaction = str(e.reaction);
  if (item.type !== 'message' || !channel || !ts || !reaction) {
    const why = item.type !== 'message' ? `a reaction on a ${str(item.type) ?? 'unknown item'}` : undefined;
    return [normalizeOtherSlackEvent(e, key, type, now, why ?? 'no item channel, item ts or reaction')];
  }
  const emoji = type === 'reaction_removed' ? null : `:${reaction}:`;
  const sent = timeFromUnixSeconds(e.event_ts, now);
  const message: InboundMessage = {
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender: { handle: user ?? 'slack' },
    threadKey: slackThreadKey(channel, undefined, ts, undefined),
    sentAt: sent.at,
    content: { type: 'reaction', emoji, targetPlatformMessageId: `${channel}:${ts}` },
    text: emoji,
    raw: e,
  };
  if (sent.issue) message.issue = { code: 'timestamp_invalid', message: sent.issue };
  return [message];
}
