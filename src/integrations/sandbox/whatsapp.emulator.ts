import { randomBytes } from 'node:crypto';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

const SEND_PATH = /^\/([^/?]+)\/messages(?:\?.*)?$/;

function invalidParameter(details: string): EmulatorResponse {
  return {
    status: 400,
    body: {
      error: {
        message: '(#100) Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: `SANDBOX${randomBytes(8).toString('hex')}`,
      },
    },
  };
}

/**
 * Omnify's sandbox stand-in for the Cloud API send endpoint (Meta docs, "Messages > Text messages"):
 * `POST /{phoneNumberId}/messages` with a text body answers 200
 * `{messaging_product, contacts:[{input, wa_id}], messages:[{id:'wamid.SANDBOX…'}]}`; a read receipt or
 * typing indicator (`status: "read"` with a `message_id`) answers `{success: true}`; anything else
 * answers a Graph-shaped 400 error with code 100 ("Invalid parameter").
 */
export function emulateWhatsApp(req: EmulatorRequest): EmulatorResponse {
  if (req.method.toUpperCase() !== 'POST' || !SEND_PATH.test(req.path)) {
    return invalidParameter(`Unsupported request ${req.method} ${req.path}`);
  }
  const b = req.body;
  if (field(b, 'messaging_product') !== 'whatsapp') {
    return invalidParameter('messaging_product must be "whatsapp"');
  }
  // Mark as read, with or without the typing indicator ("Mark messages as read", "Typing indicators").
  if (field(b, 'status') === 'read') {
    if (!stringField(b, 'message_id')) return invalidParameter('Parameter "message_id" is required');
    return { status: 200, body: { success: true } };
  }
  const to = stringField(b, 'to');
  if (!to) return invalidParameter('Parameter "to" is required');
  if (field(b, 'type') !== 'text' || !stringField(b, 'text', 'body')) {
    return invalidParameter('Only text messages with a non-empty text.body are emulated');
  }
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
      messages: [{ id: `wamid.SANDBOX${randomBytes(12).toString('hex').toUpperCase()}` }],
    },
  };
}
