import { createHash } from 'node:crypto';
import { MAX_PLATFORM_TIME_MS, MIN_PLATFORM_TIME_MS } from '../../kernel/dates/platform-time.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { InboundEvent, InboundMessage, StatusUpdate } from '../contract/message.ts';
import { messageContents } from './messenger.content.ts';

/*
 * Messenger Platform webhooks, shared by Facebook Messenger (`object: "page"`) and Instagram
 * messaging (`object: "instagram"`). Envelope: `{object, entry:[{id, time, messaging:[item…]}]}`;
 * each `messaging[]` item is one event with `sender.id` (PSID / IGSID), `recipient.id`, `timestamp`
 * (ms) and one of `message`, `message_edit`, `postback`, `reaction`, `read`, `delivery`, `optin`, …
 * (Meta docs, "Messenger Platform > Webhook Events Reference" and "Instagram Messaging > Webhooks").
 * Everything is read defensively: the payload is untrusted and Meta adds fields over time.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** What the shared parser needs to know about the channel. */
export interface MetaParseOptions {
  /** The envelope's `object`: `page` (Messenger) or `instagram`. */
  object: 'page' | 'instagram';
  /** Our own ids (Page id, Instagram account id): items sent by them are our echoes, never stored. */
  ownIds: readonly string[];
}

/** Event keys of a `messaging[]` item that Omnify does not model: stored as `unsupported` under their name. */
const ITEM_KEYS = [
  'message',
  'message_edit',
  'postback',
  'reaction',
  'read',
  'delivery',
  'optin',
  'referral',
  'account_linking',
  'policy_enforcement',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
  'game_play',
] as const;

/**
 * Meta times are milliseconds since the epoch. Missing → `now` without an issue; not a number or
 * outside 1970…9999 → `now` with the reason (docs/channels.md, "Timestamps"). Never throws.
 */
export function timeFromUnixMs(v: unknown, now: Date): { at: Date; issue?: string } {
  if (v === undefined || v === null) return { at: now };
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < MIN_PLATFORM_TIME_MS || n > MAX_PLATFORM_TIME_MS) {
    const shown = (JSON.stringify(v) ?? typeof v).slice(0, 40);
    return {
      at: now,
      issue: `timestamp ${shown} is not a time in ms since 1970; the time of receipt is used`,
    };
  }
  return { at: new Date(n) };
}

/** A key that is the same on every redelivery of `item` (Meta resends the same JSON). */
function stableKey(kind: string, item: unknown): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(item) ?? '')
    .digest('hex');
  return `${kind}:${hash.slice(0, 32)}`;
}

interface ItemContext {
  item: Obj;
  sender: string;
  sentAt: Date;
  issue?: { code: string; message: string };
}

function message(
  ctx: ItemContext,
  fields: Omit<InboundMessage, 'kind' | 'sender' | 'threadKey' | 'sentAt' | 'raw'>,
): InboundMessage {
  const m: InboundMessage = {
    kind: 'message',
    ...fields,
    sender: { handle: ctx.sender },
    threadKey: ctx.sender,
    sentAt: ctx.sentAt,
    raw: ctx.item,
  };
  if (ctx.issue && !m.issue) m.issue = ctx.issue;
  for (const k of Object.keys(m) as (keyof InboundMessage)[]) if (m[k] === undefined) delete m[k];
  return m;
}

function unsupportedItem(
  ctx: ItemContext,
  platformType: string,
  reason?: string,
  id?: string,
): InboundMessage {
  const key = id ?? stableKey(platformType, ctx.item);
  const content = reason
    ? { type: 'unsupported' as const, platformType, reason }
    : { type: 'unsupported' as const, platformType };
  return message(ctx, { platformMessageId: key, dedupeKey: key, content, text: null });
}

function messageEvents(ctx: ItemContext, m: Obj): InboundMessage[] {
  const mid = str(m.mid);
  if (!mid) return [unsupportedItem(ctx, 'message', 'message without mid')];
  if (m.is_deleted === true)
    return [unsupportedItem(ctx, 'message_deleted', 'the contact deleted this message', `${mid}:deleted`)];
  const replyTo = str(obj(m.reply_to).mid);
  return messageContents(m).map(({ content, text }, i) =>
    message(ctx, {
      platformMessageId: mid,
      // Several attachments in one message become several events of the same mid.
      dedupeKey: i === 0 ? mid : `${mid}#${i + 1}`,
      content,
      text,
      replyToPlatformMessageId: replyTo,
    }),
  );
}

function editEvent(ctx: ItemContext, e: Obj): InboundMessage {
  const mid = str(e.mid);
  const text = typeof e.text === 'string' ? e.text : undefined;
  if (!mid || text === undefined) return unsupportedItem(ctx, 'message_edit', 'edit without mid or text');
  const n = typeof e.num_edit === 'number' && Number.isFinite(e.num_edit) ? e.num_edit : stableKey('n', e);
  return message(ctx, {
    platformMessageId: mid,
    dedupeKey: `${mid}:edit:${n}`,
    content: { type: 'text', text },
    text,
    edited: true,
  });
}

function postbackEvent(ctx: ItemContext, p: Obj): InboundMessage {
  const replyId = str(p.payload) ?? '';
  const title = str(p.title) ?? '';
  if (!replyId && !title) return unsupportedItem(ctx, 'postback', 'postback without payload or title');
  // Postbacks carry a mid since Graph v11 (Instagram) / recent Messenger versions; older ones do not.
  const id = str(p.mid) ?? stableKey('postback', ctx.item);
  return message(ctx, {
    platformMessageId: id,
    dedupeKey: id,
    content: { type: 'interactive_reply', kind: 'button', replyId, title },
    text: title || replyId,
  });
}

