import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgentChannel } from '../../testing/agent-channel.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { APP_ID, APP_PASSWORD, activity, PERSONAL } from './teams.fixtures.ts';
import {
  bearerFor,
  type FakeBotFrameworkLogin,
  startFakeLogin,
  type TestKey,
  testKey,
} from './teams.login.fixtures.ts';

/*
 * End to end on the real server: a Teams message arrives with its serviceUrl (a local server
 * speaking the Bot Connector API), the channel's agent (a fake OpenAI-compatible endpoint) answers,
 * and the answer goes to that serviceUrl as a reply to the message, with a token from the local
 * identity platform. The channel config names no connector URL: the serviceUrl comes from the
 * conversation (its replyContext).
 */

describe.each(testBackends())('teams message flow on %s', (backend) => {
  let omnify: TestOmnify;
  let login: FakeBotFrameworkLogin;
  let connector: RecordingServer;
  let openai: RecordingServer;
  let key: TestKey;
  let channelId: string;
  let seq = 0;

  beforeAll(async () => {
    key = await testKey('flow-key');
    login = await startFakeLogin([key]);
    connector = await new RecordingServer(() => ({
      status: 201,
      body: { id: `17610000090${++seq}` },
    })).start();
    openai = await fakeOpenAI().start();
    omnify = await startTestOmnify(backend);
    channelId = await connectAgentChannel(omnify, {
      openaiBaseUrl: openai.baseUrl,
      name: 'Teams bot',
      platform: 'teams',
      config: {
        appId: APP_ID,
        appPassword: APP_PASSWORD,
        openIdMetadataUrl: login.metadataUrl,
        tokenUrl: login.tokenUrl,
      },
      secrets: [APP_PASSWORD],
    });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([login?.stop(), connector?.stop(), openai?.stop()]);
  });

  it("answers a message at its conversation's serviceUrl, as a reply", async () => {
    const serviceUrl = `${connector.baseUrl}/amer/`;
    const raw = JSON.stringify(
      activity('message', '1761000000777', { serviceUrl, text: 'Where is my parcel?' }),
    );
    const res = await omnify.post(`/webhooks/${channelId}`, raw, {
      'content-type': 'application/json',
      ...bearerFor(raw, key, Math.floor(Date.now() / 1000)),
    });
    expect(res.status, res.text).toBe(200);
    await connector.waitForRequests(1);
    const sent = connector.requests[0]!;
    expect(sent.url).toBe(`/amer/v3/conversations/${encodeURIComponent(PERSONAL)}/activities/1761000000777`);
    expect(sent.headers.authorization).toBe(`Bearer ${login.issued[0]}`);
    expect(sent.json).toEqual({
      type: 'message',
      text: 'You said: Where is my parcel?',
      replyToId: '1761000000777',
    });
    const out = await omnify.until('the reply marked sent', async () => {
      const r = await omnify.db.query<{ platform_message_id: string }>(
        `SELECT platform_message_id FROM messages WHERE channel_id = $1 AND direction = 'outbound' AND status = 'sent'`,
        [channelId],
      );
      return r.rows[0];
    });
    expect(out.platform_message_id).toBe('176100000901');
  });
});
