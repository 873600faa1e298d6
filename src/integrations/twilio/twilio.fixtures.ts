import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { hasSharedFixtures, SHARED_PAYLOADS_DIR } from '../../testing/fixtures.ts';
import type { SignatureVector, WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { InboundEvent, InboundMessage, StatusUpdate } from '../contract/message.ts';
import type { TwilioConfig } from './twilio.adapter.ts';
import { bodySha256Hex, decodeForm, twilioSignature } from './twilio.signature.ts';

/*
 * Test support for twilio.test.ts and the fuzz test. The shared folder holds no webhook body for
 * Twilio (only the Messages API answer, an error body and signature vectors: see its SOURCE.md), so
 * the webhook bodies below are written from Twilio's documentation ("Twilio's request to your
 * incoming message Webhook URL", its WhatsApp parameters, and "Outbound message status in status
 * callbacks"): the parameter names are Twilio's, the values invented (555 numbers, fake SIDs).
 */

const SHARED = join(SHARED_PAYLOADS_DIR, 'twilio');
const ACCOUNT = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

export const config: TwilioConfig = {
  accountSid: ACCOUNT,
  authToken: 'test_auth_token_0123456789abcdef',
  from: '+15005550006',
};

/** The URL the tests' requests are taken to have been posted to (as the webhook route builds it). */
export const WEBHOOK_URL = 'https://omnify.example.com/webhooks/ch_twilio';

export const readShared = (name: string): Buffer | undefined =>
  hasSharedFixtures && existsSync(join(SHARED, name)) ? readFileSync(join(SHARED, name)) : undefined;

/** `X-Twilio-Signature` of a form body posted to `url`. */
export const signForm = (form: string, url = WEBHOOK_URL, token = config.authToken) =>
  twilioSignature(token, url, decodeForm(form));

/** The URL Twilio calls for a JSON body (`bodySHA256` added) and its `X-Twilio-Signature`. */
export function signJson(body: Buffer | string, base = WEBHOOK_URL, token = config.authToken) {
  const url = `${base}${base.includes('?') ? '&' : '?'}bodySHA256=${bodySha256Hex(body)}`;
  return { url, signature: twilioSignature(token, url, {}) };
}

const form = (p: Record<string, string>) => new URLSearchParams(p).toString();
const inbound = (sid: string, p: Record<string, string>) =>
  form({
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: '',
    To: config.from,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT,
    ApiVersion: '2010-04-01',
    ...p,
  });
const callback = (sid: string, p: Record<string, string>) =>
  form({
    AccountSid: ACCOUNT,
    ApiVersion: '2010-04-01',
    MessageSid: sid,
    SmsSid: sid,
    From: config.from,
    ...p,
  });
const media = (i: number) =>
  `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM${'1'.repeat(32)}/Media/ME${String(i).repeat(32)}`;

/** Form bodies, by name, as Twilio posts them (see the comment at the top). */
export const FORMS: Record<string, string> = {
  sms_text: inbound(`SM${'1'.repeat(32)}`, {
    From: '+14155550100',
    FromCountry: 'US',
    FromState: 'CA',
    FromCity: 'SAN FRANCISCO',
    FromZip: '94105',
    Body: 'Hi! Is the shop open today? 50% off+more & co',
  }),
  mms_two_images: inbound(`MM${'1'.repeat(32)}`, {
    From: '+14155550100',
    Body: 'Our storefront',
    NumMedia: '2',
    MediaContentType0: 'image/jpeg',
    MediaUrl0: media(0),
    MediaContentType1: 'image/png',
    MediaUrl1: media(1),
  }),
  whatsapp_text: inbound(`SM${'2'.repeat(32)}`, {
    From: 'whatsapp:+14155550101',
    To: `whatsapp:${config.from}`,
    ProfileName: 'Ana Souza',
    WaId: '14155550101',
    MessageType: 'text',
    Body: 'Olá! Quero um orçamento 😀',
  }),
  whatsapp_voice: inbound(`MM${'3'.repeat(32)}`, {
    From: 'whatsapp:+14155550101',
    To: `whatsapp:${config.from}`,
    ProfileName: 'Ana Souza',
    WaId: '14155550101',
    MessageType: 'audio',
    NumMedia: '1',
    MediaContentType0: 'audio/ogg',
    MediaUrl0: media(3),
  }),
  whatsapp_location: inbound(`SM${'4'.repeat(32)}`, {
    From: 'whatsapp:+14155550101',
    To: `whatsapp:${config.from}`,
    WaId: '14155550101',
    MessageType: 'location',
    Latitude: '37.7879277',
    Longitude: '-122.3937508',
    Address: '375 Beale St, San Francisco, CA 94105',
    Label: 'Twilio HQ',
  }),
  whatsapp_button: inbound(`SM${'5'.repeat(32)}`, {
    From: 'whatsapp:+14155550101',
    To: `whatsapp:${config.from}`,
    WaId: '14155550101',
    MessageType: 'button',
    Body: 'Yes, confirm',
    ButtonText: 'Yes, confirm',
    ButtonPayload: 'confirm_booking_42',
    OriginalRepliedMessageSid: `MM${'9'.repeat(32)}`,
  }),
  status_sent: callback(`SM${'a'.repeat(32)}`, {
    To: '+14155550100',
    MessageStatus: 'sent',
    SmsStatus: 'sent',
  }),
  status_delivered: callback(`SM${'a'.repeat(32)}`, {
    To: '+14155550100',
    MessageStatus: 'delivered',
    SmsStatus: 'delivered',
  }),
  status_read_whatsapp: callback(`SM${'b'.repeat(32)}`, {
    To: 'whatsapp:+14155550101',
    From: `whatsapp:${config.from}`,
    MessageStatus: 'read',
    SmsStatus: 'read',
    ChannelPrefix: 'whatsapp',
  }),
  status_undelivered: callback(`SM${'c'.repeat(32)}`, {
    To: '+14155550100',
    MessageStatus: 'undelivered',
    SmsStatus: 'undelivered',
    ErrorCode: '30003',
  }),
  status_failed_whatsapp: callback(`SM${'d'.repeat(32)}`, {
    To: 'whatsapp:+14155550101',
    From: `whatsapp:${config.from}`,
    MessageStatus: 'failed',
    SmsStatus: 'failed',
    ErrorCode: '63016',
    ErrorMessage: 'Failed to send freeform message because you are outside the allowed window.',
  }),
  status_queued: callback(`SM${'e'.repeat(32)}`, {
    To: '+14155550100',
    MessageStatus: 'queued',
    SmsStatus: 'queued',
  }),
  echo_own_number: inbound(`SM${'f'.repeat(32)}`, {
    From: config.from,
    To: '+14155550100',
    Body: 'our own send',
  }),
};

// --- assertions per fixture ---------------------------------------------------------------------
function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe('message');
  return events[0] as InboundMessage;
}
function status(events: InboundEvent[]): StatusUpdate {
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe('status');
  return events[0] as StatusUpdate;
}

