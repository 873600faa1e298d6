import { timeFromUnixSeconds } from '../../kernel/dates/platform-time.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type {
  InboundEvent,
  InboundMessage,
  MediaRef,
  MessageContent,
  StatusUpdate,
} from '../contract/message.ts';

/*
 * WhatsApp Cloud API webhook shapes (Meta docs: "Webhooks > Components" and "Webhooks > Reference >
 * messages"). Only the fields Omnify reads are named; everything is read defensively because the
 * payload is untrusted and Meta adds fields and types over time.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Copies only the defined values, so optional fields stay absent rather than `undefined`. */
function defined<T extends Obj>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const MEDIA_TYPES = ['image', 'video', 'document', 'sticker', 'audio'] as const;

function unsupported(platformType: string, reason?: string): MessageContent {
  return defined({ type: 'unsupported', platformType, reason }) as MessageContent;
}

/** The first `errors[]` entry's best human text: details, then message, then title. */
function errorText(e: Obj): string | undefined {
  return str(obj(e.error_data).details) ?? str(e.message) ?? str(e.title);
}

function mediaContent(
  type: (typeof MEDIA_TYPES)[number],
  m: Obj,
): { content: MessageContent; text: string | null } {
  const media = obj(m[type]);
  const id = str(media.id);
  if (!id) return { content: unsupported(type, 'media without id'), text: null };
  const ref: MediaRef = defined({
    id,
    mimeType: str(media.mime_type),
    caption: str(media.caption),
    fileName: str(media.filename),
    sha256: str(media.sha256),
  });
  const contentType = type === 'audio' && media.voice === true ? 'voice' : type;
  return { content: { type: contentType, media: ref }, text: ref.caption ?? null };
}

/** Maps one `messages[]` item's content (by `type`) to normalized content plus its plain text. */
function contentOf(m: Obj): { content: MessageContent; text: string | null } {
  const type = str(m.type) ?? 'unknown';
  if ((MEDIA_TYPES as readonly string[]).includes(type))
    return mediaContent(type as (typeof MEDIA_TYPES)[number], m);
  switch (type) {
    case 'text': {
      const body = str(obj(m.text).body);
      return body === undefined
        ? { content: unsupported(type, 'text without body'), text: null }
        : { content: { type: 'text', text: body }, text: body };
    }
    case 'location': {
      const l = obj(m.location);
      const latitude = num(l.latitude);
      const longitude = num(l.longitude);
      if (latitude === undefined || longitude === undefined)
        return { content: unsupported(type, 'location without coordinates'), text: null };
      const content = defined({
        type: 'location',
        latitude,
        longitude,
        name: str(l.name),
        address: str(l.address),
        url: str(l.url),
      });
      return { content: content as MessageContent, text: str(l.name) ?? str(l.address) ?? null };
    }
    case 'contacts': {
      const contacts = arr(m.contacts)
        .filter(isObj)
        .map((c) => {
          const n = obj(c.name);
          const name =
            str(n.formatted_name) ?? [str(n.first_name), str(n.last_name)].filter(Boolean).join(' ');
          const phones = arr(c.phones)
            .filter(isObj)
            .map((p) => str(p.wa_id) || str(p.phone))
            .filter((p): p is string => !!p);
          const emails = arr(c.emails)
            .filter(isObj)
            .map((e) => str(e.email))
            .filter((e): e is string => !!e);
          return { name, phones, emails };
        });
      if (contacts.length === 0) return { content: unsupported(type, 'no contacts'), text: null };
      return {
        content: { type: 'contacts', contacts },
        text:
          contacts
            .map((c) => c.name)
            .filter(Boolean)
            .join(', ') || null,
      };
    }
    case 'interactive': {
      const i = obj(m.interactive);
      const sub = str(i.type);
      const reply = sub === 'button_reply' || sub === 'list_reply' ? obj(i[sub]) : undefined;
      if (!reply || (!str(reply.id) && !str(reply.title)))
        return { content: unsupported(type, sub ? `interactive ${sub}` : undefined), text: null };
      const title = str(reply.title) ?? '';
      const kind = sub === 'button_reply' ? 'button' : 'list';
      const content = defined({
        type: 'interactive_reply',
        kind,
        replyId: str(reply.id) ?? '',
        title,
        description: str(reply.description),
      });
      return { content: content as MessageContent, text: title || null };
    }
    case 'button': {
      const b = obj(m.button);
      const replyId = str(b.payload) ?? '';
      const title = str(b.text) ?? '';
      if (!replyId && !title) return { content: unsupported(type, 'button without payload'), text: null };
      return {
        content: { type: 'interactive_reply', kind: 'quick_reply', replyId, title },
        text: title || null,
      };
    }
    case 'reaction': {
      const r = obj(m.reaction);
      const target = str(r.message_id);
      if (!target) return { content: unsupported(type, 'reaction without message_id'), text: null };
      const emoji = str(r.emoji) || null;
      return { content: { type: 'reaction', emoji, targetPlatformMessageId: target }, text: emoji };
    }
    default: {
      const reason = str(obj(m.unsupported).type) ?? errorText(obj(arr(m.errors)[0]));
      return { content: unsupported(type, reason), text: null };
    }
  }
}

