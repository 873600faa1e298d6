import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { OutboundRequest, SendContext } from '../contract/channel-adapter.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from '../sandbox/sandbox.transport.ts';
import { acknowledgeRespondio, createRespondioAdapter, type RespondioConfig } from './respondio.adapter.ts';
import { ownMid } from './respondio.custom.ts';
import {
  CHANNEL_ID,
  CUSTOM_CONTACT,
  config,
  customDelivery,
  NOW_MS,
  one,
  received,
  SAMPLES,
  THREAD,
} from './respondio.fixtures.ts';
import {
  customChannelUrl,
  identifierSegment,
  RESPONDIO_CUSTOM_CHANNEL_URL,
  RESPONDIO_QUEUED_WAIT_MS,
} from './respondio.send.ts';

/*
 * respond.io behaviour beyond the shared contract: the Custom Channel both ways (a local server
 * speaking its webhook), the reply channel kept in replyContext, HTTP 449, our own echoes, parse
 * errors and the sandbox emulator. Bodies are written from respond.io's docs (respondio.fixtures.ts).
 */

const adapter = createRespondioAdapter({ now: () => NOW_MS });
const http = createHttpClient({ allowPrivateUrls: true });
const parse = (body: unknown) => adapter.parse(body, config);

describe('respond.io sending', () => {
  const api = new RecordingServer(() => ({ status: 200, body: { messageId: 77 } }));
  let c: RespondioConfig;
  let ctx: SendContext;
  beforeAll(async () => {
    await api.start();
    c = { ...config, apiBaseUrl: api.baseUrl };
    ctx = { apiBaseUrl: adapter.apiBaseUrl(c), timeoutMs: 5_000, http };
  });
  afterAll(() => api.stop());
  const out = (extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
    messageId: '0b6f6c8e-6a51-4d43-9d7e-1f0d7a9c2b11',
    threadKey: THREAD,
    text: 'Your order ships today.',
    ...extra,
  });

  it('answers on the respond.io channel the contact last wrote on (replyContext.channelId, a number)', async () => {
    const inbound = one(parse(SAMPLES['message_received_text.json']));
    const res = await adapter.send(out({ replyContext: inbound.replyContext }), c, ctx);
    expect(res).toEqual({ platformMessageId: '77', status: 'sent' });
    expect(api.requests.at(-1)!.json).toEqual({
      channelId: CHANNEL_ID,
      message: { type: 'text', text: 'Your order ships today.' },
    });
  });

  it('puts phone and e-mail identifiers in the path readably', async () => {
    expect(identifierSegment('phone:+4915112345678')).toBe('phone:+4915112345678');
    expect(identifierSegment('email:a.b@example.com')).toBe('email:a.b@example.com');
    expect(identifierSegment('id:1/../x')).toBe('id:1%2F..%2Fx');
    await adapter.send(out({ threadKey: 'phone:+4915112345678' }), c, ctx);
    expect(api.requests.at(-1)!.url).toBe('/contact/phone:+4915112345678/message');
  });

  it('treats 449 (request queued) as rate limited: Retry-After when given, else at least a minute', async () => {
    api.enqueue({ status: 449, headers: { 'retry-after': '120' }, body: { code: 449, message: 'Queued.' } });
    const waited = await rejectionOf(adapter.send(out(), c, ctx));
    expect([waited.code, waited.details.retryAfterMs, waited.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
      120_000,
      '449',
    ]);
    api.enqueue({ status: 449, body: { code: 449, message: 'Request queued, retry later.' } });
    const queued = await rejectionOf(adapter.send(out(), c, ctx));
    expect(queued.code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
    expect(queued.details.retryAfterMs).toBe(RESPONDIO_QUEUED_WAIT_MS);
  });

  it('fails a 2xx without messageId, and keeps the tokens out of every error', async () => {
    api.enqueue({ status: 200, body: { ok: true } });
    const empty = await rejectionOf(adapter.send(out(), c, ctx));
    expect([empty.code, empty.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'invalid_response',
    ]);
    api.enqueue({ status: 401, body: { code: 401, message: `Invalid token ${config.apiToken}` } });
    const denied = await rejectionOf(adapter.send(out(), c, ctx));
    expect(denied.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
    expect(JSON.stringify([denied.message, denied.details])).not.toContain(config.apiToken);
  });

  it('posts a Custom Channel answer as the contact’s message, with our mId and Bearer channel token', async () => {
    api.enqueue({ status: 200, body: {} });
    const msg = out({ threadKey: `custom:${CUSTOM_CONTACT}` });
    const res = await adapter.send(msg, c, ctx);
    const req = api.requests.at(-1)!;
    expect(req.url).toBe('/custom/channel/webhook/');
    expect(req.headers.authorization).toBe(`Bearer ${config.channelToken}`);
    expect(req.json).toEqual({
      channelId: config.customChannelId,
      contactId: CUSTOM_CONTACT,
      events: [
        {
          type: 'message',
          mId: `omnify-${msg.messageId}`,
          timestamp: NOW_MS,
          message: { type: 'text', text: msg.text },
        },
      ],
    });
    expect(res).toEqual({ platformMessageId: `omnify-${msg.messageId}`, status: 'sent' });
    // respond.io's webhook then reports it as an incoming message of the contact: never stored.
    expect(
      parse(received(99, { type: 'text', text: msg.text }, { channelMessageId: res.platformMessageId })),
    ).toEqual([]);
  });

  it('takes the Custom Channel id from the delivery when the config has none, and refuses without a token', async () => {
    const { customChannelId: _, ...noId } = c;
    api.enqueue({ status: 200, body: {} });
    const inbound = one(parse(customDelivery('hi')));
    await adapter.send(out({ threadKey: inbound.threadKey, replyContext: inbound.replyContext }), noId, ctx);
    expect(api.requests.at(-1)!.json.channelId).toBe(config.customChannelId);
    const before = api.requests.length;
    const { channelToken: __, ...noToken } = c;
    const err = await rejectionOf(adapter.send(out({ threadKey: inbound.threadKey }), noToken, ctx));
    expect([err.code, err.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'custom_channel_not_configured',
    ]);
    expect(api.requests.length).toBe(before);
  });

  it('classifies Custom Channel errors like the Developer API’s', async () => {
    api.enqueue({ status: 400, body: { error: { message: 'contactId is invalid' } } });
    const err = await rejectionOf(adapter.send(out({ threadKey: `custom:${CUSTOM_CONTACT}` }), c, ctx));
    expect([err.code, err.details.platformMessage]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'contactId is invalid',
    ]);
  });
});

