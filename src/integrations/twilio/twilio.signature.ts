import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';

/** Header Twilio signs every webhook request with (lower-cased, as `WebhookRequest.headers` holds it). */
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * The parameters of a Twilio webhook: name → value, or the values in order when a name repeats.
 * Values are the decoded strings (`+` and `%XX` undone).
 */
export type TwilioParams = Record<string, string | string[]>;

/**
 * Decodes an `application/x-www-form-urlencoded` body (WHATWG URLSearchParams: `+` is a space,
 * invalid UTF-8 becomes U+FFFD). A name sent once maps to its string; a repeated name to the array
 * of its values in order. Keys are own properties (`__proto__` is an ordinary key). Never throws.
 */
export function decodeForm(raw: Buffer | string): TwilioParams {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(typeof raw === 'string' ? raw : raw.toString('utf8'))) {
    const values = grouped.get(k);
    if (values) values.push(v);
    else grouped.set(k, [v]);
  }
  return Object.fromEntries([...grouped].map(([k, vs]) => [k, vs.length === 1 ? vs[0]! : vs]));
}

/** True when `contentType` names a JSON body (`application/json`, `…+json`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return /^\s*application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '');
}

/** Lowercase hex SHA-256 of `body`: the `bodySHA256` query parameter Twilio adds for JSON bodies. */
export function bodySha256Hex(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Computes `X-Twilio-Signature` for a request to `url` carrying `params` (twilio-node
 * `getExpectedTwilioSignature`, docs "Webhooks security"): base64 HMAC-SHA1 keyed by the auth token
 * over the UTF-8 of `url` (taken as given) followed by, for each parameter name in
 * code-unit order, the name and its value — a repeated name once per distinct value, values sorted.
 * For a JSON body `params` is `{}` and `url` carries `bodySHA256`.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name]!;
    const values = Array.isArray(v) ? [...new Set(v)].sort() : [v];
    for (const value of values) data += name + value;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * `url` as Twilio may have signed it: as given, as WHATWG `URL` writes it with the port removed, and
 * with the scheme's default port written out when none is given (twilio-node `validateRequest`:
 * "signature generation on the back end is inconsistent"). Undefined when `url` is not a URL.
 */
export function signedUrlVariants(url: string): string[] | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const withPort = parsed.port
    ? parsed.toString()
    : `${parsed.protocol}//${parsed.username}${parsed.password ? `:${parsed.password}` : ''}${
        parsed.username || parsed.password ? '@' : ''
      }${parsed.host}${parsed.protocol === 'https:' ? ':443' : ':80'}${parsed.pathname}${parsed.search}${parsed.hash}`;
  parsed.port = '';
  return [...new Set([url, parsed.toString(), withPort])];
}

/** Constant-time equality of two strings of any length (both hashed first, so lengths do not leak). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

const invalid = (why: string) => new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', why);

/**
 * Verifies a Twilio webhook request (docs "Webhooks security"; algorithm of twilio-node
 * `validateRequest` / `validateRequestWithBody`). The signature covers `req.url` — the URL Twilio
 * called, which the webhook route fills from `PUBLIC_URL` or the request's scheme and Host — and:
 * - when the URL's query has `bodySHA256` (Twilio's JSON bodies): no parameters, and the body's
 *   SHA-256 must equal that value;
 * - otherwise the form parameters of the body (a JSON body without `bodySHA256` is refused: nothing
 *   would cover it).
 * The URL is tried with its port removed and with the default port added. Comparisons are constant-time.
 *
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when the header or the URL is missing, the body
 *   hash differs, or no URL variant gives the header's signature.
 */
export function verifyTwilioSignature(req: WebhookRequest, authToken: string): void {
  const given = req.headers[TWILIO_SIGNATURE_HEADER]?.trim();
  if (!given) throw invalid('Missing X-Twilio-Signature header.');
  const variants = req.url ? signedUrlVariants(req.url) : undefined;
  if (!variants) throw invalid('The URL Twilio called is unknown, so X-Twilio-Signature cannot be checked.');
  const bodyHash = new URL(req.url!).searchParams.get('bodySHA256');
  let params: TwilioParams = {};
  if (bodyHash !== null) {
    if (!safeEqual(bodySha256Hex(req.rawBody), bodyHash.toLowerCase())) {
      throw invalid('The body does not match the bodySHA256 of the signed URL.');
    }
  } else if (isJsonContentType(req.headers['content-type'])) {
    throw invalid('A JSON body must come with bodySHA256 in the signed URL.');
  } else {
    params = decodeForm(req.rawBody);
  }
  for (const url of variants) if (safeEqual(twilioSignature(authToken, url, params), given)) return;
  throw invalid('The X-Twilio-Signature signature does not match.');
}
