import type { Readable } from 'node:stream';
import { OmnifyError } from '../kernel/errors/catalog.ts';
import { httpError } from '../kernel/http-client/client.ts';
import { parseJsonLenient } from '../kernel/http-client/retry-after.ts';
import type { MediaDownload, SendContext } from './contract/channel-adapter.ts';

/*
 * The one way adapters fetch a media file's bytes (`ChannelAdapter.downloadMedia`): a streamed GET
 * through the channel's client (SSRF guard, sandbox), redirects followed by hand and checked again,
 * credentials kept to the hosts that may see them, failures classified like sends.
 */

/** Most bytes of an error answer read to describe it. */
const ERROR_BODY_BYTES = 64 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** How one platform's media request is made and its failures described. */
export interface MediaFetchOptions {
  /** Names the remote in error messages (`Slack files`), no secrets. */
  label: string;
  /** Headers of the request (credentials): sent to `url` and to redirects on the same origin only. */
  headers?: Record<string, string>;
  /** Secret values kept out of error messages. */
  secrets: readonly unknown[];
  /** Most redirects followed (Twilio's media URLs answer 307 to their CDN); default 0: a 3xx is an error. */
  maxRedirects?: number;
  /** The platform's code and text in an error answer's JSON (Graph `error.code`), when it has its own shape. */
  describe?: (json: unknown) => { platformCode?: string; platformMessage?: string };
}

/**
 * True when `url`'s host is `apiBaseUrl`'s (the configured API, a test server, the sandbox) or
 * ends with one of `hostSuffixes` (`.slack.com`), over https. Credentials go only to such hosts: a
 * URL in a payload is the platform's only as long as the payload's signing secret is safe.
 */
export function mayCarryCredentials(
  url: string,
  apiBaseUrl: string,
  hostSuffixes: readonly string[],
): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (apiBaseUrl && URL.canParse(apiBaseUrl) && u.origin === new URL(apiBaseUrl).origin) return true;
  const host = u.hostname.toLowerCase();
  return u.protocol === 'https:' && hostSuffixes.some((s) => host === s || host.endsWith(`.${s}`));
}

/** `OMNIFY_ERR_MEDIA_UNAVAILABLE` with `reason` (no secrets in it). */
export function mediaUnavailable(reason: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_MEDIA_UNAVAILABLE', `This media cannot be downloaded: ${reason}.`);
}

/** Closes a body left unread; undici then errors it with an abort, which nobody needs to hear. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** At most `max` bytes of a stream as text; destroys the stream. Never throws. */
async function readSome(body: Readable, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of body) {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c);
      chunks.push(b);
      n += b.length;
      if (n >= max) break;
    }
  } catch {
    // A broken error body still gets described by its status.
  } finally {
    discard(body);
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/**
 * GETs a media file as a stream, following up to `maxRedirects` redirects (each one a new call
 * through `ctx.http`, so checked by the SSRF guard again; credentials dropped when the origin
 * changes). The whole chain shares one deadline of `ctx.timeoutMs`.
 *
 * @returns the file's body, `Content-Type` and `Content-Length` (bytes) when sent.
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` for a URL that is not http(s);
 *   `OMNIFY_ERR_PLATFORM_REJECTED` / `_TRANSIENT` / `_RATE_LIMITED` for a non-2xx answer (as
 *   `httpError`; a redirect past the limit, or without `Location`, is rejected) and network errors.
 */
export async function fetchMedia(
  ctx: SendContext,
  url: string,
  o: MediaFetchOptions,
): Promise<MediaDownload> {
  const deadline = Date.now() + ctx.timeoutMs;
  let target = url;
  let headers = o.headers ?? {};
  for (let hop = 0; ; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      throw mediaUnavailable('its URL is not a valid URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw mediaUnavailable('its URL is not an http(s) URL');
    }
    const res = await ctx.http.stream({
      method: 'GET',
      url: target,
      headers,
      timeoutMs: Math.max(1, deadline - Date.now()),
      secrets: o.secrets,
      label: o.label,
    });
    if (res.status >= 200 && res.status < 300) {
      const length = Number(res.headers.get('content-length') ?? Number.NaN);
      const type = res.headers.get('content-type') ?? undefined;
      return {
        body: res.body,
        ...(type ? { contentType: type } : {}),
        ...(Number.isSafeInteger(length) && length >= 0 ? { size: length } : {}),
      };
    }
    const location = res.headers.get('location');
    if (REDIRECTS.has(res.status) && location && hop < (o.maxRedirects ?? 0)) {
      discard(res.body);
      const next = new URL(location, target);
      if (next.origin !== parsed.origin) headers = {};
      target = next.toString();
      continue;
    }
    const text = await readSome(res.body, ERROR_BODY_BYTES);
    const described = o.describe?.(parseJsonLenient(text)) ?? {};
    throw httpError(res, {
      label: o.label,
      platformCode: described.platformCode,
      platformMessage: described.platformMessage ?? (text.trim().slice(0, 300) || undefined),
      secrets: o.secrets,
      note: REDIRECTS.has(res.status) ? ' (a redirect not followed)' : undefined,
    });
  }
}