describe('respond.io URLs and ids', () => {
  it('uses the real Custom Channel webhook with the real API, and the same base otherwise', () => {
    expect(customChannelUrl(adapter.apiBaseUrl({ apiToken: 't' }))).toBe(RESPONDIO_CUSTOM_CHANNEL_URL);
    expect(customChannelUrl('http://127.0.0.1:8080/v2')).toBe(
      'http://127.0.0.1:8080/v2/custom/channel/webhook/',
    );
    expect(adapter.apiBaseUrl({ apiToken: 't', apiBaseUrl: 'https://proxy.example.com/v2/' })).toBe(
      'https://proxy.example.com/v2',
    );
  });

  it('keeps mIds within respond.io’s 50 characters', () => {
    expect(ownMid('m-1')).toBe('omnify-m-1');
    const long = ownMid('x'.repeat(80));
    expect(long).toMatch(/^omnify-[0-9a-f]{40}$/);
    expect(long.length).toBeLessThanOrEqual(50);
  });
});

describe('respond.io Custom Channel deliveries', () => {
  it('answers {mId} with the id the message is stored under, the same for a redelivery', () => {
    const body = customDelivery('Where is my parcel?');
    const id = one(parse(body)).platformMessageId;
    expect(id).toMatch(/^cc-[0-9a-f]{40}$/);
    const ack = acknowledgeRespondio(JSON.parse(JSON.stringify(body)));
    expect([ack.status, JSON.parse(ack.body)]).toEqual([200, { mId: id }]);
    expect(one(parse(customDelivery('Where is my parcel? (2)'))).platformMessageId).not.toBe(id);
    expect(JSON.parse(acknowledgeRespondio(SAMPLES['message_received_text.json']).body)).toEqual({
      ok: true,
    });
  });

  it('uses an id respond.io gives, and its timestamp', () => {
    const m = one(parse(customDelivery('hi', { mId: 'rio-msg-1', timestamp: 1726740500000 })));
    expect([m.platformMessageId, m.sentAt.toISOString()]).toEqual(['rio-msg-1', '2024-09-19T10:08:20.000Z']);
  });
});

