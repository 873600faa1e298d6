import { randomBytes } from 'node:crypto';
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
 * `{messaging_product, contacts:[{input, wa_id}], messages:[{id:'wamid.SANDBOX…'}]}`; anything else
 * answers a Graph-shaped 400 error with code 100 ("Invalid parameter").
 */
export function emulateWhatsApp(req: EmulatorRequest): EmulatorResponse {
  if (req.method.toUpperCase() !== 'POST' || !SEND_PATH.test(req.path)) {
    return invalidParameter(`Unsupported request ${req.method} ${req.path}`);
  }
  const b = req.body as Record<string, any> | undefined;
  if (!b || typeof b !== 'object' || b.messaging_product !== 'whatsapp') {
    return invalidParameter('messaging_product must be "whatsapp"');
  }
  if (typeof b.to !== 'string' || b.to === '') return invalidParameter('Parameter "to" is required');
  if (b.type !== 'text' || typeof b.text?.body !== 'string' || b.text.body === '') {
    return invalidParameter('Only text messages with a non-empty text.body are emulated');
  }
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: b.to, wa_id: b.to.replace(/^\+/, '') }],
      messages: [{ id: `wamid.SANDBOX${randomBytes(12).toString('hex').toUpperCase()}` }],
    },
  };
}
