import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasSharedFixtures, listFixtures, SHARED_PAYLOADS_DIR } from '../../testing/fixtures.ts';
import type { SignatureVector } from '../contract/channel.contract-suite.ts';
import { signWhatsApp } from '../whatsapp/whatsapp.signature.ts';

/*
 * Test support for the Messenger and Instagram tests: payloads written from Meta's documentation
 * (no real captured delivery of a well-known library exists; ../shared/fixtures/payloads/messenger
 * holds 2016 doc copies, used as well), the signature vectors, and Graph answers for the fake API.
 * Doc sources: "Webhook Events Reference" pages messages, message_echoes, message_edits,
 * message_reactions, message_reads, message_deliveries, messaging_postbacks (Messenger) and
 * "Instagram Messaging > Webhooks" (Instagram). Placeholders such as `<PSID>` are replaced by
 * plausible ids.
 */

export const SHARED_MESSENGER = join(SHARED_PAYLOADS_DIR, 'messenger');
export const SHARED_WHATSAPP = join(SHARED_PAYLOADS_DIR, 'whatsapp');

export const PAGE_ID = '104123456789012';
export const IG_ACCOUNT_ID = '17841400000000001';
export const PSID = '6543210987654321';
export const IGSID = '7100000000000042';
/** A Messenger `mid` as Meta sends them today. */
export const MID = 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplw';
export const T0 = 1761994800123;

type Obj = Record<string, unknown>;

/** One `messaging[]` item from the contact (`sender` = them, `recipient` = us). */
export const item = (
  sender: string,
  recipient: string,
  extra: Obj,
  timestamp: number | unknown = T0,
): Obj => ({
  sender: { id: sender },
  recipient: { id: recipient },
  timestamp,
  ...extra,
});
/** The webhook envelope around `items` (one entry). */
export const envelope = (object: 'page' | 'instagram', entryId: string, items: unknown[]): Obj => ({
  object,
  entry: [{ id: entryId, time: T0 + 500, messaging: items }],
});

