import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { type ActivityBase, activityBase, compact, messageEvents, str } from './teams.normalize.ts';

/**
 * One Bot Framework activity (the whole body of a delivery) as Omnify events. Sources: Bot Framework
 * Activity schema (activity types); Teams "Messages in bot conversations" (`messageUpdate` with
 * `channelData.eventType` `editMessage` / `undeleteMessage`, `messageDelete` with
 * `softDeleteMessage`) and "Conversation events" (`messageReaction`, `conversationUpdate`,
 * `installationUpdate`).
 */

/** Activity types that carry nothing to store: presence and membership noise. */
const IGNORED = new Set([
  'typing',
  'conversationUpdate',
  'installationUpdate',
  'contactRelationUpdate',
  'endOfConversation',
  'deleteUserData',
]);

/** Teams' reaction types (Bot Framework `ReactionType`) as emoji; other types are kept as sent. */
const REACTION_EMOJI: Record<string, string> = {
  like: '👍',
  heart: '❤️',
  laugh: '😆',
  surprised: '😮',
  sad: '😢',
  angry: '😠',
};

/** Sent by a bot: ours (`28:{appId}`, or the activity's own recipient) or any account whose role is `bot`. */
function isFromBot(a: JsonObject, appId: string): boolean {
  const from = isJsonObject(a.from) ? a.from : {};
  const id = str(from.id);
  const recipient = isJsonObject(a.recipient) ? str(a.recipient.id) : undefined;
  return (
    from.role === 'bot' || (id !== undefined && (id === `28:${appId}` || id === appId || id === recipient))
  );
}

function unsupported(
  base: ActivityBase,
  dedupeKey: string,
  platformType: string,
  reason: string,
): InboundMessage {
  return {
    ...base.common,
    platformMessageId: base.id,
    dedupeKey,
    content: { type: 'unsupported', platformType, reason },
    text: null,
  };
}

/** `timestamp` as sent (the dedupe key of an edit: each change its own event), else the activity id. */
const changeStamp = (a: JsonObject, base: ActivityBase): string => str(a.timestamp) ?? base.id;

function reactionEvents(a: JsonObject, base: ActivityBase): InboundMessage[] {
  const target = str(a.replyToId);
  if (!target) {
    return [unsupported(base, base.key, 'messageReaction', 'the reaction names no message (replyToId)')];
  }
  const out: InboundMessage[] = [];
  const lists: [string, unknown][] = [
    ['added', a.reactionsAdded],
    ['removed', a.reactionsRemoved],
  ];
  for (const [change, list] of lists) {
    for (const r of Array.isArray(list) ? list : []) {
      const type = isJsonObject(r) ? str(r.type) : undefined;
      if (!type) continue;
      const emoji = change === 'added' ? (REACTION_EMOJI[type] ?? type) : null;
      out.push(
        compact({
          ...base.common,
          platformMessageId: base.id,
          dedupeKey: `${base.key}:reaction:${change}:${type}`,
          content: { type: 'reaction' as const, emoji, targetPlatformMessageId: target },
          text: emoji,
        }),
      );
    }
  }
  return out;
}

/**
 * Turns one verified activity into events:
 * - `message` → text / media events ({@link messageEvents}), keyed `{conversation id}|{activity id}`;
 * - `messageUpdate` (`editMessage`, or no event type) → the same as an edit (`edited: true`, the
 *   original's id, keyed `…:edit:{timestamp}`); `undeleteMessage` → `unsupported`;
 * - `messageDelete` → `unsupported` `messageDelete` keyed `…:deleted` (no deletions in the model);
 * - `messageReaction` → one `reaction` per added (emoji) and removed (null) reaction, targeting `replyToId`;
 * - `typing`, `conversationUpdate`, `installationUpdate`, … → nothing; other types (`invoke`,
 *   `event`, …) → `unsupported` `activity:{type}`.
 * Activities sent by a bot (our own included) produce nothing.
 *
 * @param appId the channel's Microsoft App ID (our bot is `28:{appId}` in Teams).
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `body` is not an activity (an object with a string `type`).
 */
export function parseTeamsActivity(body: unknown, appId: string, now: Date): InboundEvent[] {
  if (!isJsonObject(body) || typeof body.type !== 'string') {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The body is not a Bot Framework activity.', {
      fields: [{ path: '/type', message: 'must be a string' }],
    });
  }
  const a = body;
  if (IGNORED.has(a.type as string) || isFromBot(a, appId)) return [];
  const base = activityBase(a, now);
  const channelData = isJsonObject(a.channelData) ? a.channelData : {};
  const eventType = str(channelData.eventType);
  switch (a.type) {
    case 'message':
      return messageEvents(a, base, base.key, { platformType: 'message' });
    case 'messageUpdate':
      if (eventType === undefined || eventType === 'editMessage') {
        const key = `${base.key}:edit:${changeStamp(a, base)}`;
        return messageEvents(a, base, key, { edited: true, platformType: 'messageUpdate' });
      }
      return [
        unsupported(
          base,
          `${base.key}:${eventType}:${changeStamp(a, base)}`,
          `messageUpdate:${eventType}`,
          `Teams message ${base.id} changed (${eventType}); Omnify keeps what was stored`,
        ),
      ];
    case 'messageDelete':
      return [
        unsupported(
          base,
          `${base.key}:deleted`,
          'messageDelete',
          `Teams message ${base.id} was deleted; Omnify keeps what was stored (no deletions in the message model)`,
        ),
      ];
    case 'messageReaction':
      return reactionEvents(a, base);
    default:
      return [unsupported(base, base.key, `activity:${a.type}`, 'Omnify does not handle this activity type')];
  }
}
