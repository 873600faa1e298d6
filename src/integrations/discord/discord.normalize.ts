import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundMessage, InboundSender, MediaRef, MessageContent } from '../contract/message.ts';
import { interactionReplyContext } from './discord.reply-context.ts';

/**
 * Discord interactions (the subset Omnify reads) and their translation into the normalized model.
 * Source: Discord docs, "Interactions > Receiving and Responding" (Interaction object, types 1 PING,
 * 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 APPLICATION_COMMAND_AUTOCOMPLETE, 5 MODAL_SUBMIT),
 * "Application Commands" (option types, resolved data) and "Message Components". An interaction
 * carries no time: it is read from its snowflake id ("Reference > Snowflakes").
 */

/** Interaction types (Discord `InteractionType`). */
export const INTERACTION = { ping: 1, command: 2, component: 3, autocomplete: 4, modalSubmit: 5 } as const;

/** Discord's epoch (2015-01-01T00:00:00Z) in ms: a snowflake's top 42 bits count ms from it. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
const SNOWFLAKE = /^\d{1,20}$/;
/** Command option types that group sub-options (SUB_COMMAND, SUB_COMMAND_GROUP). */
const GROUP_OPTIONS = new Set([1, 2]);
const OPTION_ATTACHMENT = 11;
const OPTION_USER = 6;
/** Application command types (`ApplicationCommandType`): CHAT_INPUT 1, USER 2, MESSAGE 3, PRIMARY_ENTRY_POINT 4. */
const COMMAND_USER = 2;
const COMMAND_MESSAGE = 3;
/** Component type of a button; every other interactive component is a select menu. */
const COMPONENT_BUTTON = 2;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Drops undefined properties so normalized objects compare and serialize cleanly. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function invalid(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Not a Discord interaction: ${path} ${message}`, {
    fields: [{ path, message }],
  });
}

/** A validated interaction envelope: a snowflake `id` and an integer `type`. */
export interface DiscordInteraction {
  id: string;
  type: number;
  body: JsonObject;
}

/** Checks the envelope every interaction has; throws `OMNIFY_ERR_VALIDATION` naming the bad field. */
export function asInteraction(body: unknown): DiscordInteraction {
  if (!isJsonObject(body)) throw invalid('/', 'must be a JSON object');
  const id = body.id;
  if (typeof id !== 'string' || !SNOWFLAKE.test(id)) throw invalid('/id', 'must be a snowflake string');
  if (!Number.isInteger(body.type)) throw invalid('/type', 'must be an integer');
  return { id, type: body.type as number, body };
}

/** When a snowflake was made, or `now` (with the reason) when that time is not storable. */
export function snowflakeTime(id: string, now: Date): { at: Date; issue?: string } {
  const ms = Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
  // A real snowflake is never beyond year 9999 (42 bits of ms ≈ 139 years), but a forged one may be absurd.
  if (ms > Date.UTC(9999, 11, 31)) {
    return { at: now, issue: `snowflake ${id} holds no usable time; the time of receipt is used` };
  }
  return { at: new Date(ms) };
}

/** The user who triggered the interaction: `member.user` in a server, `user` in a DM. */
function senderOf(i: JsonObject): InboundSender {
  const member = isJsonObject(i.member) ? i.member : {};
  const user = isJsonObject(member.user) ? member.user : isJsonObject(i.user) ? i.user : {};
  const id = str(user.id);
  if (!id) return { handle: 'discord' };
  return compact({
    handle: id,
    displayName: str(member.nick) ?? str(user.global_name) ?? str(user.username),
    username: str(user.username),
  });
}

/** Where the answer goes: the channel (a DM channel for direct messages), else the user's id. */
function threadOf(i: JsonObject, sender: InboundSender): string {
  return str(i.channel_id) ?? str(field(i, 'channel', 'id')) ?? sender.handle;
}

/** Renders one option value: users by `@username` when resolved, everything else as sent. */
function optionValue(o: JsonObject, resolved: JsonObject): string {
  const value = scalar(o.value) ?? '';
  if (o.type === OPTION_USER) {
    const name = str(field(resolved, 'users', value, 'username'));
    if (name) return `@${name}`;
  }
  if (o.type === OPTION_ATTACHMENT) return str(field(resolved, 'attachments', value, 'filename')) ?? value;
  return value;
}

/** `name:value` words of a command's options, sub-command and group names as bare words; depth-first. */
function optionWords(options: unknown, resolved: JsonObject, depth = 0): string[] {
  if (!Array.isArray(options) || depth > 3) return [];
  return options.filter(isJsonObject).flatMap((o) => {
    const name = str(o.name) ?? '?';
    if (GROUP_OPTIONS.has(num(o.type) ?? 0)) return [name, ...optionWords(o.options, resolved, depth + 1)];
    return [`${name}:${optionValue(o, resolved)}`];
  });
}

/** The first attachment option's file, as a reference with its CDN `url` (downloaded on demand: discord.media.ts). */
function attachmentOf(options: unknown, resolved: JsonObject, depth = 0): MediaRef | undefined {
  if (!Array.isArray(options) || depth > 3) return undefined;
  for (const o of options.filter(isJsonObject)) {
    if (GROUP_OPTIONS.has(num(o.type) ?? 0)) {
      const inner = attachmentOf(o.options, resolved, depth + 1);
      if (inner) return inner;
    } else if (o.type === OPTION_ATTACHMENT) {
      const a = field(resolved, 'attachments', scalar(o.value) ?? '');
      if (!isJsonObject(a) || !str(a.id)) continue;
      return compact({
        id: str(a.id)!,
        url: str(a.url),
        mimeType: str(a.content_type),
        fileName: str(a.filename),
        size: num(a.size),
        width: num(a.width),
        height: num(a.height),
        durationSeconds: num(a.duration_secs),
      });
    }
  }
  return undefined;
}

const mediaType = (mime: string | undefined): 'image' | 'video' | 'audio' | 'document' => {
  const top = mime?.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
};

/** Content of an APPLICATION_COMMAND: `/name sub opt:value…` text, or the attached file with that caption. */
function commandContent(data: JsonObject): { content: MessageContent; text: string; replyTo?: string } {
  const name = str(data.name);
  if (!name) throw invalid('/data/name', 'must be a non-empty string');
  const resolved = isJsonObject(data.resolved) ? data.resolved : {};
  const target = scalar(data.target_id);
  let text = [`/${name}`, ...optionWords(data.options, resolved)].join(' ');
  if (data.type === COMMAND_USER && target) {
    const user = str(field(resolved, 'users', target, 'username'));
    text += user ? ` @${user}` : ` ${target}`;
  }
  if (data.type === COMMAND_MESSAGE && target) {
    const quoted = str(field(resolved, 'messages', target, 'content'));
    if (quoted) text += `\n> ${quoted.replaceAll('\n', '\n> ')}`;
    return { content: { type: 'text', text }, text, replyTo: target };
  }
  const media = attachmentOf(data.options, resolved);
  if (media)
    return { content: { type: mediaType(media.mimeType), media: { ...media, caption: text } }, text };
  return { content: { type: 'text', text }, text };
}

/** The component whose `custom_id` is `id` anywhere in a message's component tree (rows, sections, containers). */
function findComponent(tree: unknown, id: string, depth = 0): JsonObject | undefined {
  if (depth > 8) return undefined;
  if (Array.isArray(tree)) {
    for (const c of tree) {
      const hit = findComponent(c, id, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isJsonObject(tree)) return undefined;
  if (tree.custom_id === id) return tree;
  return findComponent(tree.components, id, depth + 1) ?? findComponent(tree.accessory, id, depth + 1);
}

/** Content of a MESSAGE_COMPONENT: an `interactive_reply` whose `replyId` is the component's `custom_id`. */
function componentContent(i: JsonObject, data: JsonObject): MessageContent {
  const customId = str(data.custom_id);
  if (!customId) throw invalid('/data/custom_id', 'must be a non-empty string');
  const shown = findComponent(field(i, 'message', 'components'), customId);
  if (data.component_type === COMPONENT_BUTTON) {
    return {
      type: 'interactive_reply',
      kind: 'button',
      replyId: customId,
      title: str(shown?.label) ?? customId,
    };
  }
  const values = Array.isArray(data.values) ? data.values.map(scalar).filter((v) => v !== undefined) : [];
  const options = Array.isArray(shown?.options) ? shown.options.filter(isJsonObject) : [];
  const labels = values.map((v) => str(options.find((o) => o.value === v)?.label) ?? v);
  return compact({
    type: 'interactive_reply' as const,
    kind: 'list' as const,
    replyId: customId,
    title: labels.join(', ') || customId,
    description: values.length > 0 ? values.join(', ') : undefined,
  });
}

/** `custom_id: value` lines of a submitted modal's inputs (text inputs and selects, inside rows or labels). */
function modalLines(tree: unknown, depth = 0): string[] {
  if (depth > 8) return [];
  if (Array.isArray(tree)) return tree.flatMap((c) => modalLines(c, depth + 1));
  if (!isJsonObject(tree)) return [];
  const id = str(tree.custom_id);
  const values = Array.isArray(tree.values) ? tree.values.map(scalar).filter(Boolean).join(', ') : undefined;
  const value = scalar(tree.value) ?? values;
  const own = id && value !== undefined ? [`${id}: ${value}`] : [];
  return [...own, ...modalLines(tree.components, depth + 1), ...modalLines(tree.component, depth + 1)];
}

/**
 * One interaction as an inbound message. `platformMessageId = dedupeKey = "interaction:<id>"`
 * (interactions are not messages, so replies to them are not quoted); `sentAt` from the snowflake.
 * Commands become text (`/name sub opt:value`, a user command's target as `@username`, a message
 * command's target quoted and linked as the replied-to message) or, with an attachment option, the
 * file as a media reference captioned with that text; components an `interactive_reply`; modal
 * submits text (`custom_id: value` lines). `raw` is the interaction with its `token` (a 15-minute
 * credential) replaced by `[redacted]`; the token goes only into `replyContext` (see
 * `contextOf`), which the inbox keeps encrypted. Throws `OMNIFY_ERR_VALIDATION` when `data` lacks
 * what its type requires (the caller keeps such an interaction as `unsupported`).
 */
export function normalizeInteraction(
  x: DiscordInteraction,
  now: Date,
  applicationId?: string,
): InboundMessage {
  const i = x.body;
  const sender = senderOf(i);
  const key = `interaction:${x.id}`;
  const sent = snowflakeTime(x.id, now);
  const data = isJsonObject(i.data) ? i.data : undefined;
  let content: MessageContent;
  let text: string | null;
  let replyTo: string | undefined;
  if (x.type === INTERACTION.command) {
    if (!data) throw invalid('/data', 'must be an object');
    ({ content, text, replyTo } = commandContent(data));
  } else if (x.type === INTERACTION.component) {
    if (!data) throw invalid('/data', 'must be an object');
    content = componentContent(i, data);
    replyTo = str(field(i, 'message', 'id'));
    text = content.type === 'interactive_reply' ? content.title : null;
  } else if (x.type === INTERACTION.modalSubmit) {
    if (!data) throw invalid('/data', 'must be an object');
    const lines = modalLines(data.components);
    text = lines.length > 0 ? lines.join('\n') : `[form ${str(data.custom_id) ?? 'submitted'}]`;
    content = { type: 'text', text };
  } else {
    content = { type: 'unsupported', platformType: `interaction_type_${x.type}` };
    text = null;
  }
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender,
    threadKey: threadOf(i, sender),
    sentAt: sent.at,
    content,
    text,
    replyToPlatformMessageId: replyTo,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: redactedInteraction(i),
    replyContext: contextOf(x, sent.at, applicationId),
  });
}

/**
 * The reply context of a stored interaction: its token, application and time, and the deferred
 * response it got (6 for components, else 5, as `acknowledgeDiscord` answers).
 */
function contextOf(x: DiscordInteraction, issuedAt: Date, applicationId?: string) {
  const deferred = x.type === INTERACTION.component ? '6' : '5';
  return interactionReplyContext({ ...x.body, id: x.id }, issuedAt, deferred, applicationId);
}

/** The interaction without its token (it lets anyone answer as the app for 15 minutes). */
export function redactedInteraction(i: JsonObject): JsonObject {
  return typeof i.token === 'string' ? { ...i, token: '[redacted]' } : i;
}

/**
 * The interaction kept as `unsupported` (what `reason` says could not be read), under its own id,
 * so one malformed interaction is stored and acknowledged instead of failing the request.
 */
export function unsupportedInteraction(
  x: DiscordInteraction,
  now: Date,
  reason: string,
  applicationId?: string,
): InboundMessage {
  const sender = senderOf(x.body);
  const key = `interaction:${x.id}`;
  const sent = snowflakeTime(x.id, now);
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender,
    threadKey: threadOf(x.body, sender),
    sentAt: sent.at,
    content: { type: 'unsupported', platformType: `interaction_type_${x.type}`, reason },
    text: null,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: redactedInteraction(x.body),
    replyContext: contextOf(x, sent.at, applicationId),
  });
}
