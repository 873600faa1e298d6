import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { OutboundRequest, SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from '../sandbox/sandbox.transport.ts';
import { createTeamsAdapter, type TeamsConfig } from './teams.adapter.ts';
import {
  APP_PASSWORD,
  activity,
  config as baseConfig,
  NOW_S,
  one,
  PERSONAL,
  SAMPLES,
  THREAD,
} from './teams.fixtures.ts';
import { startFakeLogin, testKey } from './teams.login.fixtures.ts';
import { BotFrameworkTokens, tokenUrlOf } from './teams.token.ts';

/*
 * Teams behaviour beyond the shared contract: how activities are read when fields are missing or
 * odd, where answers go (the conversation's serviceUrl), the reply form, the token's cache and
 * renewal, the Bot Connector's and the identity platform's errors, and the sandbox emulator.
 * Activities are written from Microsoft's documentation (teams.fixtures.ts).
 */

const login = await startFakeLogin([await testKey('k1')]);
const connector = await new RecordingServer(() => ({ status: 201, body: { id: '1761000002000' } })).start();
afterAll(() => Promise.all([login.stop(), connector.stop()]));

let clockS = NOW_S;
const now = () => clockS * 1000;
const parse = (body: unknown) => createTeamsAdapter({ now }).parse(body, baseConfig);
const config: TeamsConfig = { ...baseConfig, tokenUrl: login.tokenUrl };
const http = createHttpClient({ allowPrivateUrls: true });
const ctx: SendContext = { apiBaseUrl: '', timeoutMs: 5_000, http };
/** A reply in the personal chat, answered where its last activity came from (the local connector). */
const out = (extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  messageId: 'msg-1',
  threadKey: PERSONAL,
  text: 'On its way',
  replyContext: { serviceUrl: `${connector.baseUrl}/amer/` },
  ...extra,
});

beforeEach(() => {
  clockS = NOW_S;
  login.server.requests.length = 0;
  connector.requests.length = 0;
});

describe('teams parse', () => {
  it('keys a message by conversation and id, and keeps a hash when the activity has no id', () => {
    const a = { ...SAMPLES['personal_message.json'], id: undefined };
    const [first, again] = [one(parse(a)), one(parse(structuredClone(a)))];
    expect(first.platformMessageId).toMatch(/^activity:[0-9a-f]{32}$/);
    expect(first.dedupeKey).toBe(`${PERSONAL}|${first.platformMessageId}`);
    expect(again.dedupeKey).toBe(first.dedupeKey);
  });

  it('keeps no replyContext without an http(s) serviceUrl, and receipt time for a bad timestamp', () => {
    clockS = NOW_S + 5;
    const m = one(
      parse(activity('message', '1', { text: 'hi', serviceUrl: 'javascript:alert(1)', timestamp: 'soon' })),
    );
    expect(m.replyContext).toBeUndefined();
    expect(m.sentAt).toEqual(new Date((NOW_S + 5) * 1000));
    expect(m.issue?.code).toBe('timestamp_invalid');
  });

  it('reads a placeholder conversation and sender when the activity names none', () => {
    const m = one(parse({ type: 'message', id: 'x1', text: 'hello' }));
    expect([m.threadKey, m.sender.handle, m.dedupeKey]).toEqual(['teams', 'teams', 'teams|x1']);
  });

  it('removes only the mention of our bot from the text', () => {
    const a = SAMPLES['channel_mention.json'] as Record<string, unknown>;
    const other = { type: 'mention', text: '<at>Lee</at>', mentioned: { id: '29:lee' } };
    const m = one(
      parse({
        ...a,
        text: '<at>Omnify Support</at> ask <at>Lee</at>',
        entities: [...(a.entities as []), other],
      }),
    );
    expect([m.text, m.threadKey]).toEqual(['ask <at>Lee</at>', THREAD]);
  });

  it('stores every reaction of a reaction activity and skips bots and membership noise', () => {
    const events = parse(
      activity('messageReaction', 'f:r1', {
        reactionsAdded: [{ type: 'laugh' }, { type: '1f440_eyes' }],
        reactionsRemoved: [{ type: 'like' }],
        replyToId: '1761000000900',
      }),
    ) as InboundMessage[];
    expect(events.map((e) => e.content)).toEqual([
      { type: 'reaction', emoji: '😆', targetPlatformMessageId: '1761000000900' },
      { type: 'reaction', emoji: '1f440_eyes', targetPlatformMessageId: '1761000000900' },
      { type: 'reaction', emoji: null, targetPlatformMessageId: '1761000000900' },
    ]);
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(3);
    expect(parse(activity('message', '2', { text: 'x', from: { id: '28:other-bot', role: 'bot' } }))).toEqual(
      [],
    );
    expect(parse(activity('installationUpdate', '3', { action: 'add' }))).toEqual([]);
  });

  it('refuses what is not an activity', () => {
    for (const body of [null, [], 'message', { id: '1' }, { type: 7 }]) {
      expect(() => parse(body)).toThrow(expect.objectContaining({ code: 'OMNIFY_ERR_VALIDATION' }));
    }
  });
});

