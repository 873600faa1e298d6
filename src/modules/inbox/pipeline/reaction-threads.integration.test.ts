import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, DM, envelope, message, PERSON } from '../../../integrations/slack/slack.fixtures.ts';
import {
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  signSlack,
} from '../../../integrations/slack/slack.signature.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';

const SECRET = 'reaction-threads-signing-secret';

/*
 * A reaction counts on the message it reacts to, in that message's conversation, even when the
 * platform does not say which thread the message is in: Slack's `reaction_added` names the channel
 * and the message's `ts` only. Events written from Slack's docs (reaction_added, thread replies).
 */
describe.each(testBackends())('reactions placed with their message on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  let seq = 0;
  const post = async (event: Record<string, unknown>) => {
    const raw = JSON.stringify(envelope(event, `EvRT${backend}${++seq}`));
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await omnify.post(`/webhooks/${channelId}`, raw, {
      [SLACK_TIMESTAMP_HEADER]: ts,
      [SLACK_SIGNATURE_HEADER]: signSlack(raw, SECRET, ts),
    });
    expect(res.status).toBe(200);
  };
  const reaction = (channel: string, ts: string, type = 'reaction_added') => ({
    type,
    user: PERSON,
    reaction: 'thumbsup',
    item: { type: 'message', channel, ts },
    event_ts: `17000009${String(++seq).padStart(2, '0')}.000100`,
  });
  const conversations = async () => {
    const { rows } = await omnify.db.query<{ threadKey: string; id: string }>(
      'SELECT thread_key AS "threadKey", id FROM conversations WHERE channel_id = $1 ORDER BY thread_key',
      [channelId],
    );
    return rows;
  };
  const reactionsOn = async (conversationId: string, platformMessageId: string) => {
    const page = await omnify.api('GET', `/api/v1/conversations/${conversationId}/messages?order=asc`);
    expect(page.status).toBe(200);
    return page.json.data.find(
      (m: { platformMessageId: string }) => m.platformMessageId === platformMessageId,
    )?.reactions;
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'slack',
      config: { botToken: 'xoxb-reaction-threads', signingSecret: SECRET, apiBaseUrl: 'http://127.0.0.1:9' },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('stores a reaction to a thread reply in the thread’s conversation, counted on that reply', async () => {
    const root = '1700000400.000100';
    const reply = '1700000460.000200';
    await post(message(root, 'My order did not arrive'));
    await post(message(reply, 'It was due Monday', { thread_ts: root }));
    await post(reaction(CHANNEL, reply));
    const convs = await conversations();
    expect(convs.map((c) => c.threadKey)).toEqual([`${CHANNEL}:${root}`]);
    expect(await reactionsOn(convs[0]!.id, `${CHANNEL}:${reply}`)).toEqual([
      { emoji: ':thumbsup:', count: 1, fromContact: true },
    ]);
    // Removed: it no longer counts.
    await post(reaction(CHANNEL, reply, 'reaction_removed'));
    expect(await reactionsOn(convs[0]!.id, `${CHANNEL}:${reply}`)).toEqual([]);
  });

  it('keeps the adapter’s thread for a message it never stored, and a DM’s reaction in the DM', async () => {
    await post(reaction(CHANNEL, '1600000000.000001'));
    await post(message('1700000500.000300', 'Hello', { channel: DM, channel_type: 'im' }));
    await post(reaction(DM, '1700000500.000300'));
    const keys = (await conversations()).map((c) => c.threadKey);
    expect(keys).toContain(`${CHANNEL}:1600000000.000001`);
    const dm = (await conversations()).find((c) => c.threadKey === DM)!;
    expect(await reactionsOn(dm.id, `${DM}:1700000500.000300`)).toEqual([
      { emoji: ':thumbsup:', count: 1, fromContact: true },
    ]);
  });
});
