import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundEvent } from '../contract/message.ts';
import {
  isFromBot,
  normalizeOtherSlackEvent,
  normalizeSlackDeletion,
  normalizeSlackMessage,
  type SlackPlace,
} from './slack.normalize.ts';
import { normalizeSlackReaction } from './slack.reactions.ts';

/**
 * The Events API envelope (docs.slack.dev/apis/events-api): `{type: "event_callback", team_id,
 * api_app_id, event, event_id, event_time, authorizations: [{user_id, is_bot, …}]}`; also
 * `url_verification` (answered by the adapter's `respond`) and `app_rate_limited` (Slack telling us
 * it dropped events: nothing to store).
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Message subtypes that are a person's message like any other (text and/or files). */
const PLAIN_SUBTYPES = new Set(['thread_broadcast', 'me_message', 'file_share']);

function invalid(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Not a Slack Events API request: ${path} ${message}`, {
    fields: [{ path, message }],
  });
}

/** The bot users of this app in the workspace (`authorizations[]` with `is_bot`): their messages are our own. */
function botUsersOf(envelope: JsonObject): Set<string> {
  const auths = Array.isArray(envelope.authorizations) ? envelope.authorizations : [];
  return new Set(
    auths.flatMap((a) =>
      isJsonObject(a) && a.is_bot === true && str(a.user_id) ? [a.user_id as string] : [],
    ),
  );
}

/** Why a message event cannot be read, or undefined when it has a channel and a `ts`. */
function unreadable(e: JsonObject, m: JsonObject): string | undefined {
  if (!str(e.channel)) return '/event/channel must be a string';
  if (!str(m.ts)) return 'the message has no ts';
  return undefined;
}

/**
 * The events of one `message` or `app_mention` event. Produces none for messages by bots and apps
 * (`bot_id`, subtype `bot_message`, a `bot_profile`, or one of our bot users: our own sends come back
 * this way and must not be stored twice or answered), for hidden housekeeping subtypes
 * (`message_replied`, …) and for changes/deletions of bot messages. `message_changed` → an edit of
 * the inner `message` (same `platformMessageId`, `edited: true`, dedupe key
 * `"{channel}:{ts}:edit:{event ts}"`), `message_deleted` → `unsupported` (see
 * `normalizeSlackDeletion`), other subtypes (`channel_join`, `channel_topic`, …) → `unsupported`
 * `message:<subtype>`. `app_mention` has the same id as the `message` event of the same post, so
 * receiving both stores it once.
 */
function messageEvents(e: JsonObject, key: string, botUsers: Set<string>, now: Date): InboundEvent[] {
  const subtype = str(e.subtype);
  const place: SlackPlace = { channel: str(e.channel) ?? '', channelType: str(e.channel_type) };
  if (subtype === 'message_changed') {
    const inner = isJsonObject(e.message) ? e.message : undefined;
    if (!inner)
      return [normalizeOtherSlackEvent(e, key, 'message_changed', now, '/event/message is missing')];
    if (isFromBot(inner, botUsers)) return [];
    const why = unreadable(e, inner);
    if (why) return [normalizeOtherSlackEvent(e, key, 'message_changed', now, why)];
    const ts = inner.ts as string;
    const editTs = str(e.event_ts) ?? str(e.ts) ?? key;
    const edited = isJsonObject(inner.edited) ? inner.edited.ts : undefined;
    return normalizeSlackMessage(
      { ...inner, ts },
      place,
      {
        dedupeKey: `${place.channel}:${ts}:edit:${editTs}`,
        edited: true,
        at: edited ?? e.event_ts ?? e.ts,
      },
      now,
    );
  }
  if (subtype === 'message_deleted') {
    const prev = isJsonObject(e.previous_message) ? e.previous_message : {};
    if (Object.keys(prev).length > 0 && isFromBot(prev, botUsers)) return [];
    const deleted = str(e.deleted_ts) ?? str(prev.ts);
    if (!place.channel || !deleted) {
      return [normalizeOtherSlackEvent(e, key, 'message_deleted', now, 'no channel or deleted_ts')];
    }
    return [normalizeSlackDeletion(e, place, deleted, now)];
  }
  // Hidden events are housekeeping, never a post (`message_replied` even arrives without its subtype).
  if (isFromBot(e, botUsers) || e.hidden === true || subtype === 'message_replied') return [];
  if (subtype && !PLAIN_SUBTYPES.has(subtype)) {
    const ts = str(e.ts);
    const id = place.channel && ts ? `${place.channel}:${ts}` : key;
    return [normalizeOtherSlackEvent(e, id, `message:${subtype}`, now)];
  }
  const why = unreadable(e, e);
  if (why) return [normalizeOtherSlackEvent(e, key, str(e.type) ?? 'message', now, why)];
  const ts = e.ts as string;
  return normalizeSlackMessage(
    { ...e, ts },
    place,
    { dedupeKey: `${place.channel}:${ts}`, edited: false },
    now,
  );
}

/**
 * Turns one verified Events API request body into Omnify events. `event_callback` with a `message`
 * or `app_mention` event → see `messageEvents`; `reaction_added` / `reaction_removed` → a reaction
 * (see `normalizeSlackReaction`); any other event type → one `unsupported` message
 * keyed `"event:{event_id}"`; `url_verification` and `app_rate_limited` → none.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the body is not an Events API envelope (not an
 *   object with a string `type`), or an `event_callback` has neither an `event` object nor an
 *   `event_id` to keep it under.
 */
export function parseSlackEnvelope(body: unknown, now = new Date()): InboundEvent[] {
  if (!isJsonObject(body)) throw invalid('/', 'must be a JSON object');
  const type = str(body.type);
  if (!type) throw invalid('/type', 'must be a string');
  if (type !== 'event_callback') return [];
  const e = body.event;
  const eventId = str(body.event_id);
  if (!isJsonObject(e)) {
    if (!eventId) throw invalid('/event', 'must be an object');
    return [
      normalizeOtherSlackEvent(body, `event:${eventId}`, 'event_callback', now, '/event must be an object'),
    ];
  }
  const key = eventId ? `event:${eventId}` : str(e.event_ts) ? `event_ts:${e.event_ts}` : undefined;
  if (!key) throw invalid('/event_id', 'must be a string');
  const eventType = str(e.type) ?? 'unknown';
  if (eventType === 'message' || eventType === 'app_mention') {
    return messageEvents(e, key, botUsersOf(body), now);
  }
  if (eventType === 'reaction_added' || eventType === 'reaction_removed') {
    return normalizeSlackReaction(e, key, botUsersOf(body), now);
  }
  return [normalizeOtherSlackEvent(e, key, eventType, now)];
}
