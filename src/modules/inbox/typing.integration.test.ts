import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappText } from '../../../test/payloads.ts';
import { TELEGRAM_SECRET_HEADER } from '../../integrations/telegram/telegram.adapter.ts';
import { signWhatsApp } from '../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { type RecordedRequest, RecordingServer } from '../../testing/http-recorder.ts';
import { call } from '../workspaces/test-call.ts';
import { AGENT_TYPING_AFTER_MS } from './pipeline/agent-reply.job.ts';
import { typingCallsSettled } from './pipeline/typing.ts';

const TG_SECRET = 'typing_test-secret';
const TG_TOKEN = '424242:typing-test-bot-token';
const WA_SECRET = 'typing-test-app-secret';

/*
 * "typing…" towards the contact over real HTTP: the composer's `POST /conversations/{id}/typing`
 * (roles, workspaces, the 5-second throttle, failures never shown to the typist) and the agent's
 * indicator while it writes a slow answer. Local servers speak the Telegram Bot API
 * (`sendChatAction`, written from the Bot API docs) and the WhatsApp Cloud API (the typing body from
 * Meta's "Typing indicators" docs); ../shared has no captured typing call.
 */
describe.each(testBackends())('typing indicators on %s', (backend) => {
  let omnify: TestOmnify;
  let telegram: RecordingServer;
  let graph: RecordingServer;
  let openai: RecordingServer;
  let tgChannel: string;
  let waChannel: string;
  const keys: Record<string, string> = {};
  let seq = 0;
  let agentDelayMs = 0;

  /** Delivers a Telegram text from chat `chat`; returns the conversation id. */
  const telegramText = async (chat: number, text: string, channel = tgChannel) => {
    const update = {
      update_id: 9_000 + ++seq,
      message: {
        message_id: seq,
        from: { id: chat, is_bot: false, first_name: 'Ada' },
        chat: { id: chat, type: 'private', first_name: 'Ada' },
        date: 1_761_995_100,
        text,
      },
    };
    const res = await omnify.post(`/webhooks/${channel}`, JSON.stringify(update), {
      [TELEGRAM_SECRET_HEADER]: TG_SECRET,
    });
    expect(res.status).toBe(200);
    return conversationOf(channel, String(chat));
  };
  const conversationOf = async (channel: string, thread: string) => {
    const { rows } = await omnify.db.query<{ id: string }>(
      'SELECT id FROM conversations WHERE channel_id = $1 AND thread_key = $2',
      [channel, thread],
    );
    return rows[0]!.id;
  };
  const typing = (conversationId: string, key = keys.agent!) =>
    call(omnify.url, key, 'POST', `/api/v1/conversations/${conversationId}/typing`);
  const chatActions = (chat: number) =>
    telegram.requests.filter((r) => r.url.endsWith('/sendChatAction') && r.json?.chat_id === String(chat));

  beforeAll(async () => {
    telegram = await new RecordingServer((req: RecordedRequest) =>
      req.url.endsWith('/sendChatAction')
        ? { status: 200, body: { ok: true, result: true } }
        : {
            status: 200,
            body: {
              ok: true,
              result: {
                message_id: 700 + ++seq,
                chat: { id: Number(req.json?.chat_id) },
                date: 1,
                text: 'ok',
              },
            },
          },
    ).start();
    graph = await new RecordingServer(() => ({ status: 200, body: { success: true } })).start();
    openai = await new RecordingServer(() => ({
      status: 200,
      delayMs: agentDelayMs,
      body: {
        choices: [
          { index: 0, message: { role: 'assistant', content: 'On its way!' }, finish_reason: 'stop' },
        ],
      },
    })).start();
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    for (const role of ['agent', 'viewer']) {
      const r = await omnify.api('POST', '/api/v1/api-keys', { name: `${role} key`, role });
      expect(r.status).toBe(201);
      keys[role] = r.json.key;
    }
    const tg = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      config: { botToken: TG_TOKEN, secretToken: TG_SECRET, apiBaseUrl: telegram.baseUrl },
    });
    const wa = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      config: {
        phoneNumberId: '5550003',
        accessToken: 'EAAG-typing-test',
        appSecret: WA_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });
    expect([tg.status, wa.status]).toEqual([201, 201]);
    [tgChannel, waChannel] = [tg.json.id, wa.json.id];
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([telegram?.stop(), graph?.stop(), openai?.stop()]);
  });

  it('shows "typing…" on the platform while a person types, once per conversation every 5 s', async () => {
    const conversation = await telegramText(5101, 'Where is my parcel?');
    for (let i = 0; i < 3; i++) expect((await typing(conversation)).status).toBe(204);
    await typingCallsSettled();
    const calls = chatActions(5101);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`/bot${TG_TOKEN}/sendChatAction`);
    expect(calls[0]!.json).toEqual({ chat_id: '5101', action: 'typing' });
    // Another conversation has its own window.
    const other = await telegramText(5102, 'Hi');
    expect((await typing(other)).status).toBe(204);
    await typingCallsSettled();
    expect(chatActions(5102)).toHaveLength(1);
  });

  it('attaches the WhatsApp indicator to the contact’s latest message', async () => {
    const wamid = `wamid.TYPING-${backend}`;
    const raw = Buffer.from(JSON.stringify(whatsappText(wamid, 'Can you check?')));
    const res = await omnify.post(`/webhooks/${waChannel}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, WA_SECRET),
    });
    expect(res.status).toBe(200);
    const { rows } = await omnify.db.query<{ id: string }>(
      'SELECT conversation_id AS id FROM messages WHERE platform_message_id = $1',
      [wamid],
    );
    expect((await typing(rows[0]!.id)).status).toBe(204);
    await typingCallsSettled();
    expect(graph.requests.at(-1)).toMatchObject({
      url: '/5550003/messages',
      json: {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: wamid,
        typing_indicator: { type: 'text' },
      },
    });
  });

  it('answers 204 whatever the platform says: a failure is logged, never shown to the typist', async () => {
    const conversation = await telegramText(5103, 'Hello?');
    telegram.enqueue({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    expect((await typing(conversation)).status).toBe(204);
    await typingCallsSettled();
    expect(chatActions(5103)).toHaveLength(1);
  });

  it('is refused to a viewer (403) and to another workspace (404)', async () => {
    const conversation = await telegramText(5104, 'Anyone?');
    const viewer = await typing(conversation, keys.viewer);
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: `Other ${backend}` });
    expect(ws.status).toBe(201);
    const elsewhere = await typing(conversation, ws.json.apiKey.key);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json.error.code).toBe('OMNIFY_ERR_NOT_FOUND');
    expect((await typing('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await typing('not-a-uuid')).status).toBe(404);
    await typingCallsSettled();
    expect(chatActions(5104)).toHaveLength(0);
  });

  it('shows the indicator while a slow agent writes, before its answer; none for a quick one', async () => {
    const agent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      config: { baseUrl: `${openai.baseUrl}/v1`, apiKey: 'sk-typing-test-1234', model: 'gpt-test' },
    });
    const tg = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      agentId: agent.json.id,
      config: { botToken: TG_TOKEN, secretToken: TG_SECRET, apiBaseUrl: telegram.baseUrl },
    });
    expect([agent.status, tg.status]).toEqual([201, 201]);
    const sends = (chat: number) =>
      telegram.requests.filter(
        (r) => r.url.endsWith('/sendMessage') && String(r.json?.chat_id) === String(chat),
      );

    agentDelayMs = AGENT_TYPING_AFTER_MS + 600;
    await telegramText(5105, 'Slow question', tg.json.id);
    await omnify.until('the slow answer', async () => sends(5105).length === 1, 20_000);
    const typed = chatActions(5105);
    expect(typed).toHaveLength(1);
    expect(typed[0]!.at).toBeLessThanOrEqual(sends(5105)[0]!.at);

    agentDelayMs = 0;
    await telegramText(5106, 'Quick question', tg.json.id);
    await omnify.until('the quick answer', async () => sends(5106).length === 1, 20_000);
    await typingCallsSettled();
    expect(chatActions(5106)).toHaveLength(0);
  }, 40_000);
});
