import { field } from '../../kernel/http-client/json-field.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/** Developer API send path: `/contact/{identifier}/message`, identifier `id:…`, `email:…` or `phone:…`. */
const SEND_PATH = /^\/contact\/((?:id|email|phone)(?::|%3A)[^/]+)\/message$/i;
const CUSTOM_PATH = '/custom/channel/webhook/';

/** Sequence of the message ids the emulator hands out (unique per process). */
let sequence = 0;

/** A Developer API error body (`{code, message}`, the status repeated as `code`). */
const apiError = (status: number, message: string): EmulatorResponse => ({
  status,
  body: { code: status, message },
});

const bearer = (req: EmulatorRequest) => /^Bearer \S+/.test(req.headers.authorization ?? '');
const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** `POST /contact/{identifier}/message` with `{channelId?, message: {type: "text", text}}` → `{messageId}`. */
function sendMessage(req: EmulatorRequest): EmulatorResponse {
  if (!bearer(req)) return apiError(401, 'Unauthorized.');
  const type = field(req.body, 'message', 'type');
  const channelId = field(req.body, 'channelId');
  if (type !== 'text' || !nonEmpty(field(req.body, 'message', 'text'))) {
    return apiError(400, 'Validation error.');
  }
  if (channelId !== undefined && (typeof channelId !== 'number' || !Number.isInteger(channelId))) {
    return apiError(400, 'Validation error.');
  }
  sequence += 1;
  return { status: 200, body: { messageId: 1_700_000_000_000 + sequence } };
}

/** `POST /custom/channel/webhook/` with `{channelId, contactId, events: [{type, mId, timestamp, message}]}`. */
function customChannel(req: EmulatorRequest): EmulatorResponse {
  if (!bearer(req)) return { status: 401, body: { error: { message: 'Unauthorized' } } };
  const events = field(req.body, 'events');
  const ok =
    nonEmpty(field(req.body, 'channelId')) &&
    nonEmpty(field(req.body, 'contactId')) &&
    Array.isArray(events) &&
    events.length > 0 &&
    events.every((e) => nonEmpty(field(e, 'mId')) && typeof field(e, 'timestamp') === 'number');
  if (!ok) return { status: 400, body: { error: { message: 'Validation error.' } } };
  return { status: 200, body: {} };
}

/**
 * The sandbox's respond.io: the Developer API v2 send (`POST /contact/{identifier}/message`, Bearer
 * token required → 401 `{code, message}`; a body that is not a text message or a non-integer
 * `channelId` → 400 "Validation error."; else 200 `{messageId}` with a fresh numeric id), and the
 * Custom Channel webhook (`POST /custom/channel/webhook/`, Bearer token required; `channelId`,
 * `contactId` and events with `mId` and a numeric `timestamp` required → 400 `{error: {message}}`;
 * else 200 `{}`). Shapes as respond.io documents them (docs.respond.io Developer API; help.respond.io
 * Custom Channel Quick Start). Anything else → 404.
 */
export function emulateRespondio(req: EmulatorRequest): EmulatorResponse {
  const path = req.path.split('?')[0]!;
  if (req.method.toUpperCase() === 'POST' && SEND_PATH.test(path)) return sendMessage(req);
  if (req.method.toUpperCase() === 'POST' && path === CUSTOM_PATH) return customChannel(req);
  return apiError(404, 'Not found.');
}
