import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgentChannel } from '../../testing/agent-channel.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { CHANNEL, DM, envelope, message, SAMPLES } from './slack.fixtures.ts';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, signSlack } from './slack.signature.ts';

/*
 * End to end on the real server: a Slack message arrives, the channel's agent (a fake
 * OpenAI-compatible endpoint) answers, and the answer goes out through a local server speaking
 * `chat.postMessage`: into the thread the message belongs to, or into the DM. The echo Slack then
 * delivers of our own post is neither stored nor answered.
 */

const SECRET = 'flow-slack-signing-secret';
const TOKEN = 'xoxb-flow-token-0123456789';

describe.each(testBackends())('slack message flow on %s', (backend) => {
  let omnify: TestOmnify;
  let slack: RecordingServer;
  let openai: RecordingServer;
  let channelId: string;
  let seq = 0;
  const posts = () => slack.requests.filter((r) => r.url === '/chat.postMessage');
  const post = (body: unknown) => {
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    return omnify.post(`/webhooks/${channelId}`, raw, {
      [SLACK_TIMESTAMP_HEADER]: ts,
      [SLACK_SIGNATURE_HEADER]: signSlack(raw, SECRET, ts),
    });
  };

  beforeAll(async () => {
    // chat.postMessage answers with the channel and a fresh ts, as Slack does; users.info (the
    // name of a sender whose event carried none) a user without a profile name.
    slack = await new RecordingServer((req) =>
      req.url.startsWith('/users.info')
        ? { status: 200, body: { ok: true, user: { id: 'U0PERSON01', name: 'person' } } }
        : {
            status: 200,
            body: {
              ok: true,
              channel: req.json?.channel,
              ts: `1700200000.${String(++seq).padStart(6, '0')}`,
            },
          },
    ).start();
    openai = await fakeOpenAI().start();
    omnify = await startTestOmnify(backend);
    channelId = await connectAgentChannel(omnify, {
      openaiBaseUrl: openai.baseUrl,
      name: 'Slack bot',
      platform: 'slack',
      config: { botToken: TOKEN, signingSecret: SECRET, apiBaseUrl: slack.baseUrl },
      secrets: [SECRET],
    });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([slack?.stop(), openai?.stop()]);
  });

  it('answers a thread reply in its thread and a DM in the DM', async () => {
    expect((await post(SAMPLES['thread_reply.json'])).status).toBe(200);
    await omnify.until('the first post', async () => posts()[0]);
    const sent = posts()[0]!;
    expect(sent.url).toBe('/chat.postMessage');
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.json).toEqual({
      channel: CHANNEL,
      text: 'You said: It was due on Monday',
      thread_ts: '1700000000.000100',
    });
    expect((await post(SAMPLES['dm_with_profile.json'])).status).toBe(200);
    await omnify.until('the second post', async () => posts()[1]);
    expect(posts()[1]!.json).toEqual({
      channel: DM,
      text: 'You said: Can I change my delivery address?',
    });
    const out = await omnify.until('the reply marked sent', async () => {
      const r = await omnify.db.query<{ platform_message_id: string }>(
        `SELECT platform_message_id FROM messages WHERE channel_id = $1 AND direction = 'outbound' AND status = 'sent'`,
        [channelId],
      );
      return r.rows.length === 2 ? r.rows : undefined;
    });
    expect(out.map((r) => r.platform_message_id).sort()).toEqual([
      `${CHANNEL}:1700200000.000001`,
      `${DM}:1700200000.000002`,
    ]);
  });

  it('neither stores nor answers the echo of its own post', async () => {
    const before = posts().length;
    const echo = message('1700200000.000002', 'You said: Can I change my delivery address?', {
      channel: DM,
      channel_type: 'im',
      user: 'U0OMNIBOT1',
      bot_id: 'B0OMNIBOT1',
      app_id: 'A0OMNIFY01',
    });
    const res = await post(envelope(echo, 'EvEcho1'));
    expect(res.json).toEqual({ ok: true, stored: 0, duplicates: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(posts().length).toBe(before);
  });
});