function reactionEvent(ctx: ItemContext, r: Obj): InboundMessage {
  const target = str(r.mid);
  if (!target) return unsupportedItem(ctx, 'reaction', 'reaction without mid');
  const emoji = r.action === 'unreact' ? null : (str(r.emoji) ?? str(r.reaction) ?? null);
  const key = stableKey(`reaction:${target}`, ctx.item);
  return message(ctx, {
    platformMessageId: key,
    dedupeKey: key,
    content: { type: 'reaction', emoji, targetPlatformMessageId: target },
    text: emoji,
  });
}

/**
 * `delivery.mids[]` → `delivered`; Instagram's `read.mid` → `read`, one status per message named.
 * Without a mid, a `watermark` (ms: "every message sent before this time was delivered / read",
 * Messenger's `message_reads` and `message_deliveries`) → one watermark status for the sender's
 * conversation, keyed `watermark:{PSID}:{ms}`; without either, or with an unreadable watermark,
 * nothing.
 */
function statusEvents(ctx: ItemContext, key: 'read' | 'delivery', s: Obj, now: Date): StatusUpdate[] {
  const status = key === 'read' ? 'read' : 'delivered';
  const watermark = s.watermark === undefined ? undefined : timeFromUnixMs(s.watermark, now);
  const at = ctx.item.timestamp === undefined ? (watermark?.at ?? now) : ctx.sentAt;
  const mids = [...arr(s.mids), s.mid].map(str).filter((m): m is string => m !== undefined);
  if (mids.length === 0) {
    if (!watermark || watermark.issue || !ctx.sender) return [];
    const upTo = watermark.at;
    const platformMessageId = `watermark:${ctx.sender}:${upTo.getTime()}`;
    return [
      {
        kind: 'status',
        platformMessageId,
        status,
        at,
        raw: ctx.item,
        watermark: { threadKey: ctx.sender, upTo },
      },
    ];
  }
  return [...new Set(mids)].map((platformMessageId) => ({
    kind: 'status',
    platformMessageId,
    status,
    at,
    raw: ctx.item,
  }));
}

function itemEvents(item: Obj, opts: MetaParseOptions, now: Date): InboundEvent[] {
  const sender = str(obj(item.sender).id) ?? str(obj(item.sender).user_ref);
  const m = obj(item.message);
  // Our own sends come back as echoes (`is_echo`, sender = our Page / Instagram account): never stored.
  if (m.is_echo === true || (sender !== undefined && opts.ownIds.includes(sender))) return [];
  const time = timeFromUnixMs(item.timestamp, now);
  const kind =
    ITEM_KEYS.find((k) => isObj(item[k])) ??
    Object.keys(item).find((k) => isObj(item[k]) && k !== 'sender' && k !== 'recipient');
  if (kind === 'read' || kind === 'delivery')
    return statusEvents({ item, sender: sender ?? '', sentAt: time.at }, kind, obj(item[kind]), now);
  if (!sender) return [];
  const ctx: ItemContext = {
    item,
    sender,
    sentAt: time.at,
    issue: time.issue ? { code: 'timestamp_invalid', message: time.issue } : undefined,
  };
  try {
    switch (kind) {
      case 'message':
        return messageEvents(ctx, m);
      case 'message_edit':
        return [editEvent(ctx, obj(item.message_edit))];
      case 'postback':
        return [postbackEvent(ctx, obj(item.postback))];
      case 'reaction':
        return [reactionEvent(ctx, obj(item.reaction))];
      default:
        return [unsupportedItem(ctx, kind ?? 'unknown')];
    }
  } catch (e) {
    // One unreadable item never sinks the others of the delivery: keep it as `unsupported`.
    return [
      unsupportedItem(
        ctx,
        kind ?? 'unknown',
        `could not be read: ${e instanceof Error ? e.message : String(e)}`,
      ),
    ];
  }
}

/**
 * Turns one Messenger Platform webhook body into normalized events. Each `entry[].messaging[]`
 * item is one event: `message` → text / media references / quick-reply taps (`interactive_reply`,
 * kind `quick_reply`), with `reply_to.mid` as the quoted message; `message_edit` → an edit (same
 * mid, `edited`); `postback` → `interactive_reply` (kind `button`); `reaction` → `reaction`
 * (`unreact` → emoji null); `delivery.mids[]` → `delivered` and Instagram's `read.mid` → `read`
 * status events, Messenger's `read.watermark` (and a `delivery.watermark` without mids) → one
 * watermark status for the conversation (`StatusUpdate.watermark`); echoes of our own sends (`is_echo`, or a sender in `ownIds`) → nothing; any other
 * event (`optin`, `referral`, …) → `unsupported` under its name. Sender handle and thread key are
 * the PSID / IGSID. Items without a mid get a dedupe key hashed from the item, so a redelivery is
 * stored once. `standby` items (another app owns the thread) are skipped.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the body is not an `{object, entry: []}` envelope
 *   of `opts.object`.
 */
export function parseMetaMessaging(body: unknown, opts: MetaParseOptions, now = new Date()): InboundEvent[] {
  if (!isObj(body) || body.object !== opts.object || !Array.isArray(body.entry)) {
    throw new OmnifyError(
      'OMNIFY_ERR_VALIDATION',
      `Not a Messenger Platform webhook (object must be "${opts.object}" with an entry array).`,
    );
  }
  const events: InboundEvent[] = [];
  for (const entry of body.entry.filter(isObj)) {
    for (const item of arr(entry.messaging).filter(isObj)) events.push(...itemEvents(item, opts, now));
  }
  return events;
}
