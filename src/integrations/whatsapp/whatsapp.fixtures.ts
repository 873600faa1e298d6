import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import {
  hasSharedFixtures,
  listFixtures,
  SAMPLE_PAYLOADS_DIR,
  SHARED_PAYLOADS_DIR,
} from '../../testing/fixtures.ts';
import type { SignatureVector, WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage, MessageContent, StatusUpdate } from '../contract/message.ts';
import type { WhatsAppConfig } from './whatsapp.adapter.ts';
import { escapeUnicode, signWhatsApp } from './whatsapp.signature.ts';

/*
 * Test support for whatsapp.test.ts: the webhook fixtures (shared real payloads when ../shared is
 * present, plus our own samples) with per-fixture assertions, the signature vectors, and Graph API
 * answer bodies for the fake API.
 */

const SHARED = join(SHARED_PAYLOADS_DIR, 'whatsapp');
const SAMPLES = join(SAMPLE_PAYLOADS_DIR, 'whatsapp');

export const config: WhatsAppConfig = {
  phoneNumberId: '100000000000001',
  accessToken: 'EAAtest-access-token-never-logged',
  appSecret: 'test-app-secret',
  verifyToken: 'test-verify-token',
};

export const readShared = (name: string): Buffer | undefined =>
  hasSharedFixtures && existsSync(join(SHARED, name)) ? readFileSync(join(SHARED, name)) : undefined;
/** A shared JSON file parsed (its shape is the platform's: read it with `field`), undefined when absent. */
export const sharedJson = (name: string): unknown => {
  const b = readShared(name);
  return b ? JSON.parse(b.toString('utf8')) : undefined;
};

// --- helpers for `check` assertions -------------------------------------------------------------
function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0].kind).toBe('message');
  return events[0] as InboundMessage;
}
function status(events: InboundEvent[]): StatusUpdate {
  expect(events).toHaveLength(1);
  expect(events[0].kind).toBe('status');
  return events[0] as StatusUpdate;
}
/** The content variant whose `type` union includes T (media variants share one object type). */
type ContentOf<T, C = MessageContent> = C extends { type: infer U } ? (T extends U ? C : never) : never;
function content<T extends MessageContent['type']>(events: InboundEvent[], type: T): ContentOf<T> {
  const m = one(events);
  expect(m.content.type).toBe(type);
  return m.content as ContentOf<T>;
}
const reply = (kind: string, replyId: string, title: string, description?: string) => (ev: InboundEvent[]) =>
  expect(content(ev, 'interactive_reply')).toEqual({
    type: 'interactive_reply',
    kind,
    replyId,
    title,
    ...(description ? { description } : {}),
  });
const unsupported = (platformType: string) => (ev: InboundEvent[]) =>
  expect(content(ev, 'unsupported').platformType).toBe(platformType);
const statusIs = (s: string) => (ev: InboundEvent[]) => expect(status(ev).status).toBe(s);
const media =
  (type: 'image' | 'video' | 'document' | 'sticker' | 'audio' | 'voice', mimeType: string) =>
  (ev: InboundEvent[]) => {
    const c = content(ev, type);
    expect(c.media.id).toBeTruthy();
    expect(c.media.mimeType).toBe(mimeType);
  };

const checkText = (ev: InboundEvent[]) => {
  const m = one(ev);
  expect(m).toMatchObject({
    content: { type: 'text', text: 'Body Text' },
    text: 'Body Text',
    threadKey: '972987654321',
    dedupeKey: 'wamid.xyzxyz',
  });
  expect(m.sender).toEqual({ handle: '972987654321', phoneE164: '+972987654321', displayName: 'Test Name' });
  expect(m.sentAt.toISOString()).toBe(new Date(1697043223 * 1000).toISOString());
  expect(m.replyToPlatformMessageId).toBeUndefined();
};
const checkReaction = (emoji: string | null) => (ev: InboundEvent[]) => {
  expect(content(ev, 'reaction')).toEqual({
    type: 'reaction',
    emoji,
    targetPlatformMessageId: 'wamid.yzxyzx=',
  });
  expect(one(ev).replyToPlatformMessageId).toBeUndefined();
};
const checkFailed = (ev: InboundEvent[]) => {
  const s = status(ev);
  expect(s.status).toBe('failed');
  expect(s.error).toEqual({
    code: '130472',
    message: "Failed to send message because this user's phone number is part of an experiment",
  });
};
const checkNamedLocation = (ev: InboundEvent[]) => {
  expect(content(ev, 'location')).toMatchObject({
    latitude: 37.4611978,
    longitude: -122.2164385,
    name: 'Facebook HQ',
  });
  expect(one(ev).text).toBe('Facebook HQ');
};

