import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/** Sandbox bot identity returned as `result.from` (Bot API `User`). */
const SANDBOX_BOT = { id: 1, is_bot: true, first_name: 'Omnify Sandbox Bot' } as const;

/** Message ids the emulator hands out, increasing per process (real ids increase per chat). */
let nextMessageId = 1;

const fail = (status: number, description: string) => ({
  status,
  body: { ok: false, error_code: status, description },
});

/**
 * The sandbox's Bot API: answers `POST /bot<token>/answerCallbackQuery` (`{ok: true, result: true}`,
 * 400 without a `callback_query_id`), `POST /bot<token>/sendChatAction` (`{ok: true, result: true}`,
 * 400 without `chat_id` or `action`) and `POST /bot<token>/sendMessage` in the real envelope (Bot API
 * "Making requests" and `sendMessage`): `{ok: true, result: Message}` with an increasing
 * `message_id`, `date` in unix seconds and the private chat `chat_id` names (numeric ids stay
 * numbers, as Telegram returns them). Missing `chat_id` → 400 "Bad Request: chat not found"; missing
 * or empty `text` → 400 "Bad Request: message text is empty"; any other path or method → 404
 * "Not Found" (what the real API answers for unknown methods).
 */
export function emulateTelegram(req: EmulatorRequest): EmulatorResponse {
  const path = req.path.split('?')[0];
  const match = /^\/bot[^/]+\/([A-Za-z]+)$/.exec(path);
  const method = match?.[1].toLowerCase();
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  if (method === 'answercallbackquery') {
    return typeof body.callback_query_id === 'string' && body.callback_query_id !== ''
      ? { status: 200, body: { ok: true, result: true } }
      : fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
  }
  if (method === 'sendchataction') {
    const chat = body.chat_id;
    if ((typeof chat !== 'string' && typeof chat !== 'number') || chat === '') {
      return fail(400, 'Bad Request: chat not found');
    }
    return typeof body.action === 'string' && body.action !== ''
      ? { status: 200, body: { ok: true, result: true } }
      : fail(400, 'Bad Request: wrong parameter action in request');
  }
  if (method !== 'sendmessage') return fail(404, 'Not Found');
  const chatId = body.chat_id;
  if ((typeof chatId !== 'string' && typeof chatId !== 'number') || chatId === '') {
    return fail(400, 'Bad Request: chat not found');
  }
  if (typeof body.text !== 'string' || body.text.trim() === '') {
    return fail(400, 'Bad Request: message text is empty');
  }
  const id = typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
  return {
    status: 200,
    body: {
      ok: true,
      result: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id, type: 'private' },
        from: SANDBOX_BOT,
        text: body.text,
      },
    },
  };
}
