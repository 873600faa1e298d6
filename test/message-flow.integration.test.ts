import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownSideUpdates } from '../src/integrations/telegram/telegram.echo.fixtures.ts';
import {
  OMNIFY_SIGNATURE_HEADER,
  signOmnify,
  verifyOmnify,
} from '../src/integrations/webhook/omnify-signature.ts';
import { smbMessageEcho } from '../src/integrations/whatsapp/whatsapp.echo.fixtures.ts';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../src/testing/backends.ts';
import { fakeGraphApi, fakeOpenAI, fakeTelegramApi } from '../src/testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../src/testing/harness.ts';
import { RecordingServer } from '../src/testing/http-recorder.ts';
import { payload, whatsappSender, whatsappStatus, whatsappText } from './payloads.ts';

const APP_SECRET = 'wa-app-secret-for-tests';
const TG_SECRET = 'tg_secret_token_for_tests';

describe.each(testBackends())('message flow on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let telegram: RecordingServer;
  let openai: RecordingServer;
  let waChannel: any;
  let tgChannel: any;
  const logLines: string[] = [];

  const postWhatsApp = (body: unknown) => {
    const raw = Buffer.from(JSON.stringify(body));
    return omnify.post(`/webhooks/${waChannel.id}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
  };
  const messagesOf = async (conversationId: string) =>
    (await omnify.api('GET', `/api/v1/conversations/${conversationId}/messages?order=asc&limit=200`)).json
      .data;
  const waConversation = async () => {
    const list = await omnify.api('GET', `/api/v1/conversations?channelId=${waChannel.id}`);
    return list.json.data.find((c: any) => c.threadKey === whatsappSender());
  };

  beforeAll(async () => {
    [graph, telegram, openai] = await Promise.all([
      fakeGraphApi().start(),
      fakeTelegramApi().start(),
      fakeOpenAI().start(),
    ]);
    omnify = await startTestOmnify(backend, {}, { level: 'debug', write: (line) => logLines.push(line) });
    const agent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      name: 'Support bot',
      config: {
        baseUrl: `${openai.baseUrl}/v1`,
        apiKey: 'sk-test-key-123456',
        model: 'gpt-test',
        systemPrompt: 'You are a shop assistant.',
      },
    });
    expect(agent.status).toBe(201);
    expect(agent.json.config.apiKey).not.toContain('sk-test-key');
    const wa = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Shop WhatsApp',
      config: {
        phoneNumberId: '1122334455667',
        accessToken: 'EAAG-test-access-token',
        appSecret: APP_SECRET,
        verifyToken: 'verify-me',
        apiBaseUrl: `${graph.baseUrl}/v21.0`,
      },
    });
    expect(wa.status).toBe(201);
    expect(wa.json.webhookUrl).toBe(`${omnify.url}/webhooks/${wa.json.id}`);
    expect(JSON.stringify(wa.json)).not.toContain(APP_SECRET);
    const tg = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      config: { botToken: '123456:TEST-bot-token', secretToken: TG_SECRET, apiBaseUrl: telegram.baseUrl },
    });
    expect(tg.status).toBe(201);
    for (const ch of [wa.json, tg.json]) {
      const patched = await omnify.api('PATCH', `/api/v1/channels/${ch.id}`, { agentId: agent.json.id });
      expect(patched.status).toBe(200);
      expect(patched.json.agentId).toBe(agent.json.id);
    }
    waChannel = wa.json;
    tgChannel = tg.json;
  });

  afterAll(async () => {
    await omnify?.close();
    await Promise.all([graph?.stop(), telegram?.stop(), openai?.stop()]);
  });

  it('answers the WhatsApp verification handshake', async () => {
    const ok = await fetch(
      `${omnify.url}/webhooks/${waChannel.id}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(
      `${omnify.url}/webhooks/${waChannel.id}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(bad.status).toBe(403);
  });

  it('stores an inbound WhatsApp message, asks the agent and sends its reply through the Graph API', async () => {
    const res = await postWhatsApp(whatsappText('wamid.E2E-1', 'Do you ship to Haifa?'));
    expect(res.status).toBe(200);
    await graph.waitForRequests(1);
    const sent = graph.requests[0]!;
    expect(sent.url).toBe('/v21.0/1122334455667/messages');
    expect(sent.headers.authorization).toBe('Bearer EAAG-test-access-token');
    expect(sent.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: whatsappSender(),
      type: 'text',
      text: { preview_url: false, body: 'You said: Do you ship to Haifa?' },
      context: { message_id: 'wamid.E2E-1' },
    });
    const call = openai.requests[0]!;
    expect(call.url).toBe('/v1/chat/completions');
    expect(call.headers.authorization).toBe('Bearer sk-test-key-123456');
    expect(call.json.messages).toEqual([
      { role: 'system', content: 'You are a shop assistant.' },
      { role: 'user', content: 'Do you ship to Haifa?' },
    ]);
    const conv = await omnify.until('conversation', waConversation);
    const msgs = await omnify.until('reply marked sent', async () => {
      const m = await messagesOf(conv.id);
      return m.length === 2 && m[1].status === 'sent' ? m : null;
    });
    expect(msgs[0]).toMatchObject({
      direction: 'inbound',
      senderKind: 'contact',
      contentType: 'text',
      text: 'Do you ship to Haifa?',
      platformMessageId: 'wamid.E2E-1',
    });
    expect(msgs[1]).toMatchObject({
      direction: 'outbound',
      senderKind: 'agent',
      text: 'You said: Do you ship to Haifa?',
      status: 'sent',
      replyToMessageId: msgs[0].id,
    });
    expect(msgs[1].platformMessageId).toMatch(/^wamid\.TEST/);
    const contacts = await omnify.api('GET', '/api/v1/contacts');
    const contact = contacts.json.data.find((c: any) =>
      c.identities.some((i: any) => i.handle === whatsappSender()),
    );
    expect(contact.identities[0]).toMatchObject({ platform: 'whatsapp', handle: whatsappSender() });
  });

  it('gives the agent the conversation history on the next message', async () => {
    const before = openai.requests.length;
    expect((await postWhatsApp(whatsappText('wamid.E2E-2', 'And how long does it take?'))).status).toBe(200);
    await openai.waitForRequests(before + 1);
    expect(openai.requests[before]!.json.messages).toEqual([
      { role: 'system', content: 'You are a shop assistant.' },
      { role: 'user', content: 'Do you ship to Haifa?' },
      { role: 'assistant', content: 'You said: Do you ship to Haifa?' },
      { role: 'user', content: 'And how long does it take?' },
    ]);
    await graph.waitForRequests(2);
  });

  it('follows WhatsApp status webhooks forward only (sent → delivered → read)', async () => {
    const conv = await waConversation();
    const reply = (await messagesOf(conv.id)).find((m: any) => m.senderKind === 'agent');
    for (const s of ['delivered', 'read', 'delivered'] as const) {
      expect((await postWhatsApp(whatsappStatus(reply.platformMessageId, s))).status).toBe(200);
    }
    const after = (await messagesOf(conv.id)).find((m: any) => m.id === reply.id);
    expect(after.status).toBe('read');
  });

  it("neither stores nor answers statuses of our sends and the business app's echoes, even redelivered", async () => {
    const conv = await waConversation();
    const [count, asked, sends] = [
      (await messagesOf(conv.id)).length,
      openai.requests.length,
      graph.requests.length,
    ];
    const reply = (await messagesOf(conv.id)).find((m: any) => m.senderKind === 'agent');
    // Meta's documented smb_message_echoes payload (no real capture): sent from the WhatsApp Business app.
    const echo = smbMessageEcho({
      id: 'wamid.ECHO-E2E-1',
      to: `+${whatsappSender()}`,
      text: 'Sent from the app',
      phoneNumberId: waChannel.config.phoneNumberId,
    });
    for (const body of [
      whatsappStatus(reply.platformMessageId, 'read'),
      whatsappStatus('wamid.NOT-OURS', 'delivered'),
      echo,
      echo,
    ]) {
      const res = await postWhatsApp(body);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ stored: 0, duplicates: 0 });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await messagesOf(conv.id)).length).toBe(count);
    expect([openai.requests.length, graph.requests.length]).toEqual([asked, sends]);
    const echoed = await omnify.db.query('SELECT 1 FROM messages WHERE platform_message_id = $1', [
      'wamid.ECHO-E2E-1',
    ]);
    expect(echoed.rows).toHaveLength(0);
  });

  it('stores a redelivered message once and replies once', async () => {
    const conv = await waConversation();
    const countBefore = (await messagesOf(conv.id)).length;
    const graphBefore = graph.requests.length;
    const again = await postWhatsApp(whatsappText('wamid.E2E-1', 'Do you ship to Haifa?'));
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ stored: 0, duplicates: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await messagesOf(conv.id)).length).toBe(countBefore);
    expect(graph.requests.length).toBe(graphBefore);
  });

  it('answers a Telegram update through sendMessage', async () => {
    const update = payload('telegram', 'update_text_tgdocs.json', 'update_private_text_question.json');
    const raw = Buffer.from(JSON.stringify(update));
    const res = await omnify.post(`/webhooks/${tgChannel.id}`, raw, {
      'x-telegram-bot-api-secret-token': TG_SECRET,
    });
    expect(res.status).toBe(200);
    await telegram.waitForRequests(1);
    const req = telegram.requests[0]!;
    expect(req.url).toBe('/bot123456:TEST-bot-token/sendMessage');
    expect(req.json).toMatchObject({
      chat_id: String(update.message.chat.id),
      text: `You said: ${update.message.text}`,
    });
  });

  it("neither stores nor answers our own bot's messages on Telegram, even redelivered", async () => {
    const stored = async () =>
      (await omnify.db.query('SELECT 1 FROM messages WHERE channel_id = $1', [tgChannel.id])).rows.length;
    const [count, asked, sends] = [await stored(), openai.requests.length, telegram.requests.length];
    // Written from the Bot API docs (no real capture); bot id 123456 = the token's prefix.
    const updates = Object.values(ownSideUpdates(123456));
    for (const update of [...updates, updates[0]]) {
      const raw = Buffer.from(JSON.stringify(update));
      const res = await omnify.post(`/webhooks/${tgChannel.id}`, raw, {
        'x-telegram-bot-api-secret-token': TG_SECRET,
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ stored: 0, duplicates: 0 });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect([await stored(), openai.requests.length, telegram.requests.length]).toEqual([count, asked, sends]);
  });

  it('answers a Telegram callback query (inline button) with answerCallbackQuery', async () => {
    const update = payload('telegram', 'update_callback_query_tgdocs.json', 'update_callback_query.json');
    const raw = Buffer.from(JSON.stringify(update));
    const before = telegram.requests.length;
    const res = await omnify.post(`/webhooks/${tgChannel.id}`, raw, {
      'x-telegram-bot-api-secret-token': TG_SECRET,
    });
    expect(res.status).toBe(200);
    const answered = await omnify.until('answerCallbackQuery', async () =>
      telegram.requests.slice(before).find((r) => r.url.endsWith('/answerCallbackQuery')),
    );
    expect(answered.url).toBe('/bot123456:TEST-bot-token/answerCallbackQuery');
    expect(answered.json).toEqual({ callback_query_id: update.callback_query.id });
    // Redelivered, it is a duplicate: stored once, answered once.
    await omnify.post(`/webhooks/${tgChannel.id}`, raw, { 'x-telegram-bot-api-secret-token': TG_SECRET });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(telegram.requests.filter((r) => r.url.endsWith('/answerCallbackQuery'))).toHaveLength(1);
  });

  it('lets a human answer from the inbox', async () => {
    const conv = await waConversation();
    const graphBefore = graph.requests.length;
    const res = await omnify.api('POST', `/api/v1/conversations/${conv.id}/messages`, {
      text: 'A human here 👋',
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ senderKind: 'user', status: 'queued', direction: 'outbound' });
    await graph.waitForRequests(graphBefore + 1);
    expect(graph.requests[graphBefore]!.json.text.body).toBe('A human here 👋');
    expect(graph.requests[graphBefore]!.json.context).toBeUndefined();
    await omnify.until('human reply sent', async () =>
      (await messagesOf(conv.id)).find((m: any) => m.id === res.json.id && m.status === 'sent'),
    );
  });

  it('retries a 5xx and records a permanent 4xx as failed with the platform error', async () => {
    const conv = await waConversation();
    graph.enqueue({
      status: 500,
      body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } },
    });
    const retried = await omnify.api('POST', `/api/v1/conversations/${conv.id}/messages`, {
      text: 'retry me',
    });
    const sent = await omnify.until('retried message sent', async () =>
      (await messagesOf(conv.id)).find((m: any) => m.id === retried.json.id && m.status === 'sent'),
    );
    expect(sent.attempts).toBe(2);

    graph.enqueue({
      status: 400,
      body: {
        error: {
          message: 'Re-engagement message',
          type: 'OAuthException',
          code: 131047,
          error_data: { details: 'More than 24 hours have passed' },
        },
      },
    });
    const refused = await omnify.api('POST', `/api/v1/conversations/${conv.id}/messages`, {
      text: 'too late',
    });
    const failed = await omnify.until('refused message failed', async () =>
      (await messagesOf(conv.id)).find((m: any) => m.id === refused.json.id && m.status === 'failed'),
    );
    expect(failed.error.code).toBe('131047');
    expect(failed.error.message).toContain('Re-engagement message');
    expect(failed.attempts).toBe(1);
  });

  it('paginates conversations and messages with cursors', async () => {
    const conv = await waConversation();
    const all = await messagesOf(conv.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page: any = await omnify.api('GET', `/api/v1/conversations/${conv.id}/messages?limit=2${q}`);
      expect(page.json.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.data.map((m: any) => m.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((m: any) => m.id).reverse());
    const bad = await omnify.api('GET', `/api/v1/conversations/${conv.id}/messages?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.fields[0].path).toBe('/querystring/cursor');
    const contacts = await omnify.api('GET', '/api/v1/contacts?limit=1');
    expect(contacts.json.nextCursor).toBeTruthy();
    const contacts2 = await omnify.api('GET', `/api/v1/contacts?limit=1&cursor=${contacts.json.nextCursor}`);
    expect(contacts2.json.data[0].id).not.toBe(contacts.json.data[0].id);
    const list = await omnify.api('GET', '/api/v1/conversations?limit=1');
    expect(list.json.data).toHaveLength(1);
    expect(list.json.nextCursor).toBeTruthy();
    const next = await omnify.api('GET', `/api/v1/conversations?limit=1&cursor=${list.json.nextCursor}`);
    expect(next.json.data[0].id).not.toBe(list.json.data[0].id);
    expect(new Date(next.json.data[0].lastMessageAt) <= new Date(list.json.data[0].lastMessageAt)).toBe(true);
  });

  it('waits as long as Telegram asks (retry_after) before sending again', async () => {
    const before = telegram.requests.length;
    telegram.enqueue({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    const update = payload('telegram', 'update_text_tgdocs.json', 'update_private_text_question.json');
    update.update_id += 1;
    update.message.message_id += 1;
    update.message.text = 'second question';
    const raw = Buffer.from(JSON.stringify(update));
    expect(
      (await omnify.post(`/webhooks/${tgChannel.id}`, raw, { 'x-telegram-bot-api-secret-token': TG_SECRET }))
        .status,
    ).toBe(200);
    await telegram.waitForRequests(before + 2, 20_000);
    const first = telegram.requests[before]!;
    const second = telegram.requests[before + 1]!;
    expect(second.json).toEqual(first.json);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it('keeps secrets out of the logs', async () => {
    // Provoke logged paths: a bad signature and an unknown channel.
    const raw = Buffer.from(JSON.stringify(whatsappText('wamid.LOG-1', 'x')));
    await omnify.post(`/webhooks/${waChannel.id}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, 'wrong'),
    });
    await omnify.post('/webhooks/00000000-0000-4000-8000-000000000000', raw);
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [
      APP_SECRET,
      TG_SECRET,
      'EAAG-test-access-token',
      'sk-test-key-123456',
      '123456:TEST-bot-token',
      'verify-me',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });

  it('answers on the generic webhook channel, signing both directions', async () => {
    const secret = 'webhook-channel-secret-1234';
    const callback = await new RecordingServer(() => ({ status: 200, body: { id: 'crm-reply-1' } })).start();
    try {
      const agents = await omnify.api('GET', '/api/v1/agents');
      const ch = await omnify.api('POST', '/api/v1/channels', {
        platform: 'webhook',
        agentId: agents.json.data[0].id,
        config: { secret, callbackUrl: `${callback.baseUrl}/omnify` },
      });
      expect(ch.status).toBe(201);
      const body = Buffer.from(
        JSON.stringify({
          type: 'message',
          id: 'crm-1',
          from: { id: 'customer-9', name: 'Priya' },
          threadId: 'ticket-9',
          text: 'Where is my order?',
        }),
      );
      const bad = await omnify.post(`/webhooks/${ch.json.id}`, body, {
        [OMNIFY_SIGNATURE_HEADER]: signOmnify('wrong-secret-000000', body),
      });
      expect(bad.status).toBe(401);
      const ok = await omnify.post(`/webhooks/${ch.json.id}`, body, {
        [OMNIFY_SIGNATURE_HEADER]: signOmnify(secret, body),
      });
      expect(ok.status).toBe(200);
      await callback.waitForRequests(1);
      const req = callback.requests[0]!;
      expect(req.url).toBe('/omnify');
      expect(
        verifyOmnify(secret, Buffer.from(req.body), req.headers[OMNIFY_SIGNATURE_HEADER] as string),
      ).toBe(true);
      expect(req.json).toMatchObject({
        type: 'message',
        threadId: 'ticket-9',
        text: 'You said: Where is my order?',
      });
      const convs = await omnify.api('GET', `/api/v1/conversations?channelId=${ch.json.id}`);
      const msgs = await omnify.until('webhook reply sent', async () => {
        const m = await messagesOf(convs.json.data[0].id);
        return m[1]?.status === 'sent' ? m : null;
      });
      expect(msgs[1].platformMessageId).toBe('crm-reply-1');
    } finally {
      await callback.stop();
    }
  });
});
