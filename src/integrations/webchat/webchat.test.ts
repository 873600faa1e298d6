import '../contract/formats.ts';
import { Value } from '@sinclair/typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../kernel/http-client/client.ts';
import { thrownBy } from '../../testing/errors.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { createWebchatAdapter, webchatThreadKey } from './webchat.adapter.ts';
import {
  CHANNEL_ID,
  config,
  envelope,
  IDENTITY_SECRET,
  IDENTITY_VECTORS,
  NOW_MS,
  RECEIVED_AT,
  receipt,
  SAMPLES,
  SESSION_ID,
} from './webchat.fixtures.ts';
import { signWebchatIdentity, verifyWebchatIdentity } from './webchat.identity.ts';
import { connectWebchatLive, type WebchatSignal } from './webchat.live.ts';
import { matchOrigin, normalizeOrigin } from './webchat.origins.ts';

/*
 * The web chat adapter. It has no platform API, so the shared contract suite's send checks (a
 * local server answering in the platform's shapes) do not apply; the rest of the contract is
 * checked here over our own envelopes (webchat.fixtures.ts, written from docs/channels/webchat.md):
 * config and secrets, verification, parsing into well-formed events, refusal of foreign bodies.
 */

const adapter = createWebchatAdapter({ now: () => NOW_MS });
const parseOne = (body: unknown) => {
  const events = adapter.parse(body, config);
  expect(events).toHaveLength(1);
  return events[0] as InboundMessage;
};
/** An http client that fails the test if the adapter ever calls it. */
const noHttp: HttpClient = {
  request: () => {
    throw new Error('the web chat adapter must not make HTTP calls');
  },
} as unknown as HttpClient;
const ctx = { apiBaseUrl: adapter.apiBaseUrl(config), timeoutMs: 1_000, http: noHttp };

describe('web chat config', () => {
  it('accepts origins and an identity secret, and declares the secret', () => {
    expect(Value.Check(adapter.configSchema, config)).toBe(true);
    expect(Value.Check(adapter.configSchema, { allowedOrigins: ['https://a.example/'] })).toBe(true);
    expect(adapter.secretFields).toEqual(['identitySecret']);
    expect(adapter.urlFields).toEqual([]);
  });

  it.each([
    ['no origin', { allowedOrigins: [] }],
    ['a path', { allowedOrigins: ['https://shop.example.com/chat'] }],
    ['a wildcard', { allowedOrigins: ['https://*.example.com'] }],
    ['a query', { allowedOrigins: ['https://shop.example.com?x=1'] }],
    ['no scheme', { allowedOrigins: ['shop.example.com'] }],
    ['another scheme', { allowedOrigins: ['ftp://shop.example.com'] }],
    ['credentials', { allowedOrigins: ['https://user@shop.example.com'] }],
    ['a short identity secret', { allowedOrigins: ['https://a.example'], identitySecret: 'short' }],
  ])('refuses %s', (_, c) => {
    expect(Value.Check(adapter.configSchema, c)).toBe(false);
  });

  it('declares honest capabilities: inbound media, text, delivery status, typing and read receipts only', () => {
    const on = Object.entries(adapter.capabilities)
      .filter(([, v]) => v)
      .map(([k]) => k);
    expect(on.sort()).toEqual(['deliveryStatus', 'inboundMedia', 'outboundText', 'readReceipts', 'typing']);
    // Files arrive with their upload and are kept then: there is nothing to download later.
    expect(adapter.downloadMedia).toBeUndefined();
  });
});

