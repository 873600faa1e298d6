import { Readable } from 'node:stream';
import { createHttpClient, type HttpClient, type HttpTransport } from '../../kernel/http-client/client.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import { parseJsonLenient } from '../../kernel/http-client/retry-after.ts';
import type { Platform } from '../contract/message.ts';
import { emulateDiscord } from './discord.emulator.ts';
import { emulateMediaDownload } from './media.emulator.ts';
import { emulateMessenger } from './messenger.emulator.ts';
import { emulateRespondio } from './respondio.emulator.ts';
import { emulateSlack } from './slack.emulator.ts';
import { emulateTeams } from './teams.emulator.ts';
import { emulateTelegram } from './telegram.emulator.ts';
import { emulateTwilio } from './twilio.emulator.ts';
import type { Emulator, EmulatorResponse } from './types.ts';
import { emulateWebhook } from './webhook.emulator.ts';
import { emulateWhatsApp } from './whatsapp.emulator.ts';

/**
 * The base URL a sandbox channel's adapter builds its request URLs on. Nothing is ever sent there:
 * the sandbox transport hands each request to the platform's emulator in-process (`.invalid` is
 * reserved by RFC 2606, so even a mistake could not reach a real host).
 */
export const SANDBOX_BASE_URL = 'https://sandbox.omnify.invalid';

const EMULATORS: Partial<Record<Platform, Emulator>> = {
  whatsapp: emulateWhatsApp,
  telegram: emulateTelegram,
  twilio: emulateTwilio,
  slack: emulateSlack,
  messenger: emulateMessenger,
  instagram: emulateMessenger,
  discord: emulateDiscord,
  teams: emulateTeams,
  respondio: emulateRespondio,
  webhook: emulateWebhook,
};

/** The emulator of `platform`'s send API, or undefined when the platform has none. */
export function emulatorFor(platform: Platform): Emulator | undefined {
  return EMULATORS[platform];
}

/** What the sandbox keeps of one request: secrets already redacted from path and body. */
export interface SandboxRecord {
  method: string;
  /** Path and query relative to the sandbox base URL, redacted. */
  path: string;
  /** The JSON body sent, redacted (null when none). */
  body: unknown;
  response: EmulatorResponse;
}

/**
 * A transport that answers every request with `platform`'s emulator, in-process, and passes a
 * redacted record of it to `record` (awaited before the answer is returned, so a failed record fails
 * the send). `secrets` (the channel's secret config values) are redacted on top of the shapes
 * `redact` knows. A platform without an emulator answers 501.
 */
export function sandboxTransport(
  platform: Platform,
  record: (r: SandboxRecord) => Promise<void>,
  secrets: readonly unknown[] = [],
): HttpTransport {
  const emulate = emulatorFor(platform);
  return async (req) => {
    const url = new URL(req.url);
    const path = `${url.pathname}${url.search}` || '/';
    const body = req.body ? readBody(req.body.toString('utf8'), req.headers['content-type']) : undefined;
    const asked = { method: req.method, path, headers: req.headers, body };
    const response: EmulatorResponse =
      emulateMediaDownload(platform, asked) ??
      (emulate
        ? emulate(asked)
        : { status: 501, body: { error: `The sandbox has no emulator for ${platform}` } });
    const redactedBody = body === undefined ? null : JSON.parse(redact(JSON.stringify(body), secrets));
    const kept = { status: response.status, body: response.body };
    await record({ method: req.method, path: redact(path, secrets), body: redactedBody, response: kept });
    // A media file: its bytes (the record keeps only their type and length, in `body`).
    if (response.file) {
      const headers = new Headers({ 'content-type': response.file.contentType });
      headers.set('content-length', String(response.file.bytes.length));
      const bytes = response.file.bytes;
      return { status: response.status, headers, text: '', body: Readable.from([bytes]) };
    }
    return {
      status: response.status,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: JSON.stringify(response.body),
    };
  };
}

/** An `HttpClient` whose every call goes to `platform`'s emulator (see `sandboxTransport`). */
export function sandboxHttpClient(
  platform: Platform,
  record: (r: SandboxRecord) => Promise<void>,
  secrets: readonly unknown[] = [],
): HttpClient {
  // allowPrivateUrls is moot: the transport never opens a connection.
  return createHttpClient({
    allowPrivateUrls: false,
    transport: sandboxTransport(platform, record, secrets),
  });
}

/**
 * A request body as the emulators read it: a form (`application/x-www-form-urlencoded`, Twilio) as
 * an object of its fields (the last of a repeated name), anything else as lenient JSON.
 */
function readBody(text: string, contentType: string | undefined): unknown {
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return parseJsonLenient(text);
}