describe('respond.io parsing', () => {
  it('rejects bodies that are not respond.io’s with OMNIFY_ERR_VALIDATION', () => {
    for (const body of [42, [], {}, { contactId: 'x' }, { event_type: 'message.received' }]) {
      expect(thrownBy(() => parse(body))?.code, JSON.stringify(body)).toBe('OMNIFY_ERR_VALIDATION');
    }
    const noContact = received(5, { type: 'text', text: 'x' });
    (noContact as { contact: unknown }).contact = null;
    delete (noContact.message as Record<string, unknown>).contactId;
    expect(thrownBy(() => parse(noContact))?.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(thrownBy(() => parse(customDelivery('x', { contactId: 'c'.repeat(51) })))?.code).toBe(
      'OMNIFY_ERR_VALIDATION',
    );
  });

  it('keys a message without messageId by its event id, and repairs an unusable time', () => {
    const body = received(6, { type: 'text', text: 'x' }, { timestamp: 'yesterday' });
    delete (body.message as Record<string, unknown>).messageId;
    const m = one(parse(body));
    expect([m.platformMessageId, m.sentAt.getTime(), m.issue?.code]).toEqual([
      'event:evt-received-6',
      NOW_MS,
      'timestamp_invalid',
    ]);
  });

  it('turns an outgoing item of message.received into no message', () => {
    const body = received(7, { type: 'text', text: 'x' }, { traffic: 'outgoing' });
    expect(parse(body).every((e) => e.kind === 'status')).toBe(true);
  });
});

describe('respond.io sandbox emulator', () => {
  const records: SandboxRecord[] = [];
  const secrets = [config.apiToken, config.channelToken];
  const ctx: SendContext = {
    apiBaseUrl: SANDBOX_BASE_URL,
    timeoutMs: 5_000,
    http: sandboxHttpClient('respondio', async (r) => void records.push(r), secrets),
  };

  it('answers both protocols in-process with the secrets redacted from its records', async () => {
    const dev = await adapter.send({ messageId: 'm-1', threadKey: THREAD, text: 'hi' }, config, ctx);
    const custom = await adapter.send(
      { messageId: 'm-2', threadKey: `custom:${CUSTOM_CONTACT}`, text: 'hi' },
      config,
      ctx,
    );
    expect(dev.platformMessageId).toMatch(/^\d+$/);
    expect(custom.platformMessageId).toBe('omnify-m-2');
    expect(records.map((r) => [r.path, r.response.status])).toEqual([
      [`/contact/${THREAD}/message`, 200],
      ['/custom/channel/webhook/', 200],
    ]);
    expect(JSON.stringify(records)).not.toContain(config.channelToken!);
  });

  it('refuses what respond.io refuses', async () => {
    const bad = { ...config, apiToken: ' ' };
    const noAuth = await rejectionOf(
      adapter.send({ messageId: 'm-3', threadKey: THREAD, text: 'x' }, bad, ctx),
    );
    expect([noAuth.code, noAuth.details.httpStatus]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', 401]);
    const empty = await rejectionOf(
      adapter.send({ messageId: 'm-4', threadKey: THREAD, text: ' ' }, config, ctx),
    );
    expect([empty.details.httpStatus, empty.details.platformMessage]).toEqual([400, 'Validation error.']);
    const unknown = await rejectionOf(
      adapter.send({ messageId: 'm-5', threadKey: 'x:1', text: 'x' }, config, ctx),
    );
    expect(unknown.details.httpStatus).toBe(404);
  });
});
