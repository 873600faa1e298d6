import { randomBytes } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

const SEND_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

/** A Twilio REST error body (twilio-node `RestException`: `code`, `message`, `more_info`, `status`). */
function restError(status: number, code: number, message: string): EmulatorResponse {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

/** The Typing Indicators resource (Twilio docs, "WhatsApp > Typing Indicators resource"). */
const TYPING_PATH = '/v2/Indicators/Typing.json';

/**
 * A typing indicator: Basic auth of an account (`AC…`), form with `channel=whatsapp` and a message
 * SID as `messageId` → 200 `{success: true}`. No Basic auth → 401 code 20003; another channel, or a
 * `messageId` that is not a Message SID → 400 code 20001 ("Invalid parameter").
 */
function typing(req: EmulatorRequest): EmulatorResponse {
  if (!basicUser(req.headers.authorization)?.startsWith('AC')) return restError(401, 20003, 'Authenticate');
  const form = (req.body ?? {}) as Record<string, unknown>;
  if (form.channel !== 'whatsapp') return restError(400, 20001, 'Channel must be whatsapp');
  if (typeof form.messageId !== 'string' || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(form.messageId)) {
    return restError(400, 20001, 'messageId must be a Message SID');
  }
  return { status: 200, body: { success: true } };
}

/** The user name of a `Basic` authorization header, or undefined. */
function basicUser(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/**
 * The sandbox's stand-in for Twilio's Messages API (Twilio docs "Message resource", create):
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic auth whose user is
 * that AccountSid → 200 with a Message resource (`sid` `SM…`, `status: "queued"`; Twilio itself
 * answers 201). Basic auth missing or for another account → 401 code 20003 ("Authenticate"); a body
 * that is not a form or lacks `To` → 400 code 21604 ("A 'To' phone number is required"); without
 * `Body` → 400 code 21602 ("Message body is required"); other paths or methods → 404 code 20404.
 * `To`, `From` and `Body` are echoed as `to`, `from` and `body`.
 */
export function emulateTwilio(req: EmulatorRequest): EmulatorResponse {
  if (req.method.toUpperCase() === 'POST' && req.path.split('?')[0] === TYPING_PATH) return typing(req);
  const account = SEND_PATH.exec(req.path.split('?')[0]!)?.[1];
  if (req.method.toUpperCase() !== 'POST' || !account) {
    return restError(404, 20404, `The requested resource ${req.path} was not found`);
  }
  if (basicUser(req.headers.authorization) !== account) return restError(401, 20003, 'Authenticate');
  const form = (req.body ?? {}) as Record<string, unknown>;
  const field = (name: string) => (typeof form[name] === 'string' && form[name] !== '' ? form[name] : null);
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '') || !field('To')) {
    return restError(400, 21604, "A 'To' phone number is required.");
  }
  if (!field('Body')) return restError(400, 21602, 'Message body is required.');
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return {
    status: 200,
    body: {
      account_sid: account,
      api_version: '2010-04-01',
      body: field('Body'),
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: field('From'),
      num_media: '0',
      num_segments: '1',
      sid,
      status: 'queued',
      to: field('To'),
      uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
    },
  };
}
