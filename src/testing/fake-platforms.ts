import { RecordingServer } from './http-recorder.ts';

/**
 * Local servers on 127.0.0.1 that speak the platforms' real protocols, for end-to-end tests.
 * Each records requests; tests program failures with `enqueue`.
 */

let wamidSeq = 0;
/** WhatsApp Cloud API (Graph) `POST /{phone-number-id}/messages`: answers like Meta's documented sample. */
export function fakeGraphApi(): RecordingServer {
  return new RecordingServer((req) => {
    if (req.method !== 'POST' || !/\/messages$/.test(req.url)) {
      return {
        status: 400,
        body: { error: { message: 'Unsupported post request', type: 'GraphMethodException', code: 100 } },
      };
    }
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: req.json?.to, wa_id: req.json?.to }],
        messages: [{ id: `wamid.TEST${String(++wamidSeq).padStart(6, '0')}` }],
      },
    };
  });
}

let tgSeq = 1000;
/** Telegram Bot API `POST /bot<token>/sendMessage`: answers `{ok:true, result: Message}`. */
export function fakeTelegramApi(): RecordingServer {
  return new RecordingServer((req) => {
    if (/\/bot[^/]+\/answerCallbackQuery$/.test(req.url))
      return { status: 200, body: { ok: true, result: true } };
    if (!/\/bot[^/]+\/sendMessage$/.test(req.url))
      return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: ++tgSeq,
          from: { id: 42, is_bot: true, first_name: 'Omnify Test Bot' },
          chat: { id: req.json?.chat_id, type: 'private' },
          date: Math.floor(Date.now() / 1000),
          text: req.json?.text,
        },
      },
    };
  });
}

/**
 * OpenAI Chat Completions `POST /chat/completions`: answers with `reply(req)` (default: echoes
 * the last user message as "You said: …").
 */
export function fakeOpenAI(
  reply: (messages: Array<{ role: string; content: string }>) => string = defaultReply,
): RecordingServer {
  return new RecordingServer((req) => ({
    status: 200,
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: req.json?.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply(req.json?.messages ?? []) },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    },
  }));
}

function defaultReply(messages: Array<{ role: string; content: string }>): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return `You said: ${last?.content ?? ''}`;
}