/** Assertions per fixture name (shared files, `upstream_*.json#key`, and `samples/...`). */
export const CHECKS: Record<string, (events: InboundEvent[]) => void> = {
  'inbound_text.json': checkText,
  'upstream_pywa_message.json#text': checkText,
  'inbound_image.json': (ev) => {
    media('image', 'image/jpeg')(ev);
    expect(content(ev, 'image').media).toEqual({
      id: '65463453',
      mimeType: 'image/jpeg',
      sha256: '4654+8g=',
    });
    expect(one(ev).text).toBeNull();
  },
  'inbound_audio.json': media('audio', 'audio/ogg; codecs=opus'),
  'inbound_voice.json': (ev) => {
    media('voice', 'audio/ogg; codecs=opus')(ev);
    expect(content(ev, 'voice').media.id).toBe('1234567890987654321');
  },
  'upstream_pywa_message.json#voice': media('voice', 'audio/ogg; codecs=opus'),
  'inbound_document.json': (ev) =>
    expect(content(ev, 'document').media).toMatchObject({ fileName: 'filename.pdf', caption: 'caption' }),
  'upstream_pywa_message.json#video': (ev) => {
    expect(content(ev, 'video').media.caption).toBe('caption');
    expect(one(ev).text).toBe('caption');
  },
  'upstream_pywa_message.json#static_sticker': media('sticker', 'image/webp'),
  'upstream_pywa_message.json#animated_sticker': media('sticker', 'image/webp'),
  'inbound_location_current.json': (ev) =>
    expect(content(ev, 'location')).toEqual({ type: 'location', latitude: 12.25089, longitude: 43.90539 }),
  'inbound_location_named.json': checkNamedLocation,
  'upstream_pywa_message.json#chosen_location': checkNamedLocation,
  'inbound_reaction.json': checkReaction('😮'),
  'upstream_pywa_message.json#unreaction_empty': checkReaction(null),
  'upstream_pywa_message.json#unreaction_no_emoji': checkReaction(null),
  'inbound_text_reply_context.json': (ev) =>
    expect(one(ev)).toMatchObject({ text: 'replied text', replyToPlatformMessageId: 'wamid.xyzxyz==' }),
  'upstream_pywa_message.json#forwarded': (ev) => expect(one(ev).replyToPlatformMessageId).toBeUndefined(),
  'inbound_interactive_button_reply.json': reply('button', 'callback_data', 'title'),
  'inbound_interactive_list_reply.json': reply('list', 'callback_data', 'title'),
  'upstream_pywa_callback_selection.json#description': reply('list', 'callback_data', 'title', 'description'),
  'inbound_template_quick_reply_button.json': (ev) => {
    reply('quick_reply', 'callback_data', 'title')(ev);
    expect(one(ev).replyToPlatformMessageId).toBe('wamid.xyzxyz==');
  },
  'upstream_pywa_callback_button.json#quick_reply_without_context': reply(
    'quick_reply',
    'callback_data',
    'title',
  ),
  'upstream_pywa_message.json#contacts': (ev) => {
    const c = content(ev, 'contacts');
    expect(c.contacts.map((x) => x.name)).toEqual(['Chandler Bing', 'Monica', 'Rachel Green']);
    expect(c.contacts[0]).toEqual({ name: 'Chandler Bing', phones: ['972987654321'], emails: [] });
  },
  'upstream_pywa_message.json#order': unsupported('order'),
  'upstream_pywa_message.json#unsupported': unsupported('unsupported'),
  'upstream_pywa_message.json#unsupported_with_type': (ev) =>
    expect(content(ev, 'unsupported')).toEqual({
      type: 'unsupported',
      platformType: 'unsupported',
      reason: 'pool',
    }),
  'upstream_pywa_message.json#interactive_message_with_err': unsupported('interactive'),
  'upstream_pywa_message.json#referral': (ev) => expect(one(ev).text).toBe('BODY'),
  'status_sent.json': statusIs('sent'),
  'status_delivered.json': statusIs('delivered'),
  'status_read.json': statusIs('read'),
  'status_failed.json': checkFailed,
  'upstream_pywa_message_status.json#failed': checkFailed,
  'upstream_pywa_message_status.json#played': statusIs('read'),
  'upstream_pywa_message_status.json#group': statusIs('read'),
  'webhook_errors_130429_metadocs.json': (ev) => expect(ev).toEqual([]),
  'samples/text_hello.json': (ev) =>
    expect(one(ev)).toMatchObject({ threadKey: '15551230001', sender: { displayName: 'Dana Rivera' } }),
  'samples/image_with_caption.json': (ev) =>
    expect(content(ev, 'image').media).toMatchObject({
      id: '200000000000001',
      caption: 'Is this the right charger for my model?',
    }),
  'samples/interactive_button_reply.json': reply('button', 'hours_weekend', 'Weekend hours'),
  'samples/reaction_thumbs_up.json': (ev) => expect(content(ev, 'reaction').emoji).toBe('👍'),
  'samples/status_delivered.json': statusIs('delivered'),
  'samples/status_failed_outside_window.json': (ev) => expect(status(ev).error?.code).toBe('131047'),
};