export const CHECKS: Record<string, (events: InboundEvent[]) => void> = {
  sms_text: (ev) =>
    expect(one(ev)).toMatchObject({
      platformMessageId: `SM${'1'.repeat(32)}`,
      dedupeKey: `SM${'1'.repeat(32)}`,
      sender: { handle: '+14155550100', phoneE164: '+14155550100' },
      threadKey: '+14155550100',
      content: { type: 'text', text: 'Hi! Is the shop open today? 50% off+more & co' },
    }),
  mms_two_images: (ev) => {
    const m = one(ev);
    expect(m.content).toEqual({
      type: 'image',
      media: { id: media(0), mimeType: 'image/jpeg', caption: 'Our storefront' },
    });
    expect(m.text).toBe('Our storefront (+1 more attachments)');
    expect((m.raw as Record<string, string>).MediaUrl1).toBe(media(1));
  },
  whatsapp_text: (ev) =>
    expect(one(ev)).toMatchObject({
      sender: { handle: '+14155550101', phoneE164: '+14155550101', displayName: 'Ana Souza' },
      threadKey: 'whatsapp:+14155550101',
      text: 'Olá! Quero um orçamento 😀',
    }),
  whatsapp_voice: (ev) => {
    const m = one(ev);
    expect(m.content).toEqual({ type: 'audio', media: { id: media(3), mimeType: 'audio/ogg' } });
    expect(m.text).toBeNull();
  },
  whatsapp_location: (ev) =>
    expect(one(ev).content).toEqual({
      type: 'location',
      latitude: 37.7879277,
      longitude: -122.3937508,
      name: 'Twilio HQ',
      address: '375 Beale St, San Francisco, CA 94105',
    }),
  whatsapp_button: (ev) => {
    const m = one(ev);
    expect(m.content).toEqual({
      type: 'interactive_reply',
      kind: 'quick_reply',
      replyId: 'confirm_booking_42',
      title: 'Yes, confirm',
    });
    expect(m.replyToPlatformMessageId).toBe(`MM${'9'.repeat(32)}`);
  },
  status_sent: (ev) =>
    expect(status(ev)).toMatchObject({ platformMessageId: `SM${'a'.repeat(32)}`, status: 'sent' }),
  status_delivered: (ev) => expect(status(ev).status).toBe('delivered'),
  status_read_whatsapp: (ev) => expect(status(ev).status).toBe('read'),
  status_undelivered: (ev) =>
    expect(status(ev)).toMatchObject({ status: 'failed', error: { code: '30003' } }),
  status_failed_whatsapp: (ev) =>
    expect(status(ev)).toMatchObject({
      status: 'failed',
      error: { code: '63016', message: expect.stringMatching(/outside the allowed window/) },
    }),
  status_queued: (ev) => expect(ev).toEqual([]),
  echo_own_number: (ev) => expect(ev).toEqual([]),
};

