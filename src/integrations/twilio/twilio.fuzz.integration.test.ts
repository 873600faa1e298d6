import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { mutate, mutations, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { EMPTY_TWIML } from './twilio.adapter.ts';
import { config, FORMS, signJson } from './twilio.fixtures.ts';
import { decodeForm, twilioSignature } from './twilio.signature.ts';

/*
 * Twilio through the real server (PUBLIC_URL set, so the signed URL is the public one): redelivery
 * stores once, empty TwiML answers, a human reply goes out through the Messages API (a local fake)
 * and its status callbacks apply, with Twilio's error code. Then fuzz: our documented sample
 * webhooks (twilio.fixtures.ts; the shared folder has no Twilio webhook body) with one node mutated,
 * validly signed, posted as forms (the mutated values written as form strings; arrays as repeated
 * names) and as JSON bodies (the bodySHA256 variant, where types and nesting survive). Twilio posts
 * one message per request: never a 5xx, a mutation that leaves MessageSid and From/MessageStatus
 * intact is acknowledged with 200, and the good message posted right after is stored.
 */

const PUBLIC_URL = 'https://omnify.example.com';
const FORM = 'application/x-www-form-urlencoded';
const inboundBases = [
  'sms_text',
  'mms_two_images',
  'whatsapp_text',
  'whatsapp_voice',
  'whatsapp_location',
  'whatsapp_button',
];
const bases = Object.keys(FORMS).map((name) => decodeForm(FORMS[name]!) as Record<string, unknown>);

/** A mutated parameter set as a form: strings as they are, arrays as repeated names, anything else as JSON text. */
function toForm(p: Record<string, unknown>): string {
  const form = new URLSearchParams();
  const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  for (const [k, v] of Object.entries(p)) {
    for (const one of Array.isArray(v) ? v : [v]) form.append(k, text(one));
  }
  return form.toString();
}

const sid = (prefix: string, n: number) => `SM${prefix}${n.toString(16).padStart(31, '0')}`;
const goodSms = (messageSid: string) =>
  new URLSearchParams({
    MessageSid: messageSid,
    From: '+14155550199',
    To: config.from,
    Body: 'ok',
  }).toString();

describe.each(testBackends())('twilio webhooks on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const twilio = new RecordingServer(() => ({
    status: 201,
    body: { sid: `SM${'7'.repeat(32)}`, status: 'queued' },
  }));
  const path = (query = '') => `/webhooks/${channelId}${query}`;
  const postForm = (form: string, token = config.authToken) =>
    omnify.post(path(), form, {
      'content-type': FORM,
      'x-twilio-signature': twilioSignature(token, `${PUBLIC_URL}${path()}`, decodeForm(form)),
    });
  const postJson = (json: string) => {
    const { url, signature } = signJson(json, `${PUBLIC_URL}${path()}`);
    return omnify.post(url.slice(PUBLIC_URL.length), json, { 'x-twilio-signature': signature });
  };
  const count = async (dedupeKey: string) =>
    (
      await omnify.db.query('SELECT 1 FROM messages WHERE channel_id = $1 AND dedupe_key = $2', [
        channelId,
        dedupeKey,
      ])
    ).rows.length;

  beforeAll(async () => {
    await twilio.start();
    omnify = await startTestOmnify(backend, { publicUrl: PUBLIC_URL });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'twilio',
      config: { ...config, apiBaseUrl: twilio.baseUrl },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await twilio.stop();
  });

  it('stores a message once however often Twilio redelivers it, answering empty TwiML', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await postForm(FORMS.sms_text!);
      expect(res.status, res.text).toBe(200);
      expect(res.text).toBe(EMPTY_TWIML);
    }
    expect(await count(`SM${'1'.repeat(32)}`)).toBe(1);
    expect((await postForm(FORMS.echo_own_number!)).status).toBe(200);
    expect(await count(`SM${'f'.repeat(32)}`)).toBe(0);
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const res = await postForm(goodSms(sid('0', 1)), 'wrong-token');
    expect(res.status).toBe(401);
    expect(await count(sid('0', 1))).toBe(0);
  });

  it('sends a human reply through the Messages API and applies its status callbacks', async () => {
    const convs = await omnify.api('GET', '/api/v1/conversations');
    const conv =
      convs.json.data.find((c: { threadKey?: string }) => c.threadKey === '+14155550100') ??
      convs.json.data[0];
    const before = twilio.requests.length;
    const reply = await omnify.api('POST', `/api/v1/conversations/${conv.id}/messages`, {
      text: 'Yes, until 6pm',
    });
    expect(reply.status, JSON.stringify(reply.json)).toBe(202);
    await twilio.waitForRequests(before + 1);
    const sent = twilio.requests.at(-1)!;
    expect(sent.url).toBe(`/2010-04-01/Accounts/${config.accountSid}/Messages.json`);
    expect(decodeForm(sent.body)).toEqual({ To: '+14155550100', From: config.from, Body: 'Yes, until 6pm' });
    const row = async () =>
      (
        await omnify.db.query<any>(
          'SELECT status, platform_message_id, error_code FROM messages WHERE id = $1',
          [reply.json.id],
        )
      ).rows[0];
    await omnify.until('sent', async () => (await row()).status === 'sent');
    expect((await row()).platform_message_id).toBe(`SM${'7'.repeat(32)}`);
    const callback = (status: string, extra: Record<string, string> = {}) =>
      new URLSearchParams({
        MessageSid: `SM${'7'.repeat(32)}`,
        MessageStatus: status,
        From: config.from,
        ...extra,
      }).toString();
    expect((await postForm(callback('delivered'))).status).toBe(200);
    expect((await row()).status).toBe('delivered');
    expect((await postForm(callback('undelivered', { ErrorCode: '30003' }))).status).toBe(200);
    expect(await row()).toMatchObject({ status: 'failed', error_code: '30003' });
  });

  it('never answers 5xx to mutated forms and keeps taking the next messages', async () => {
    let run = 0;
    let acknowledged = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const base = bases[which]!;
        const p = mutate(base, pick, m);
        const res = await postForm(toForm(p));
        expect(res.status, res.text).toBeLessThan(500);
        if (intact(base, p)) expect(res.status, res.text).toBe(200);
        if (res.status === 200) acknowledged++;
        const good = sid('1', run);
        expect((await postForm(goodSms(good))).status).toBe(200);
        expect(await count(good)).toBe(1);
      }),
      { seed: 20_261_207, numRuns: 60 },
    );
    // The property is not vacuous: most mutations keep the message readable and are stored or applied.
    expect(acknowledged).toBeGreaterThan(run / 2);
  }, 120_000);

  it('never answers 5xx to mutated JSON bodies (bodySHA256) and keeps taking the next messages', async () => {
    let run = 0;
    let acknowledged = 0;
    const jsonBases = inboundBases.map((n) => decodeForm(FORMS[n]!) as Record<string, unknown>);
    await fc.assert(
      fc.asyncProperty(fc.nat(jsonBases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const p = mutate(jsonBases[which]!, pick, m);
        const res = await postJson(renderJson(p));
        expect(res.status, res.text).toBeLessThan(500);
        if (res.status === 200) acknowledged++;
        const good = sid('2', run);
        expect((await postForm(goodSms(good))).status).toBe(200);
        expect(await count(good)).toBe(1);
      }),
      { seed: 20_261_208, numRuns: 60 },
    );
    expect(acknowledged).toBeGreaterThan(run / 2);
  }, 120_000);
});

/** True when the fields that decide what a webhook is survive the mutation as the same non-blank strings. */
function intact(base: Record<string, unknown>, p: Record<string, unknown>): boolean {
  const keys = ['MessageSid', Object.hasOwn(base, 'MessageStatus') ? 'MessageStatus' : 'From'];
  return keys.every((k) => p[k] === base[k] && typeof p[k] === 'string' && /[^\s\0]/.test(p[k]));
}