describe('web chat origins', () => {
  it.each([
    ['https://Shop.Example.COM', 'https://shop.example.com'],
    ['https://shop.example.com/', 'https://shop.example.com'],
    ['https://shop.example.com:443', 'https://shop.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:80', 'http://127.0.0.1'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('normalizes %s to %s', (raw, norm) => {
    expect(normalizeOrigin(raw)).toBe(norm);
  });

  it.each(['null', '', 'https://a.example/path', 'javascript:alert(1)', 'file://x', 'https://a b'])(
    'reads %j as no origin',
    (raw) => {
      expect(normalizeOrigin(raw)).toBeNull();
    },
  );

  it('matches exactly, after normalization, and nothing else', () => {
    expect(matchOrigin('https://SHOP.example.com', config.allowedOrigins)).toBe('https://shop.example.com');
    expect(matchOrigin('http://localhost:8080', config.allowedOrigins)).toBe('http://localhost:8080');
    for (const o of [
      'http://shop.example.com',
      'https://evil.shop.example.com',
      'https://shop.example.com.evil.example',
      'http://localhost:8081',
      undefined,
    ])
      expect(matchOrigin(o, config.allowedOrigins), String(o)).toBeNull();
  });
});

describe('web chat verification', () => {
  it('accepts no webhook delivery, signed or not', () => {
    const req: WebhookRequest = {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example.com' },
      query: {},
      rawBody: Buffer.from(JSON.stringify(envelope())),
    };
    expect(thrownBy(() => adapter.verify(req, config))?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  });
});

describe('web chat envelopes', () => {
  for (const [name, body] of Object.entries(SAMPLES)) {
    it(`parses ${name} into one well-formed message`, () => {
      const m = parseOne(body);
      expect(m.platformMessageId).toMatch(/^m_/);
      expect(m.dedupeKey).toBe(`${m.threadKey}:${m.platformMessageId}`);
      expect(m.threadKey.startsWith(`${CHANNEL_ID}:`)).toBe(true);
      expect(m.sender.handle).toBeTruthy();
      expect(Number.isNaN(m.sentAt.getTime())).toBe(false);
      expect(m.raw).toEqual(body);
      if (m.content.type === 'text') expect(m.text).toBe(m.content.text);
      else if ('media' in m.content) expect(m.text).toBeTruthy();
      else expect(m.text).toBeNull();
    });
  }

  it('reads an anonymous visitor’s text with the receipt time', () => {
    expect(parseOne(SAMPLES['anonymous_text.json'])).toMatchObject({
      platformMessageId: 'm_01HQZX4T9K2V',
      dedupeKey: `${CHANNEL_ID}:${SESSION_ID}:m_01HQZX4T9K2V`,
      threadKey: webchatThreadKey(CHANNEL_ID, SESSION_ID),
      sender: { handle: SESSION_ID },
      content: { type: 'text', text: 'Hi! Do you ship to Norway?' },
      sentAt: new Date(RECEIVED_AT),
    });
  });

  it('keeps a signed-in visitor’s name and handle', () => {
    expect(parseOne(SAMPLES['identified_text.json'])).toMatchObject({
      sender: { handle: 'user:user-42', displayName: 'Ada Lovelace' },
      threadKey: `${CHANNEL_ID}:user:user-42`,
    });
  });

  it('stores blank text and unknown types as unsupported, and an unreadable time with its issue', () => {
    expect(parseOne(SAMPLES['blank_text.json']).content).toEqual({
      type: 'unsupported',
      platformType: 'message',
      reason: 'no text',
    });
    expect(parseOne(SAMPLES['unknown_type.json']).content).toEqual({
      type: 'unsupported',
      platformType: 'reaction',
    });
    const late = parseOne(SAMPLES['bad_time.json']);
    expect(late.sentAt).toEqual(new Date(NOW_MS));
    expect(late.issue?.code).toBe('timestamp_invalid');
  });

  it('reads an attached file as a media reference under the message id, kept by the host only', () => {
    const image = parseOne(SAMPLES['image_file.json']);
    expect(image.content).toEqual({
      type: 'image',
      media: { id: 'm_image_00001', mimeType: 'image/png', fileName: 'broken zip.png', size: 4120 },
    });
    expect(image.text).toBe('[image: broken zip.png]');
    const pdf = parseOne(SAMPLES['pdf_file.json']);
    expect(pdf.content).toEqual({
      type: 'document',
      media: {
        id: 'm_pdf_000001',
        mimeType: 'application/pdf',
        fileName: 'receipt.pdf',
        size: 18211,
        caption: 'My receipt',
      },
    });
    expect(pdf.text).toBe('My receipt');
    // An unknown kind or a bad size is not a file: the text is read as usual, a bad size dropped.
    const odd = envelope({ message: { id: 'm_odd_000001', text: 'hi' } });
    const oddFile = { ...odd, message: { ...odd.message, file: { kind: 'exe', type: 'x/y', size: 1 } } };
    expect(parseOne(oddFile).content).toEqual({ type: 'text', text: 'hi' });
    const badSize = { ...odd, message: { ...odd.message, file: { kind: 'document', size: -1, kept: true } } };
    expect(parseOne(badSize).content).toEqual({
      type: 'document',
      media: { id: 'm_odd_000001', caption: 'hi' },
    });
    expect(parseOne(badSize).text).toBe('hi');
  });

  it('turns a receipt into one status update per answer id, and an unknown status into none', () => {
    const ids = ['a6f3c2d1-0000-4000-8000-000000000001', 'a6f3c2d1-0000-4000-8000-000000000002'];
    expect(adapter.parse(receipt('read', [...ids, '', 7 as unknown as string]), config)).toEqual(
      ids.map((id) => ({
        kind: 'status',
        platformMessageId: id,
        status: 'read',
        at: new Date(RECEIVED_AT),
        raw: { status: 'read', messageId: id },
      })),
    );
    const odd = { ...receipt('delivered', ids), receipt: { status: 'failed', messageIds: ids } };
    expect(adapter.parse(odd, config)).toEqual([]);
    expect(adapter.parse({ ...receipt('read', ids), receipt: 'x' }, config)).toEqual([]);
  });

  it.each([
    ['a number', 42],
    ['another object', { object: 'page', entry: [] }],
    ['no message id', { ...envelope(), message: { text: 'x' } }],
    ['no handle', { ...envelope(), visitor: {} }],
    ['no thread key', { ...envelope(), threadKey: 7 }],
  ])('refuses %s with OMNIFY_ERR_VALIDATION', (_, body) => {
    expect(thrownBy(() => adapter.parse(body, config))?.code).toBe('OMNIFY_ERR_VALIDATION');
  });
});

describe('web chat sends', () => {
  const signals: WebchatSignal[] = [];
  let disconnect: (() => void) | undefined;
  afterEach(() => {
    disconnect?.();
    disconnect = undefined;
    signals.length = 0;
  });

  it('delivers a reply without any HTTP call: the stored message is what the visitor sees', async () => {
    const res = await adapter.send(
      { messageId: 'a6f3c2d1-0000-4000-8000-000000000001', threadKey: 'k', text: 'Yes, we do!' },
      config,
      ctx,
    );
    expect(res).toEqual({ platformMessageId: 'a6f3c2d1-0000-4000-8000-000000000001', status: 'sent' });
  });

  it('signals typing and reads to the connected transports, and to none when none is connected', async () => {
    const threadKey = webchatThreadKey(CHANNEL_ID, SESSION_ID);
    await adapter.sendTyping!({ threadKey }, config, ctx);
    disconnect = connectWebchatLive(async (s) => void signals.push(s));
    await adapter.sendTyping!({ threadKey, platformMessageId: 'm_1' }, config, ctx);
    await adapter.markRead!({ threadKey, platformMessageId: 'm_01HQZX4T9K2V' }, config, ctx);
    expect(signals).toEqual([
      { kind: 'typing', threadKey },
      { kind: 'read', threadKey, platformMessageId: 'm_01HQZX4T9K2V' },
    ]);
  });

  it('rejects typing when the transport cannot announce it', async () => {
    disconnect = connectWebchatLive(async () => {
      throw new Error('database away');
    });
    await expect(adapter.sendTyping!({ threadKey: 'k' }, config, ctx)).rejects.toThrow('database away');
  });
});

describe('web chat signed identity', () => {
  for (const v of IDENTITY_VECTORS) {
    it(`accepts the OpenSSL vector: ${v.name}`, () => {
      expect(signWebchatIdentity(v.identity, IDENTITY_SECRET)).toBe(v.signature);
      expect(() => verifyWebchatIdentity(v.identity, v.signature, IDENTITY_SECRET)).not.toThrow();
      expect(() =>
        verifyWebchatIdentity(v.identity, v.signature.toUpperCase(), IDENTITY_SECRET),
      ).not.toThrow();
    });
  }

  const [full] = IDENTITY_VECTORS;
  it.each([
    ['another user id', { ...full!.identity, userId: 'user-43' }, full!.signature, IDENTITY_SECRET],
    ['another e-mail', { ...full!.identity, email: 'eve@example.com' }, full!.signature, IDENTITY_SECRET],
    ['no name', { userId: 'user-42', email: 'ada@example.com' }, full!.signature, IDENTITY_SECRET],
    ['another secret', full!.identity, full!.signature, 'another-secret-0123456789'],
    ['no secret on the channel', full!.identity, full!.signature, undefined],
    ['a short signature', full!.identity, full!.signature.slice(2), IDENTITY_SECRET],
    ['no hex', full!.identity, 'z'.repeat(64), IDENTITY_SECRET],
    ['a line break in a field', { userId: 'user-42\n', name: 'x' }, full!.signature, IDENTITY_SECRET],
    ['an empty user id', { userId: '' }, full!.signature, IDENTITY_SECRET],
  ])('refuses %s with OMNIFY_ERR_SIGNATURE_INVALID', (_, identity, signature, secret) => {
    const err = thrownBy(() => verifyWebchatIdentity(identity, signature, secret));
    expect(err?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
    expect(err?.status).toBe(401);
  });
});
