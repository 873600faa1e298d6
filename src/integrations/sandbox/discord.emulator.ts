import { field } from '../../kernel/http-client/json-field.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/** Sandbox bot user returned as `author` (Discord `User`). */
const SANDBOX_BOT = { id: '1000000000000000001', username: 'omnify-sandbox', bot: true } as const;

/** Discord's epoch (2015-01-01T00:00:00Z) in ms. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
let sequence = 0n;

/** A fresh snowflake: the current time in the top bits, a per-process counter in the low 12. */
function snowflake(now = Date.now()): string {
  sequence = (sequence + 1n) & 0xfffn;
  return (((BigInt(now) - DISCORD_EPOCH_MS) << 22n) | sequence).toString();
}

const error = (status: number, code: number, message: string): EmulatorResponse => ({
  status,
  body: { message, code },
});

const SEND_PATH = /^\/api\/v10\/channels\/(\d{1,20})\/messages$/;

/**
 * The sandbox's Discord REST API: `POST /api/v10/channels/{channel_id}/messages` with
 * `Authorization: Bot …` answers 200 with a message object (snowflake `id`, `channel_id`,
 * `content`, `author` the sandbox bot, ISO `timestamp`, `message_reference` echoed). Errors in
 * Discord's JSON shape (`{message, code}`, "Topics > Opcodes and Status Codes"): no bot
 * authorization → 401 `0` "401: Unauthorized"; empty `content` → 400 `50006` "Cannot send an
 * empty message"; content over 2000 characters → 400 `50035` "Invalid Form Body"; other paths → 404
 * `0` "404: Not Found".
 */
export function emulateDiscord(req: EmulatorRequest): EmulatorResponse {
  const match = SEND_PATH.exec(req.path.split('?')[0]);
  if (req.method.toUpperCase() !== 'POST' || !match) return error(404, 0, '404: Not Found');
  if (!/^Bot \S+/.test(req.headers.authorization ?? '')) return error(401, 0, '401: Unauthorized');
  const content = field(req.body, 'content');
  if (typeof content !== 'string' || content.trim() === '') {
    return error(400, 50006, 'Cannot send an empty message');
  }
  if (content.length > 2000) return error(400, 50035, 'Invalid Form Body');
  const reference = field(req.body, 'message_reference');
  return {
    status: 200,
    body: {
      id: snowflake(),
      type: reference ? 19 : 0,
      channel_id: match[1],
      content,
      author: SANDBOX_BOT,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      attachments: [],
      embeds: [],
      pinned: false,
      ...(reference ? { message_reference: reference } : {}),
    },
  };
}
