import { describe, expect, it } from 'vitest';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from './sandbox.transport.ts';
import { emulateTelegram } from './telegram.emulator.ts';
import { emulateWebhook } from './webhook.emulator.ts';
import { emulateWhatsApp } from './whatsapp.emulator.ts';

type Emulated = { status: number; body: any };
const tgFailure = (code: number, description: string) => ({
  status: code,
  body: { ok: false, error_code: code, description },
});

describe('sandbox emulators', () => {
  it('WhatsApp: answers a text send with a SANDBOX wamid and refuses a non-text body like the Graph API', () => {
    const ok = emulateWhatsApp({
      method: 'POST',
      path: '/1/messages',
      headers: {},
      body: { messaging_product: 'whatsapp', to: '+15551230001', type: 'text', text: { body: 'hi' } },
    }) as Emulated;
    expect(ok.status).toBe(200);
    expect(ok.body.contacts[0].wa_id).toBe('15551230001');
    expect(ok.body.messages[0].id).toMatch(/^wamid\.SANDBOX/);
    const res = emulateWhatsApp({
      method: 'POST',
      path: '/1/messages',
      headers: {},
      body: { messaging_product: 'whatsapp', to: '1', type: 'image' },
    }) as Emulated;
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(100);
  });

  it('Telegram: emulates sendMessage and its errors', () => {
    const call = (body: unknown, method = 'sendMessage') =>
      emulateTelegram({ method: 'POST', path: `/botT/${method}`, headers: {}, body }) as Emulated;
    const [a, b] = [call({ chat_id: '42', text: 'a' }), call({ chat_id: 42, text: 'b' })];
    expect(a).toMatchObject({ status: 200, body: { ok: true, result: { chat: { id: 42 }, text: 'a' } } });
    expect(b.body.result.message_id).toBe(a.body.result.message_id + 1);
    expect(call({ chat_id: 42, text: '' }).body.description).toBe('Bad Request: message text is empty');
    expect(call({ text: 'x' })).toEqual(tgFailure(400, 'Bad Request: chat not found'));
    expect(call({}, 'sendSticker')).toEqual(tgFailure(404, 'Not Found'));
  });

  it('webhook: emulates a receiver at the callback URL itself', () => {
    const call = (path: string, b: unknown, method = 'POST') =>
      emulateWebhook({ method, path, headers: {}, body: b });
    const ok = call('/', { type: 'message', id: 'm', threadId: 't', text: 'hi' });
    expect(ok).toMatchObject({ status: 200, body: { received: true } });
    expect((ok.body as { id: string }).id).toMatch(/^sandbox-/);
    expect(call('/elsewhere', {}).status).toBe(404);
    expect(call('/', {}).status).toBe(400);
    expect(call('/', {}, 'GET').status).toBe(405);
  });
});

describe('sandbox transport', () => {
  it('answers in-process and records the request with secrets redacted', async () => {
    const records: SandboxRecord[] = [];
    const token = '987654:sandbox-bot-token';
    const http = sandboxHttpClient('telegram', async (r) => void records.push(r), [token]);
    const res = await http.request({
      method: 'POST',
      url: `${SANDBOX_BASE_URL}/bot${token}/sendMessage`,
      body: { chat_id: 7, text: `my token is ${token}` },
      timeoutMs: 1000,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true });
    expect(records).toEqual([
      {
        method: 'POST',
        path: '/bot[redacted]/sendMessage',
        body: { chat_id: 7, text: 'my token is [redacted]' },
        response: { status: 200, body: res.json },
      },
    ]);
  });

  it('answers 501 for a platform without an emulator, still recording it', async () => {
    const records: SandboxRecord[] = [];
    const http = sandboxHttpClient('email', async (r) => void records.push(r));
    const res = await http.request({
      method: 'POST',
      url: `${SANDBOX_BASE_URL}/chat.postMessage`,
      timeoutMs: 1000,
    });
    expect(res.status).toBe(501);
    expect(records[0]!.body).toBeNull();
  });

  it('fails the send when the record cannot be stored', async () => {
    const http = sandboxHttpClient('webhook', async () => {
      throw new Error('database down');
    });
    await expect(
      http.request({
        method: 'POST',
        url: SANDBOX_BASE_URL,
        body: { id: 'm', threadId: 't', text: 'x' },
        timeoutMs: 1000,
      }),
    ).rejects.toMatchObject({ code: 'OMNIFY_ERR_PLATFORM_TRANSIENT' });
  });
});
