import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { hasSharedFixtures, sharedSkipReason } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineChannelContract } from '../contract/channel.contract-suite.ts';
import type { ChannelAdapter, WebhookRequest } from '../contract/channel-adapter.ts';
import { emulateTwilio } from '../sandbox/twilio.emulator.ts';
import { EMPTY_TWIML, type TwilioConfig, twilioAdapter } from './twilio.adapter.ts';
import {
  config,
  FORMS,
  rejectedBody,
  restError,
  signatureVectors,
  signForm,
  signJson,
  successBody,
  WEBHOOK_URL,
  webhooks,
} from './twilio.fixtures.ts';
import { decodeForm } from './twilio.signature.ts';

const skipReason = sharedSkipReason();
if (skipReason) console.warn(`[twilio] ${skipReason}`);

/*
 * The shared contract suite posts JSON bodies and sets no `WebhookRequest.url`, while Twilio signs
 * the URL it called. This view of the adapter supplies the URL Twilio calls for a JSON body: ours
 * with `bodySHA256` of the body received, as Twilio adds it; `sign` signs that URL for the body
 * meant. A tampered body changes the hash, so the URL, so the signature no longer matches.
 * Everything else is the adapter itself. (The signature vectors carry their own URL.)
 */
const contractView: ChannelAdapter<TwilioConfig> = {
  ...twilioAdapter,
  verify: (req, c) => twilioAdapter.verify({ ...req, url: req.url ?? signJson(req.rawBody).url }, c),
};

