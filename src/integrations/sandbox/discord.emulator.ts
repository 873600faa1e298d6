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
const TYPING_PATH = /^\/api\/v10\/channels\/\d{1,20}\/typing$/;

/**
 * The sandbox's Discord REST API: `POST /api/v10/channels/{channel_id}/messages` with
 * `Authorization: Bot …` answers 200 with a message object (snowflake `id`, `channel_id`,
 * `content`, `author` the sandbox bot, ISO `timestamp`, `message_reference` echoed). Errors in
 * Discord's JSON shape (`{message, code}`, "Topics > Opcodes and Status Codes"): no bot
 * authorization → 401 `0` "401: Unauthorized"; empty `content` → 400 `50006` "Cannot send an
 * empty message"; content over 2000 characters → 400 `50035` "Invalid Form Body"; other paths → 404
 * `0` "404: Not Found". `POST /api/v10/channels/{channel_id}/typing` answers 204 (401 without a bot
 * authorization).
 */
export function emulateDiscord(req: EmulatorRequest): EmulatorResponse {
  // Trigger Typing Indicator: 204 No Content (the sandbox transport sends the body as JSON `null`).
  if (req.method.toUpperCase() === 'POST' && TYPING_PATH.test(req.path.split('?')[0])) {
    if (!/^Bot \S+/.test(req.headers.authorization ?? '')) return error(401, 0, '401: Unauthorized');
    return { status: 204, body: null };
  }
  const answered = emulateInteractionWebhook(req) ?? emulateGatewayBot(req);
  if (answered) return answered;
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

const WEBHOOK_PATH = /^\/api\/v10\/webhooks\/(\d{1,20})\/([^/]+)(\/messages\/@original)?$/;

/**
 * Interaction webhooks ("Interactions > Receiving and Responding > Followup Messages"): `PATCH
 * /api/v10/webhooks/{application_id}/{token}/messages/@original` and `POST
 * /api/v10/webhooks/{application_id}/{token}` answer 200 with a message object (`webhook_id` and
 * `application_id` the application, author the sandbox bot). No authorization (the token is the
 * credential); the same content errors as Create Message. Undefined for other requests.
 */
function emulateInteractionWebhook(req: EmulatorRequest): EmulatorResponse | undefined {
  const m = WEBHOOK_PATH.exec(req.path.split('?')[0]);
  const method = req.method.toUpperCase();
  if (!m || (m[3] ? method !== 'PATCH' : method !== 'POST')) return undefined;
  const content = field(req.body, 'content');
  if (typeof content !== 'string' || content.trim() === '')
    return error(400, 50006, 'Cannot send an empty message');
  if (content.length > 2000) return error(400, 50035, 'Invalid Form Body');
  return {
    status: 200,
    body: {
      id: snowflake(),
      type: 20,
      channel_id: '1000000000000000002',
      content,
      author: SANDBOX_BOT,
      webhook_id: m[1],
      application_id: m[1],
      timestamp: new Date().toISOString(),
      edited_timestamp: m[3] ? new Date().toISOString() : null,
      flags: 0,
      mentions: [],
      attachments: [],
      embeds: [],
    },
  };
}

/**
 * `GET /api/v10/gateway/bot`: the sandbox has no Gateway, so a sandbox channel with `gateway: true`
 * is told so (404 `0`), which stops its receive loop with the reason. Undefined for other requests.
 */
function emulateGatewayBot(req: EmulatorRequest): EmulatorResponse | undefined {
  if (req.method.toUpperCase() !== 'GET' || req.path.split('?')[0] !== '/api/v10/gateway/bot')
    return undefined;
  return error(404, 0, 'The sandbox has no Discord Gateway: ordinary messages are not simulated');
}