// --- fixtures -----------------------------------------------------------------------------------
const sharedFiles = listFixtures(SHARED, /^(inbound_|status_|webhook_errors_).*\.json$/);
const upstreamFiles = listFixtures(SHARED, /^upstream_pywa_.*\.json$/);
export const webhooks: WebhookFixture[] = [
  ...sharedFiles.map((f) => ({ name: f.name, body: f.bytes })),
  ...upstreamFiles.flatMap((f) =>
    Object.entries(JSON.parse(f.bytes.toString('utf8')) as Record<string, unknown>).map(([key, body]) => ({
      name: `${f.name}#${key}`,
      body: Buffer.from(JSON.stringify(body)),
    })),
  ),
  ...listFixtures(SAMPLES).map((f) => ({ name: `samples/${f.name}`, body: f.bytes })),
].map((w) => ({ ...w, check: CHECKS[w.name] ?? ((ev: InboundEvent[]) => expect(ev).toHaveLength(1)) }));

const sigRequest = (rawBody: Buffer, signature: string): WebhookRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  query: {},
  rawBody,
});
const unicodeBody = Buffer.from('{"text":"みどりいろ, pâtes 👍"}', 'utf8');
export const signatureVectors: SignatureVector<WhatsAppConfig>[] = [
  {
    name: 'own raw-bytes signature',
    config,
    request: sigRequest(unicodeBody, signWhatsApp(unicodeBody, config.appSecret)),
    valid: true,
  },
  {
    name: 'own escaped-unicode signature',
    config,
    request: sigRequest(
      unicodeBody,
      signWhatsApp(escapeUnicode(unicodeBody.toString('utf8')), config.appSecret),
    ),
    valid: true,
  },
  {
    name: 'own uppercase-hex signature',
    config,
    request: sigRequest(
      unicodeBody,
      signWhatsApp(unicodeBody, config.appSecret)
        .replace(/[a-f]/g, (c) => c.toUpperCase())
        .replace('SHA256', 'sha256'),
    ),
    valid: true,
  },
  {
    name: 'own header without sha256= prefix',
    config,
    request: sigRequest(unicodeBody, signWhatsApp(unicodeBody, config.appSecret).slice(7)),
    valid: false,
  },
];
const published = field(sharedJson('signature_vectors.json'), 'vectors');
for (const v of Array.isArray(published) ? published : []) {
  const [id, bodyFile, header, secret] = ['id', 'body_file', 'expected_header', 'key_app_secret'].map((k) =>
    stringField(v, k),
  );
  if (id === undefined || bodyFile === undefined || header === undefined || secret === undefined) {
    throw new Error(
      'signature_vectors.json: a vector lacks id, body_file, expected_header or key_app_secret',
    );
  }
  const body = readShared(bodyFile);
  if (!body) continue;
  const request = sigRequest(body, header);
  signatureVectors.push({
    name: `${id} (published)`,
    config: { ...config, appSecret: secret },
    request,
    valid: true,
  });
  signatureVectors.push({
    name: `${id} with a wrong secret`,
    config: { ...config, appSecret: `${secret}x` },
    request,
    valid: false,
  });
}

export const ownSuccess = {
  messaging_product: 'whatsapp',
  contacts: [{ input: '15551230001', wa_id: '15551230001' }],
  messages: [{ id: 'wamid.GAsxNTU1MTIzMDAwMRUCABIYEk9NTklGWVNBTVBMRU9VVDAwMQA=' }],
};
/** The part of a Cloud API send answer the tests read. */
interface SendSuccess {
  messages: { id: string }[];
}
const isSendSuccess = (v: unknown): v is SendSuccess => stringField(v, 'messages', 0, 'id') !== undefined;
const sharedSuccess = sharedJson('send_text_response_metadocs.json');
/** Meta's documented send answer when the shared fixtures are present (else ours). */
export const successBody: SendSuccess = isSendSuccess(sharedSuccess) ? sharedSuccess : ownSuccess;
export const graphError = (code: number, message: string, details?: string) => ({
  error: {
    message,
    type: 'OAuthException',
    code,
    ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
    fbtrace_id: 'AbCdEfGhIjK',
  },
});
export const rateLimitedBody =
  sharedJson('error_response_130429_metadocs.json') ??
  graphError(130429, '(#130429) Rate limit hit', 'Too many messages');
