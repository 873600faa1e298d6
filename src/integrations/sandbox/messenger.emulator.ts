import { randomBytes } from 'node:crypto';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

const SEND_PATH = /^\/v\d+\.\d+\/([^/?]+)\/messages(?:\?.*)?$/;
const MESSAGING_TYPES = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
const SENDER_ACTIONS = new Set(['typing_on', 'typing_off', 'mark_seen']);

function graphError(code: number, message: string, subcode?: number): EmulatorResponse {
  return {
    status: 400,
    body: {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(subcode !== undefined ? { error_subcode: subcode } : {}),
        fbtrace_id: `SANDBOX${randomBytes(8).toString('hex')}`,
      },
    },
  };
}

/**
 * Omnify's sandbox stand-in for the Messenger Platform Send API, used by Messenger and Instagram
 * channels (Meta docs, "Send API Reference"): `POST /v{major}.{minor}/{pageId|me}/messages` with
 * `recipient.id`, a non-empty `message.text` and a valid `messaging_type` (`MESSAGE_TAG` needs a
 * `tag`) answers 200 `{recipient_id, message_id: "m_SANDBOX…"}`; a sender action (`typing_on`,
 * `typing_off`, `mark_seen`) with `recipient.id` answers 200 `{recipient_id}`; anything else answers a
 * Graph-shaped 400 error with code 100 ("Invalid parameter").
 */
export function emulateMessenger(req: EmulatorRequest): EmulatorResponse {
  if (req.method.toUpperCase() !== 'POST' || !SEND_PATH.test(req.path)) {
    return graphError(100, `(#100) Unsupported request ${req.method} ${req.path}`);
  }
  const b = req.body;
  const recipient = stringField(b, 'recipient', 'id');
  if (!recipient) return graphError(100, '(#100) The parameter recipient is required');
  // Sender actions ("Sender Actions"): no message, no messaging_type; Meta answers the recipient.
  const action = field(b, 'sender_action');
  if (action !== undefined) {
    if (typeof action !== 'string' || !SENDER_ACTIONS.has(action)) {
      return graphError(100, '(#100) Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF}');
    }
    return { status: 200, body: { recipient_id: recipient } };
  }
  const type = stringField(b, 'messaging_type');
  if (!type || !MESSAGING_TYPES.has(type)) return graphError(100, '(#100) Invalid messaging_type');
  if (type === 'MESSAGE_TAG' && !stringField(b, 'tag')) return graphError(100, '(#100) Tag is required');
  const text = field(b, 'message', 'text');
  if (typeof text !== 'string' || text.trim() === '') {
    return graphError(100, '(#100) Only text messages with a non-empty message.text are emulated');
  }
  return {
    status: 200,
    body: { recipient_id: recipient, message_id: `m_SANDBOX${randomBytes(16).toString('base64url')}` },
  };
}