/**
 * The contract suite parses JSON (`JSON.parse(body)`), so each form is handed to it as the object
 * our `decode` makes of it; twilio.test.ts checks `decode` on the form bytes themselves.
 */
export const webhooks: WebhookFixture[] = Object.entries(FORMS).map(([name, f]) => ({
  name,
  body: Buffer.from(JSON.stringify(decodeForm(f))),
  check: CHECKS[name],
}));

/** The signature vectors of the shared folder (twilio-node's spec), as requests; empty without ../shared. */
export function signatureVectors(): SignatureVector<TwilioConfig>[] {
  const raw = readShared('signature_vectors.json');
  if (!raw) return [];
  const doc = JSON.parse(raw.toString('utf8')) as {
    auth_token: string;
    params: Record<string, string>;
    vectors: {
      id: string;
      url: string;
      uses_params: boolean;
      body_file?: string;
      body_utf8?: string;
      expected: string;
    }[];
  };
  const c = { ...config, authToken: doc.auth_token };
  return doc.vectors.flatMap((v) => {
    const body = v.uses_params
      ? Buffer.from(new URLSearchParams(doc.params).toString())
      : ((v.body_file ? readShared(v.body_file) : undefined) ?? Buffer.from(v.body_utf8 ?? ''));
    const contentType = v.uses_params ? 'application/x-www-form-urlencoded' : 'application/json';
    const request = (signature: string, url = v.url) => ({
      method: 'POST',
      headers: { 'content-type': contentType, 'x-twilio-signature': signature },
      query: {},
      rawBody: body,
      url,
    });
    return [
      { name: v.id, config: c, request: request(v.expected), valid: true },
      { name: `${v.id} with another token`, config, request: request(v.expected), valid: false },
      {
        name: `${v.id} with another path`,
        config: c,
        request: request(v.expected, v.url.replace('myapp.php', 'other.php')),
        valid: false,
      },
    ];
  });
}

/** The Messages API's answer to a create (the shared twilio-python sample, else one of ours like it). */
export const successBody: Record<string, unknown> = (() => {
  const raw = readShared('message_create_response_twilio_python_test.json');
  if (raw) return JSON.parse(raw.toString('utf8'));
  return { account_sid: ACCOUNT, sid: `SM${'a'.repeat(32)}`, status: 'queued', direction: 'outbound-api' };
})();

/** A REST error body (the shared twilio-node sample, code 81022, else one of ours like it). */
export const rejectedBody: Record<string, unknown> = (() => {
  const raw = readShared('error_response_twilio_node_test.json');
  if (raw) return JSON.parse(raw.toString('utf8'));
  return { code: 21211, message: "The 'To' number is not a valid phone number.", more_info: '', status: 400 };
})();

/** A REST error body in Twilio's shape. */
export const restError = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});