/** Messenger items, one per documented event kind (the doc examples with real-looking ids). */
export const messengerItems = {
  text: item(PSID, PAGE_ID, { message: { mid: MID, text: 'Hi! Is the blue one in stock?' } }),
  quickReply: item(PSID, PAGE_ID, {
    message: { mid: `${MID}-qr`, text: 'Red', quick_reply: { payload: 'COLOR_RED' } },
  }),
  reply: item(PSID, PAGE_ID, {
    message: {
      mid: `${MID}-re`,
      text: 'this one',
      reply_to: { mid: 'm_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU', is_self_reply: false },
    },
  }),
  attachments: item(PSID, PAGE_ID, {
    message: {
      mid: `${MID}-att`,
      attachments: [
        { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg' } },
        { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf' } },
      ],
    },
  }),
  sticker: item(PSID, PAGE_ID, {
    message: {
      mid: `${MID}-st`,
      sticker_id: 369239263222822,
      attachments: [
        {
          type: 'image',
          payload: { url: 'https://scontent.xx.fbcdn.net/like.png', sticker_id: 369239263222822 },
        },
      ],
    },
  }),
  fallback: item(PSID, PAGE_ID, {
    message: {
      mid: `${MID}-fb`,
      attachments: [{ type: 'fallback', payload: null, title: 'Shared link', url: 'https://example.com' }],
    },
  }),
  echo: item(PAGE_ID, PSID, {
    message: {
      is_echo: true,
      app_id: 1517776481860111,
      mid: 'm_echo-of-our-send',
      text: 'Sure, we have it.',
    },
  }),
  edit: item(PSID, PAGE_ID, {
    message_edit: { mid: MID, text: 'Hi! Is the navy one in stock?', num_edit: 1 },
  }),
  postback: item(PSID, PAGE_ID, {
    postback: { mid: `${MID}-pb`, title: 'Get Started', payload: 'GET_STARTED' },
  }),
  reaction: item(PSID, PAGE_ID, {
    reaction: { reaction: 'love', emoji: '\u2764\uFE0F', action: 'react', mid: 'm_our-earlier-reply' },
  }),
  unreaction: item(PSID, PAGE_ID, {
    reaction: { reaction: 'love', action: 'unreact', mid: 'm_our-earlier-reply' },
  }),
  read: item(PSID, PAGE_ID, { read: { watermark: T0 - 1000 } }),
  delivery: item(PSID, PAGE_ID, {
    delivery: { mids: ['m_our-earlier-reply', 'm_our-other-reply'], watermark: T0 },
  }),
  optin: item(PSID, PAGE_ID, { optin: { type: 'notification_messages', payload: 'ADDITIONAL_INFORMATION' } }),
};

/** Instagram items (Instagram Messaging > Webhooks examples). */
export const instagramItems = {
  text: item(IGSID, IG_ACCOUNT_ID, {
    message: { mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx', text: 'Do you ship to Lisbon?' },
  }),
  media: item(IGSID, IG_ACCOUNT_ID, {
    message: {
      mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQy',
      attachments: [
        { type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } },
        {
          type: 'ig_reel',
          payload: {
            url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2',
            title: 'Our spring look',
            reel_video_id: '1800',
          },
        },
        {
          type: 'story_mention',
          payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=3' },
        },
      ],
    },
  }),
  storyReply: item(IGSID, IG_ACCOUNT_ID, {
    message: {
      mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQz',
      text: 'Love it',
      reply_to: { story: { url: 'https://lookaside.fbsbx.com/story', id: '1799' } },
    },
  }),
  deleted: item(IGSID, IG_ACCOUNT_ID, {
    message: { mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx', is_deleted: true },
  }),
  echo: item(IG_ACCOUNT_ID, IGSID, {
    message: { mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQ0', text: 'Yes we do!', is_echo: true },
  }),
  reaction: item(IGSID, IG_ACCOUNT_ID, {
    reaction: { mid: 'aWdfZAG1-our-reply', action: 'react', reaction: 'love', emoji: '\u2764\uFE0F' },
  }),
  seen: item(IGSID, IG_ACCOUNT_ID, { read: { mid: 'aWdfZAG1-our-reply' } }),
  postback: item(IGSID, IG_ACCOUNT_ID, {
    postback: {
      mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQ1',
      title: 'Track my order',
      payload: 'TRACK',
    },
  }),
};

/** Shared Messenger webhook bodies (2016 doc copies), empty when ../shared is absent. */
export const sharedMessengerWebhooks = () =>
  hasSharedFixtures ? listFixtures(SHARED_MESSENGER, /^webhook_.*\.json$/) : [];

const readIf = (path: string): Buffer | undefined => (existsSync(path) ? readFileSync(path) : undefined);

/**
 * Signature vectors: the two HMAC-SHA256 vectors of ../shared/fixtures/payloads/whatsapp (same Meta
 * scheme; one needs the unicode-escaped form) and the legacy SHA-1-only `X-Hub-Signature` vectors
 * of ../messenger, which are refused (only `X-Hub-Signature-256` is accepted).
 */
export function metaSignatureVectors<C extends { appSecret: string }>(config: C): SignatureVector<C>[] {
  if (!hasSharedFixtures) return [];
  const request = (body: Buffer, headers: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    query: {},
    rawBody: body,
  });
  const out: SignatureVector<C>[] = [];
  const wa = JSON.parse(
    readIf(join(SHARED_WHATSAPP, 'signature_vectors.json'))?.toString('utf8') ?? '{"vectors":[]}',
  );
  for (const v of wa.vectors) {
    const body = readIf(join(SHARED_WHATSAPP, v.body_file));
    if (!body) continue;
    const c = { ...config, appSecret: v.key_app_secret };
    out.push({
      name: `${v.id} (whatsapp vector)`,
      config: c,
      valid: true,
      request: request(body, { 'x-hub-signature-256': v.expected_header }),
    });
    out.push({
      name: `${v.id} with another secret`,
      config,
      valid: false,
      request: request(body, { 'x-hub-signature-256': v.expected_header }),
    });
  }
  const fb = JSON.parse(
    readIf(join(SHARED_MESSENGER, 'signature_vectors.json'))?.toString('utf8') ?? '{"vectors":[]}',
  );
  for (const v of fb.vectors) {
    const body = readIf(join(SHARED_MESSENGER, v.body_file));
    if (!body) continue;
    const c = { ...config, appSecret: v.key_app_secret };
    out.push({
      name: `${v.id}: legacy sha1 header alone`,
      config: c,
      valid: false,
      request: request(body, { 'x-hub-signature': v.expected_header }),
    });
    out.push({
      name: `${v.id}: body signed with sha256 as Meta does now`,
      config: c,
      valid: true,
      request: request(body, {
        'x-hub-signature': v.expected_header,
        'x-hub-signature-256': signWhatsApp(body, v.key_app_secret),
      }),
    });
  }
  return out;
}

/** A Graph API error body (Meta docs, "Graph API > Handling Errors"). */
export const graphError = (code: number, message: string, extra: Obj = {}) => ({
  error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGh123', ...extra },
});

/** The Send API's success answer. */
export const sendSuccess = { recipient_id: PSID, message_id: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_sent' };