describe('teams send', () => {
  it("answers at the conversation's serviceUrl with a cached client-credentials token", async () => {
    const tokens = new BotFrameworkTokens(now);
    const adapter = createTeamsAdapter({ now, tokens });
    const res = await adapter.send(out({ replyToPlatformMessageId: '1761000000001' }), config, ctx);
    await adapter.send(out({ messageId: 'msg-2' }), config, ctx);
    expect(res).toEqual({ platformMessageId: '1761000002000', status: 'sent' });
    const [reply, plain] = connector.requests;
    const path = `/amer/v3/conversations/${encodeURIComponent(PERSONAL)}/activities`;
    expect([reply!.url, plain!.url]).toEqual([`${path}/1761000000001`, path]);
    expect(reply!.json).toEqual({ type: 'message', text: 'On its way', replyToId: '1761000000001' });
    expect(plain!.headers.authorization).toBe(`Bearer ${login.issued.at(-1)}`);
    expect(login.count('token')).toBe(1);
    const form = new URLSearchParams(login.server.requests[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: baseConfig.appId,
      client_secret: APP_PASSWORD,
      scope: 'https://api.botframework.com/.default',
    });
  });

  it('shows typing with a typing activity at the serviceUrl; throttling and refusals are classified as sends', async () => {
    const adapter = createTeamsAdapter({ now, tokens: new BotFrameworkTokens(now) });
    const typing = { threadKey: PERSONAL, replyContext: { serviceUrl: `${connector.baseUrl}/amer/` } };
    await adapter.sendTyping!(typing, config, ctx);
    const [req] = connector.requests;
    expect(req!.url).toBe(`/amer/v3/conversations/${encodeURIComponent(PERSONAL)}/activities`);
    expect(req!.json).toEqual({ type: 'typing' });
    expect(req!.headers.authorization).toBe(`Bearer ${login.issued.at(-1)}`);
    connector.enqueue({ status: 429, headers: { 'retry-after': '2' }, body: {} });
    const throttled = await rejectionOf(adapter.sendTyping!(typing, config, ctx));
    expect([throttled.code, throttled.details.retryAfterMs]).toEqual([
      'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
      2000,
    ]);
    const none = await rejectionOf(adapter.sendTyping!({ threadKey: PERSONAL }, config, ctx));
    expect(none.details.platformCode).toBe('no_service_url');
    expect(JSON.stringify([throttled, none])).not.toContain(APP_PASSWORD);
  });

  it('renews the token five minutes before it expires, and after the connector refuses it', async () => {
    const adapter = createTeamsAdapter({ now, tokens: new BotFrameworkTokens(now) });
    await adapter.send(out(), config, ctx);
    clockS += 3599 - 301;
    await adapter.send(out(), config, ctx);
    expect(login.count('token')).toBe(1);
    clockS += 2;
    await adapter.send(out(), config, ctx);
    expect(login.count('token')).toBe(2);
    connector.enqueue({ status: 401, body: { message: 'Authorization has been denied for this request.' } });
    const err = await rejectionOf(adapter.send(out(), config, ctx));
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', '401']);
    await adapter.send(out(), config, ctx);
    expect(login.count('token')).toBe(3);
  });

  it('takes tokens from the tenant of a single-tenant app, else from botframework.com', () => {
    expect(tokenUrlOf({ appId: 'a', appPassword: 'p' })).toBe(
      'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token',
    );
    expect(tokenUrlOf({ appId: 'a', appPassword: 'p', tenantId: 'contoso.onmicrosoft.com' })).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
  });

  it('fails without retry when the conversation has no serviceUrl, before asking for a token', async () => {
    const adapter = createTeamsAdapter({ now });
    const contexts: (Record<string, string> | undefined)[] = [undefined, {}, { serviceUrl: 'ftp://x' }];
    for (const replyContext of contexts) {
      const err = await rejectionOf(adapter.send(out({ replyContext }), config, ctx));
      expect([err.code, err.details.platformCode]).toEqual([
        'OMNIFY_ERR_PLATFORM_REJECTED',
        'no_service_url',
      ]);
      expect(err.message).toMatch(/no service URL/);
    }
    expect(login.count('token') + connector.requests.length).toBe(0);
  });

  it("reports the identity platform's refusal without the app password", async () => {
    const adapter = createTeamsAdapter({ now });
    const wrong = { ...config, appPassword: 'wrong-password-0123' };
    const err = await rejectionOf(adapter.send(out(), wrong, ctx));
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', 'invalid_client']);
    expect(err.details.platformMessage).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    expect(JSON.stringify([err.message, err.details])).not.toContain('wrong-password-0123');
    expect(connector.requests).toHaveLength(0);
  });

  it("classifies the connector's answers as Teams documents them", async () => {
    const adapter = createTeamsAdapter({ now });
    const cases: [number, string][] = [
      [412, 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
      [502, 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
      [504, 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
      [500, 'OMNIFY_ERR_PLATFORM_REJECTED'],
      [404, 'OMNIFY_ERR_PLATFORM_REJECTED'],
      [413, 'OMNIFY_ERR_PLATFORM_REJECTED'],
    ];
    for (const [status, code] of cases) {
      connector.enqueue({ status, body: { error: { code: `E${status}`, message: `status ${status}` } } });
      const err = await rejectionOf(adapter.send(out(), config, ctx));
      expect([status, err.code, err.details.platformCode, err.details.platformMessage]).toEqual([
        status,
        code,
        `E${status}`,
        `status ${status}`,
      ]);
    }
    connector.enqueue({ status: 202, body: '' });
    expect(await adapter.send(out(), config, ctx)).toEqual({
      platformMessageId: 'omnify:msg-1',
      status: 'sent',
    });
  });
});

describe('teams sandbox', () => {
  it('gets a token and sends through the emulator, records both with the password redacted', async () => {
    const records: SandboxRecord[] = [];
    const sandbox = sandboxHttpClient('teams', async (r) => void records.push(r), [APP_PASSWORD]);
    const adapter = createTeamsAdapter({ now });
    const sctx = { apiBaseUrl: SANDBOX_BASE_URL, timeoutMs: 5_000, http: sandbox };
    const res = await adapter.send(
      out({ replyToPlatformMessageId: '17', replyContext: undefined }),
      baseConfig,
      sctx,
    );
    expect(res.platformMessageId).toMatch(/^\d{13,}$/);
    expect(records.map((r) => [r.method, r.path, r.response.status])).toEqual([
      ['POST', `/${baseConfig.tenantId}/oauth2/v2.0/token`, 200],
      ['POST', `/v3/conversations/${encodeURIComponent(PERSONAL)}/activities/17`, 200],
    ]);
    expect(JSON.stringify(records)).not.toContain(APP_PASSWORD);
    await adapter.send(out({ replyContext: undefined }), baseConfig, sctx);
    expect(records).toHaveLength(3);
    const err = await rejectionOf(
      adapter.send(out({ text: ' ', replyContext: undefined }), baseConfig, sctx),
    );
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', 'BadArgument']);
  });
});