defineChannelContract<TwilioConfig>({
  adapter: contractView,
  config,
  sign: (rawBody, c) => ({ 'X-Twilio-Signature': signJson(rawBody, WEBHOOK_URL, c.authToken).signature }),
  webhooks,
  signatureVectors: signatureVectors(),
  withApiBaseUrl: (c, baseUrl) => ({ ...c, apiBaseUrl: baseUrl }),
  api: {
    success: { status: 201, body: successBody },
    serverError: { status: 500, body: restError(500, 20500, 'Internal Server Error') },
    rejected: { status: 400, body: rejectedBody, platformCode: String(rejectedBody.code) },
    rateLimited: {
      status: 429,
      body: restError(429, 20429, 'Too Many Requests'),
      headers: { 'retry-after': '3' },
      retryAfterMs: 3000,
    },
    expectedPlatformMessageId: String(successBody.sid),
    assertSendRequest(req, out) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/2010-04-01/Accounts/${config.accountSid}/Messages.json`);
      const basic = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
      expect(req.headers.authorization).toBe(`Basic ${basic}`);
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(decodeForm(req.body)).toEqual({ To: out.threadKey, From: config.from, Body: out.text });
    },
  },
});

// --- Twilio-specific behaviour ------------------------------------------------------------------

const formRequest = (body: string, headers: Record<string, string>, url = WEBHOOK_URL) =>
  ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    query: {},
    rawBody: Buffer.from(body),
    url,
  }) satisfies WebhookRequest;
const verifyCode = (req: WebhookRequest, c = config) => thrownBy(() => twilioAdapter.verify(req, c))?.code;

describe('twilio signature (X-Twilio-Signature)', () => {
  const body = FORMS.sms_text!;
  const sig = signForm(body);

  it('accepts a form signed over the URL and the sorted parameters', () => {
    expect(verifyCode(formRequest(body, { 'x-twilio-signature': sig }))).toBeUndefined();
  });
  it('rejects a changed parameter, an added one, another URL, another token, no URL, no header', () => {
    const bad = 'OMNIFY_ERR_SIGNATURE_INVALID';
    expect(verifyCode(formRequest(body.replace('Body=Hi', 'Body=Ho'), { 'x-twilio-signature': sig }))).toBe(
      bad,
    );
    expect(verifyCode(formRequest(`${body}&Extra=1`, { 'x-twilio-signature': sig }))).toBe(bad);
    expect(verifyCode(formRequest(body, { 'x-twilio-signature': sig }, `${WEBHOOK_URL}x`))).toBe(bad);
    expect(
      verifyCode(formRequest(body, { 'x-twilio-signature': sig }), { ...config, authToken: 'other' }),
    ).toBe(bad);
    expect(verifyCode({ ...formRequest(body, { 'x-twilio-signature': sig }), url: undefined })).toBe(bad);
    expect(verifyCode(formRequest(body, {}))).toBe(bad);
  });
  it('accepts the URL with and without the default port, and strips another port', () => {
    const withPort = 'https://omnify.example.com:443/webhooks/ch_twilio';
    expect(verifyCode(formRequest(body, { 'x-twilio-signature': signForm(body, withPort) }))).toBeUndefined();
    expect(verifyCode(formRequest(body, { 'x-twilio-signature': sig }, withPort))).toBeUndefined();
    const odd = 'https://omnify.example.com:8443/webhooks/ch_twilio';
    expect(verifyCode(formRequest(body, { 'x-twilio-signature': sig }, odd))).toBeUndefined();
    const http = 'http://omnify.example.com/webhooks/ch_twilio';
    expect(
      verifyCode(
        formRequest(
          body,
          { 'x-twilio-signature': signForm(body, `${http.replace('.com', '.com:80')}`) },
          http,
        ),
      ),
    ).toBeUndefined();
  });
  it('signs a repeated parameter once per distinct value, values sorted', () => {
    const repeated = 'To=%2B1&MediaUrl=b&MediaUrl=a&MediaUrl=b';
    const expected = signForm('MediaUrl=a&MediaUrl=b&To=%2B1');
    expect(verifyCode(formRequest(repeated, { 'x-twilio-signature': expected }))).toBeUndefined();
  });
  it('takes a JSON body only with a matching bodySHA256 in the signed URL', () => {
    const json = '{"MessageSid":"SM1","From":"+14155550100","Body":"hi"}';
    const { url, signature } = signJson(json);
    const req = (b: string, u: string) => ({
      ...formRequest(b, { 'x-twilio-signature': signature, 'content-type': 'application/json' }, u),
    });
    expect(verifyCode(req(json, url))).toBeUndefined();
    expect(verifyCode(req(`${json} `, url))).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
    const unsignedUrl = {
      ...req(json, WEBHOOK_URL),
      headers: { 'content-type': 'application/json', 'x-twilio-signature': twilioSignatureOfUrl() },
    };
    expect(verifyCode(unsignedUrl)).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  });
  it.skipIf(!hasSharedFixtures)(
    'matches every vector of the shared folder (also run by the contract suite)',
    () => {
      const vectors = signatureVectors();
      expect(vectors.filter((v) => v.valid)).toHaveLength(6);
    },
  );
});

/** A valid signature over the bare URL with no parameters (what a JSON body without bodySHA256 would carry). */
function twilioSignatureOfUrl(): string {
  return signForm('', WEBHOOK_URL);
}

describe('twilio decode, parse and acknowledge', () => {
  it('decodes the form bytes into parameters, keeping repeated names as arrays', () => {
    const req = formRequest(FORMS.whatsapp_text!, {});
    expect(twilioAdapter.decode!(req)).toMatchObject({
      From: 'whatsapp:+14155550101',
      Body: 'Olá! Quero um orçamento 😀',
    });
    const odd = twilioAdapter.decode!(formRequest('a=1&a=2&__proto__=x&b=%ZZ+c', {})) as Record<
      string,
      unknown
    >;
    expect(odd.a).toEqual(['1', '2']);
    expect(Object.hasOwn(odd, '__proto__')).toBe(true);
    expect(odd.b).toBe('%ZZ c');
  });
  it('decodes a JSON body, and answers 400 malformed JSON when it does not parse', () => {
    const json = (b: string) => ({
      ...formRequest(b, { 'content-type': 'application/json; charset=utf-8' }),
    });
    expect(twilioAdapter.decode!(json('{"a":1}'))).toEqual({ a: 1 });
    expect(thrownBy(() => twilioAdapter.decode!(json('{')))?.code).toBe('OMNIFY_ERR_MALFORMED_JSON');
  });
  it('reads the first value of a repeated parameter and refuses a body without MessageSid or From', () => {
    const p = decodeForm(FORMS.sms_text!);
    const events = twilioAdapter.parse({ ...p, Body: ['first', 'second'] }, config);
    expect(events[0]).toMatchObject({ text: 'first' });
    const bad = (b: unknown) => thrownBy(() => twilioAdapter.parse(b, config))?.code;
    expect(bad({ ...p, MessageSid: '', SmsSid: '' })).toBe('OMNIFY_ERR_VALIDATION');
    expect(bad({ ...p, From: ['', 'x'] })).toBe('OMNIFY_ERR_VALIDATION');
    expect(bad([p])).toBe('OMNIFY_ERR_VALIDATION');
  });
  it('keeps an unknown WhatsApp message type as unsupported, and a bad coordinate as text', () => {
    const p = decodeForm(FORMS.whatsapp_text!);
    const [m] = twilioAdapter.parse({ ...p, Body: '', MessageType: 'sticker_pack' }, config);
    expect(m).toMatchObject({ content: { type: 'unsupported', platformType: 'sticker_pack' } });
    const [loc] = twilioAdapter.parse({ ...p, Latitude: '1e400', Longitude: '2' }, config);
    expect(loc).toMatchObject({ content: { type: 'text' } });
  });
  it('gives no event for a status that is not ours, even one named like an object property', () => {
    const p = decodeForm(FORMS.status_delivered!);
    for (const MessageStatus of ['accepted', 'sending', 'constructor', '__proto__', 'toString']) {
      expect(twilioAdapter.parse({ ...p, MessageStatus }, config)).toEqual([]);
    }
  });
  it('recognises an echo of our own number in the WhatsApp form too', () => {
    const p = decodeForm(FORMS.whatsapp_text!);
    expect(twilioAdapter.parse({ ...p, From: `whatsapp:${config.from}` }, config)).toEqual([]);
  });
  it('acknowledges with empty TwiML as text/xml', () => {
    expect(twilioAdapter.acknowledge!({}, config)).toEqual({
      status: 200,
      contentType: 'text/xml',
      body: EMPTY_TWIML,
    });
    expect(twilioAdapter.respond).toBeUndefined();
  });
});

describe('twilio send details', () => {
  const api = new RecordingServer(() => ({ status: 201, body: successBody }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const http = createHttpClient({ allowPrivateUrls: true });
  const send = (threadKey = '+14155550100', extra: Partial<TwilioConfig> = {}) => {
    const c = { ...config, apiBaseUrl: `${api.baseUrl}/`, ...extra };
    return twilioAdapter.send(
      { messageId: 'm1', threadKey, text: 'hi', replyToPlatformMessageId: 'SMx' },
      c,
      {
        apiBaseUrl: twilioAdapter.apiBaseUrl(c),
        timeoutMs: 5_000,
        http,
      },
    );
  };

  it('answers a WhatsApp thread from the whatsapp: sender, with StatusCallback when configured', async () => {
    await send('whatsapp:+14155550101', { statusCallback: `${WEBHOOK_URL}` });
    expect(decodeForm(api.requests.at(-1)!.body)).toEqual({
      To: 'whatsapp:+14155550101',
      From: `whatsapp:${config.from}`,
      Body: 'hi',
      StatusCallback: WEBHOOK_URL,
    });
    await send('+14155550100', { from: `whatsapp:${config.from}` });
    expect(decodeForm(api.requests.at(-1)!.body)).toMatchObject({ To: '+14155550100', From: config.from });
  });
  it.each([
    [429, restError(429, 20429, 'Too Many Requests'), '20429', 'OMNIFY_ERR_PLATFORM_RATE_LIMITED'],
    [400, restError(400, 14107, 'Message rate limit exceeded'), '14107', 'OMNIFY_ERR_PLATFORM_RATE_LIMITED'],
    [503, restError(503, 20503, 'Service Unavailable'), '20503', 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
    [502, '<html>Bad Gateway</html>', '502', 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
    [201, { status: 'queued' }, 'invalid_response', 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
    [
      400,
      restError(400, 21211, "The 'To' number is not a valid phone number."),
      '21211',
      'OMNIFY_ERR_PLATFORM_REJECTED',
    ],
    [400, restError(400, 63016, 'Outside the allowed window'), '63016', 'OMNIFY_ERR_PLATFORM_REJECTED'],
    [401, restError(401, 20003, 'Authenticate'), '20003', 'OMNIFY_ERR_PLATFORM_REJECTED'],
  ])('HTTP %i %j → %s %s', async (status, body, platformCode, code) => {
    api.enqueue({ status, body });
    const err = await rejectionOf(send());
    expect(err.code).toBe(code);
    expect(err.details.platformCode).toBe(platformCode);
    expect(err.details.platformMessage).toBeTruthy();
  });
  it('never puts the auth token in an error', async () => {
    api.enqueue({ status: 400, body: restError(400, 21211, `bad ${config.authToken}`) });
    const err = await rejectionOf(send());
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(config.authToken);
  });
  it('defaults to api.twilio.com and strips a trailing slash', () => {
    expect(twilioAdapter.apiBaseUrl(config)).toBe('https://api.twilio.com');
    expect(twilioAdapter.apiBaseUrl({ ...config, apiBaseUrl: 'http://x/' })).toBe('http://x');
  });
});

describe('twilio sandbox emulator', () => {
  const path = `/2010-04-01/Accounts/${config.accountSid}/Messages.json`;
  const auth = (user: string) => `Basic ${Buffer.from(`${user}:tok`).toString('base64')}`;
  const form = 'application/x-www-form-urlencoded';
  it('answers a Message resource for a form POST authenticated as the path account', () => {
    const res = emulateTwilio({
      method: 'POST',
      path,
      headers: { authorization: auth(config.accountSid), 'content-type': form },
      body: { To: '+15005550006', From: config.from, Body: 'Hello' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: 'queued',
      to: '+15005550006',
      body: 'Hello',
    });
    const noBody = emulateTwilio({
      method: 'POST',
      path,
      headers: { authorization: auth(config.accountSid), 'content-type': form },
      body: { To: '+15005550006' },
    });
    expect(noBody).toMatchObject({ status: 400, body: { code: 21602 } });
  });
  it("answers Twilio's errors for another account, a JSON body and an unknown path", () => {
    const h = (user: string, type = form) => ({ authorization: auth(user), 'content-type': type });
    const call = (p: string, headers: Record<string, string>) =>
      emulateTwilio({ method: 'POST', path: p, headers, body: undefined }) as {
        status: number;
        body: { code: number };
      };
    expect(call(path, h(`AC${'b'.repeat(32)}`))).toMatchObject({ status: 401, body: { code: 20003 } });
    expect(call(path, h(config.accountSid, 'application/json'))).toMatchObject({
      status: 400,
      body: { code: 21604 },
    });
    expect(call('/2010-04-01/Accounts/x/Calls.json', h(config.accountSid))).toMatchObject({ status: 404 });
  });
});