function normalizeMessage(m: Obj, contacts: unknown[], now: Date): InboundMessage | undefined {
  const id = str(m.id);
  const from = str(m.from);
  if (!id || !from) return undefined;
  const profile = contacts.filter(isObj).find((c) => c.wa_id === from);
  let parsed: { content: MessageContent; text: string | null };
  try {
    parsed = contentOf(m);
  } catch (e) {
    // One malformed message must not sink the others of the delivery: keep it as `unsupported`.
    const reason = `could not be read: ${e instanceof Error ? e.message : String(e)}`;
    parsed = { content: unsupported(str(m.type) ?? 'unknown', reason), text: null };
  }
  const { content, text } = parsed;
  const replyTo = content.type === 'reaction' ? undefined : str(obj(m.context).id);
  const sent = timeFromUnixSeconds(m.timestamp, now);
  return defined({
    kind: 'message' as const,
    platformMessageId: id,
    dedupeKey: id,
    sender: defined({ handle: from, phoneE164: `+${from}`, displayName: str(obj(profile?.profile).name) }),
    threadKey: from,
    sentAt: sent.at,
    content,
    text,
    replyToPlatformMessageId: replyTo,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: m,
  });
}

const STATUS_MAP: Record<string, StatusUpdate['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

function normalizeStatus(s: Obj, now: Date): StatusUpdate | undefined {
  const id = str(s.id);
  const status = STATUS_MAP[str(s.status) ?? ''];
  if (!id || !status) return undefined;
  const update: StatusUpdate = {
    kind: 'status',
    platformMessageId: id,
    status,
    at: timeFromUnixSeconds(s.timestamp, now).at,
    raw: s,
  };
  if (status === 'failed') {
    const e = obj(arr(s.errors)[0]);
    const code = num(e.code) ?? str(e.code);
    update.error = {
      code: code === undefined ? 'unknown' : String(code),
      message: errorText(e) ?? 'The platform reported a failure without details.',
    };
  }
  return update;
}

/**
 * The webhook field of WhatsApp Business app "coexistence" (one number used in the Business app
 * and the Cloud API) that echoes a message the business sent from the app or a linked device:
 * `value.message_echoes[]`, `from` = the business number, `to` = the customer. The normalized model
 * has inbound messages and status updates only (no outbound message a platform reports), so the
 * echoes are dropped, on purpose: stored as inbound they would pass for the customer's words and
 * make the agent answer the business's own message. Our own Cloud API sends come back only as
 * `statuses[]`. (The other coexistence fields, `history` and `smb_app_state_sync`, are not
 * `messages` either and are ignored like every other field.)
 */
export const WHATSAPP_ECHO_FIELD = 'smb_message_echoes';

/** Digits of a phone number as Meta writes it (`display_phone_number` may carry `+`, spaces or dashes). */
const digits = (v: unknown): string | undefined => {
  const d = typeof v === 'string' ? v.replace(/\D/g, '') : '';
  return d === '' ? undefined : d;
};

/**
 * Turns one WhatsApp Cloud API webhook body (Meta docs, "Webhooks > Reference > messages") into
 * normalized events: `entry[].changes[].value.messages[]` → `InboundMessage`,
 * `value.statuses[]` → `StatusUpdate` (`played` counts as `read`; unknown statuses are skipped),
 * each with `recipient` = the change's `metadata.phone_number_id` when it has one.
 * Statuses only ever update messages we sent: they never become messages. Our own side is never
 * an inbound message: a {@link WHATSAPP_ECHO_FIELD} change (what the business sent from the
 * WhatsApp Business app) yields nothing, and neither does a `messages[]`
 * item whose `from` is the business's own number (`metadata.display_phone_number`).
 * Changes for other fields, `value.errors[]` and items without an id are ignored; unknown message
 * types become `unsupported` content, and so does a message whose content cannot be read (one bad
 * message never sinks the others). Times are Unix seconds → `Date` (UTC); a missing, invalid or
 * out-of-range time becomes `now` (the time of receipt), recorded as the message's `issue`
 * (`timestamp_invalid`).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the body is not a `whatsapp_business_account` envelope.
 */
export function parseWhatsAppWebhook(body: unknown, now = new Date()): InboundEvent[] {
  if (!isObj(body) || body.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) {
    throw new OmnifyError(
      'OMNIFY_ERR_VALIDATION',
      'Not a WhatsApp Cloud API webhook (object must be "whatsapp_business_account" with an entry array).',
    );
  }
  const events: InboundEvent[] = [];
  for (const entry of body.entry.filter(isObj)) {
    for (const change of arr(entry.changes).filter(isObj)) {
      // What the business sent from the WhatsApp Business app: never inbound (see WHATSAPP_ECHO_FIELD).
      if (change.field === WHATSAPP_ECHO_FIELD) continue;
      if (change.field !== undefined && change.field !== 'messages') continue;
      const value = obj(change.value);
      const contacts = arr(value.contacts);
      const metadata = obj(value.metadata);
      // The business number the change is for: one Meta app can serve several (routed by the webhook route).
      const number = metadata.phone_number_id;
      const recipient = typeof number === 'string' && number !== '' ? { recipient: number } : {};
      const ownNumber = digits(metadata.display_phone_number);
      for (const m of arr(value.messages).filter(isObj)) {
        // Written by the business number itself: our own side, never a customer's message.
        if (ownNumber !== undefined && digits(m.from) === ownNumber) continue;
        const msg = normalizeMessage(m, contacts, now);
        if (msg) events.push({ ...msg, ...recipient });
      }
      for (const s of arr(value.statuses).filter(isObj)) {
        const st = normalizeStatus(s, now);
        if (st) events.push({ ...st, ...recipient });
      }
    }
  }
  return events;
}
