import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgentChannel } from '../../testing/agent-channel.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { CHANNEL_ID, CUSTOM_CONTACT, customDelivery, received, SAMPLES, sent } from './respondio.fixtures.ts';
import { RESPONDIO_SIGNATURE_HEADER, signRespondio } from './respondio.verify.ts';

/*
 * End to end on the real server, against a local server speaking respond.io's Developer API v2 and
 * its Custom Channel webhook: a contact's message arrives as a signed `message.received` event, the
 * channel's agent (a fake OpenAI-compatible endpoint) answers, and the answer goes out through
 * `POST /contact/id:{id}/message` on the channel the contact wrote on, after the 449 respond.io
 * answered first and the Retry-After it named. respond.io's `message.sent` event for it moves its
 * status and stores nothing. A Custom Channel delivery is answered through the Custom Channel
 * webhook, and respond.io's report of that answer is neither stored nor answered.
 */

const SIGNING_KEY = 'Zmxvdy1yZXNwb25kaW8tc2lnbmluZy1rZXktMDEyMzQ1';
const API_TOKEN = 'flow-respondio-api-token-0123456789';
const CHANNEL_TOKEN = 'flow-respondio-channel-token-0123456789';

describe.each(testBackends())('respond.io message flow on %s', (backend) => {
  let omnify: TestOmnify;
  let respondio: RecordingServer;
  let openai: RecordingServer;
  let channelId: string;
  let seq = 0;
  const post = (body: unknown, headers?: Record<string, string>) => {
    const raw = JSON.stringify(body);
    return omnify.post(
      `/webhooks/${channelId}`,
      raw,
      headers ?? { [RESPONDIO_SIGNATURE_HEADER]: signRespondio(raw, SIGNING_KEY) },
    );
  };
  const outbound = () =>
    omnify.db
      .query<{ id: string; status: string; platform_message_id: string | null; text: string }>(
        `SELECT id, status, platform_message_id, text FROM messages
         WHERE channel_id = $1 AND direction = 'outbound' ORDER BY created_at`,
        [channelId],
      )
      .then((r) => r.rows);
  const inboundCount = async () =>
    (
      await omnify.db.query(`SELECT 1 FROM messages WHERE channel_id = $1 AND direction = 'inbound'`, [
        channelId,
      ])
    ).rows.length;

  beforeAll(async () => {
    respondio = await new RecordingServer((req) =>
      req.url === '/custom/channel/webhook/'
        ? { status: 200, body: {} }
        : { status: 200, body: { messageId: 1_900_000_000_000 + ++seq } },
    ).start();
    openai = await fakeOpenAI().start();
    omnify = await startTestOmnify(backend);
    channelId = await connectAgentChannel(omnify, {
      openaiBaseUrl: openai.baseUrl,
      name: 'respond.io bot',
      platform: 'respondio',
      config: {
        apiToken: API_TOKEN,
        channelToken: CHANNEL_TOKEN,
        customChannelId: 'cc0flow',
        signingKey: SIGNING_KEY,
        apiBaseUrl: `${respondio.baseUrl}/v2`,
      },
      secrets: [API_TOKEN],
    });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([respondio?.stop(), openai?.stop()]);
  });

  it('answers through the Developer API on the contact’s channel, waiting as a 449 asks', async () => {
    respondio.enqueue({
      status: 449,
      headers: { 'retry-after': '1' },
      body: { code: 449, message: 'Request queued, retry later.' },
    });
    expect((await post(SAMPLES['message_received_text.json'])).status).toBe(200);
    await respondio.waitForRequests(2);
    const [queued, accepted] = respondio.requests;
    for (const r of [queued!, accepted!]) {
      expect(r.url).toBe('/v2/contact/id:1001/message');
      expect(r.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
      expect(r.json).toEqual({
        channelId: CHANNEL_ID,
        message: { type: 'text', text: 'You said: Hi, where is my order #4411?' },
      });
    }
    expect(accepted!.at - queued!.at).toBeGreaterThanOrEqual(950);
    const [reply] = await omnify.until('the reply marked sent', async () => {
      const rows = await outbound();
      return rows.length === 1 && rows[0]!.status === 'sent' ? rows : undefined;
    });
    expect(reply!.platform_message_id).toBe('1900000000001');
  });

  it('moves the reply’s status from respond.io’s message.sent event, storing and answering nothing', async () => {
    const before = [respondio.requests.length, await inboundCount()];
    const echo = sent(1900000000001, [
      { value: 'sent', timestamp: 1726740601 },
      { value: 'delivered', timestamp: 1726740605 },
    ]);
    expect((await post(echo)).status).toBe(200);
    await omnify.until(
      'the reply marked delivered',
      async () => (await outbound())[0]!.status === 'delivered',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect([respondio.requests.length, await inboundCount()]).toEqual(before);
  });

  it('answers a Custom Channel delivery through the Custom Channel webhook and ignores its echo', async () => {
    const res = await post(customDelivery('Is the shop open on Sunday?'), {
      authorization: `Bearer ${CHANNEL_TOKEN}`,
    });
    expect(res.json.mId).toMatch(/^cc-/);
    await respondio.waitForRequests(3);
    const custom = respondio.requests[2]!;
    expect(custom.url).toBe('/v2/custom/channel/webhook/');
    expect(custom.headers.authorization).toBe(`Bearer ${CHANNEL_TOKEN}`);
    const reply = await omnify.until('the custom reply marked sent', async () =>
      (await outbound()).find(
        (m) => m.text === 'You said: Is the shop open on Sunday?' && m.status === 'sent',
      ),
    );
    expect(custom.json).toMatchObject({
      channelId: 'cc0flow',
      contactId: CUSTOM_CONTACT,
      events: [
        {
          type: 'message',
          mId: `omnify-${reply.id}`,
          message: { type: 'text', text: 'You said: Is the shop open on Sunday?' },
        },
      ],
    });
    expect(reply.platform_message_id).toBe(`omnify-${reply.id}`);
    // respond.io shows the answer as the contact's incoming message and reports it by webhook.
    const before = [respondio.requests.length, await inboundCount()];
    const echo = received(
      1900000000099,
      { type: 'text', text: reply.text },
      { channelMessageId: `omnify-${reply.id}` },
    );
    expect((await post(echo)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect([respondio.requests.length, await inboundCount()]).toEqual(before);
  });
});
