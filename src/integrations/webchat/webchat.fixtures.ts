import type { WebchatConfig } from './webchat.adapter.ts';
import type { WebchatMessageEnvelope, WebchatReceiptEnvelope } from './webchat.envelope.ts';
import type { WebchatIdentity } from './webchat.identity.ts';

/*
 * Web chat test data. There is no third-party platform and no shared fixture folder for it: the
 * envelopes below follow our own protocol as docs/channels/webchat.md specifies it (what the web
 * chat module builds from an authenticated widget request), and the identity vectors were computed
 * independently of our code with OpenSSL, e.g.
 *   printf 'user-42\nada@example.com\nAda Lovelace' | openssl dgst -sha256 -hmac '<secret>' -hex
 */

export const CHANNEL_ID = '0b9a3c1e-5d2f-4e8a-9c7b-1a2b3c4d5e6f';
export const SESSION_ID = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
/** Every envelope's receipt time: 2024-03-01T10:00:00Z. */
export const RECEIVED_AT = '2024-03-01T10:00:00.000Z';
export const NOW_MS = Date.parse('2024-03-01T10:00:05.000Z');

export const IDENTITY_SECRET = 'host-identity-secret-0123456789';

export const config: WebchatConfig = {
  allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'],
  identitySecret: IDENTITY_SECRET,
};

/** A visitor message envelope, with `patch` applied to its top level. */
export function envelope(patch: Partial<WebchatMessageEnvelope> = {}): WebchatMessageEnvelope {
  return {
    object: 'webchat',
    type: 'message',
    threadKey: `${CHANNEL_ID}:${SESSION_ID}`,
    visitor: { handle: SESSION_ID },
    message: { id: 'm_01HQZX4T9K2V', text: 'Hi! Do you ship to Norway?' },
    receivedAt: RECEIVED_AT,
    ...patch,
  };
}

/** A receipt envelope for `messageIds`. */
export function receipt(status: 'delivered' | 'read', messageIds: string[]): WebchatReceiptEnvelope {
  const { message: _, type: __, ...base } = envelope();
  return { ...base, type: 'receipt', receipt: { status, messageIds } };
}

/** Named sample message envelopes (the contract-style parse checks run over all of them). */
export const SAMPLES: Record<string, unknown> = {
  'anonymous_text.json': envelope(),
  'identified_text.json': envelope({
    threadKey: `${CHANNEL_ID}:user:user-42`,
    visitor: { handle: 'user:user-42', name: 'Ada Lovelace' },
    message: { id: 'm_01HQZX5B7C8D', text: 'Where is order #1042?' },
  }),
  'emoji_text.json': envelope({ message: { id: 'm_emoji_00001', text: 'Thanks 🙏🏽 – très bien' } }),
  'blank_text.json': envelope({ message: { id: 'm_blank_00001', text: '   ' } }),
  'unknown_type.json': { ...envelope({ message: { id: 'm_other_00001', text: 'x' } }), type: 'reaction' },
  'bad_time.json': envelope({ message: { id: 'm_time_000001', text: 'late' }, receivedAt: 'yesterday' }),
  'image_file.json': envelope({
    message: {
      id: 'm_image_00001',
      text: '',
      file: { kind: 'image', type: 'image/png', name: 'broken zip.png', size: 4120 },
    },
  }),
  'pdf_file.json': envelope({
    message: {
      id: 'm_pdf_000001',
      text: 'My receipt',
      file: { kind: 'document', type: 'application/pdf', name: 'receipt.pdf', size: 18211 },
    },
  }),
};

/** Identity signature vectors (OpenSSL-computed, see the top of this file). */
export const IDENTITY_VECTORS: Array<{ name: string; identity: WebchatIdentity; signature: string }> = [
  {
    name: 'user id, e-mail and name',
    identity: { userId: 'user-42', email: 'ada@example.com', name: 'Ada Lovelace' },
    signature: '7c762e64e58c00a5a26c10aaa806342428ba3c07d39bdf326712bbd70b438585',
  },
  {
    name: 'user id only',
    identity: { userId: 'user-42' },
    signature: 'e45d51157974d4828f4fda226f7bd8ea09715622bb9896bc7be5f017d1a31eb2',
  },
  {
    name: 'non-ASCII id and name (UTF-8)',
    identity: { userId: 'Ünïcødé-7', name: 'Zoë 🙂' },
    signature: '94bf01ddf86f157e99ec25fa770a03089cea8adc3d9b820acd1c49136c3c7be9',
  },
];
