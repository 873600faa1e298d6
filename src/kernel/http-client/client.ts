import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, buildConnector, type Dispatcher, request } from 'undici';
import { type ErrorCode, type ErrorDetails, OmnifyError } from '../errors/catalog.ts';
import { redact } from './redact.ts';
import { bodyRetryAfterMs, parseJsonLenient, retryAfterMs } from './retry-after.ts';
import { firstRefused, guardedLookup, type LookupFunction, PrivateAddressError } from './ssrf.ts';

/** Which catalog codes a call's failures get: a platform API's or an agent endpoint's. */
export type ErrorFamily = 'platform' | 'agent';

/** One outbound call. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Extra headers; `content-type` is set from the body kind unless given here. */
  headers?: Record<string, string>;
  /**
   * The body: `URLSearchParams` → form (`application/x-www-form-urlencoded`), `Buffer` or string →
   * sent byte for byte (JSON content type), any other value → `JSON.stringify`. Undefined → no body.
   */
  body?: unknown;
  /** Abort after this many milliseconds (the whole call, body included). */
  timeoutMs: number;
  /** The caller's cancellation; when it fires the call rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Secret values to keep out of error messages (on top of the shapes `redact` knows). */
  secrets?: readonly unknown[];
  /** Catalog codes of failures; default `platform`. */
  errors?: ErrorFamily;
  /** Names the remote in error messages, e.g. `Telegram Bot API` (no secrets). */
  label?: string;
}

/** An answer of any status: redirects are never followed (a 3xx is an answer like the others). */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** `text` parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  /** The wait the answer asks for, ms: `retry-after-ms`/`Retry-After` header, else body `retry_after` (s). */
  retryAfterMs: number | undefined;
}

/**
 * An answer whose body is left to the caller as a byte stream (`HttpClient.stream`: media
 * downloads). Redirects are not followed. The body stays under the call's `timeoutMs` and `signal`:
 * it errors when either fires. Destroy it when done with it early (that closes the connection).
 */
export interface HttpStreamResponse {
  status: number;
  headers: Headers;
  body: Readable;
  /** As `HttpResponse.retryAfterMs`, from the headers only (the body is not read). */
  retryAfterMs: number | undefined;
}

/** What a transport receives: the request with its body already serialised. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  signal: AbortSignal;
  /** The caller wants the answer's body as a stream (`TransportResponse.body`), not as text. */
  stream?: boolean;
}

/** What a transport answers. */
export interface TransportResponse {
  status: number;
  headers: Headers;
  /** The body as text ('' when `body` is given). */
  text: string;
  /** The body as bytes, when the request asked for a stream (else read from `text`). */
  body?: Readable;
}

/** Carries a request somewhere: the network (undici) or an in-process stand-in (the sandbox). */
export type HttpTransport = (req: TransportRequest) => Promise<TransportResponse>;

/** The one outbound HTTP client. */
export interface HttpClient {
  /**
   * Makes one call and returns the answer whatever its status (classify it with `httpError` or the
   * platform's own codes).
   *
   * @throws the caller's `signal.reason` when `signal` aborted the call (a cancellation is the caller's).
   * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` / `OMNIFY_ERR_AGENT_REJECTED` (permanent,
   *   `platformCode: 'private_address'`) when the host is or resolves to a non-public address and
   *   private URLs are not allowed; `OMNIFY_ERR_PLATFORM_TRANSIENT` / `OMNIFY_ERR_AGENT_FAILED`
   *   (retryable, `platformCode` = the system error code such as `ECONNREFUSED`, or `TimeoutError`)
   *   on network errors and after `timeoutMs`. Messages are redacted.
   */
  request(req: HttpRequest): Promise<HttpResponse>;
  /**
   * The same call, answered before its body is read: the body is a byte stream (binary files,
   * large answers). Throws as {@link request} for failures before the answer's head arrives.
   */
  stream(req: HttpRequest): Promise<HttpStreamResponse>;
}

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
  /** Allow hosts on private, loopback, link-local … addresses (`OMNIFY_ALLOW_PRIVATE_URLS`). */
  allowPrivateUrls: boolean;
  /** DNS lookup used before connecting (tests inject one); default `dns.lookup`. */
  lookup?: LookupFunction;
  /** Replaces the network (the sandbox's in-process emulator). */
  transport?: HttpTransport;
}

const CODES: Record<ErrorFamily, { retry: ErrorCode; slowDown: ErrorCode; refuse: ErrorCode }> = {
  platform: {
    retry: 'OMNIFY_ERR_PLATFORM_TRANSIENT',
    slowDown: 'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
    refuse: 'OMNIFY_ERR_PLATFORM_REJECTED',
  },
  agent: {
    retry: 'OMNIFY_ERR_AGENT_FAILED',
    slowDown: 'OMNIFY_ERR_AGENT_FAILED',
    refuse: 'OMNIFY_ERR_AGENT_REJECTED',
  },
};

/**
 * The catalog code of a non-2xx status: 429 → rate limited (agents: failed); 408, and ≥ 500 →
 * transient (agents also 409) — all `operational`, retried; any other status (3xx, 4xx) → rejected
 * (`permanent`). Undefined for 2xx.
 */
export function statusErrorCode(status: number, family: ErrorFamily = 'platform'): ErrorCode | undefined {
  if (status >= 200 && status < 300) return undefined;
  const c = CODES[family];
  if (status === 429) return c.slowDown;
  if (status === 408 || status >= 500 || (family === 'agent' && status === 409)) return c.retry;
  return c.refuse;
}

/**
 * The `OmnifyError` for a non-2xx answer, classified by `statusErrorCode`. Details: `platformCode`
 * (given, else the status), `platformMessage` (given, redacted, cut to 500 characters), `httpStatus`,
 * and `retryAfterMs` (the answer's wait) when the error is retryable.
 */
export function httpError(
  res: Pick<HttpResponse, 'status' | 'retryAfterMs'>,
  options: {
    family?: ErrorFamily;
    label: string;
    platformCode?: string;
    platformMessage?: string;
    secrets?: readonly unknown[];
    note?: string;
  },
): OmnifyError {
  const code = statusErrorCode(res.status, options.family) ?? CODES[options.family ?? 'platform'].retry;
  const platformMessage =
    options.platformMessage === undefined
      ? undefined
      : redact(options.platformMessage, options.secrets).slice(0, 500);
  const platformCode =
    options.platformCode === undefined ? String(res.status) : redact(options.platformCode, options.secrets);
  const retryable = code !== CODES[options.family ?? 'platform'].refuse;
  const details: ErrorDetails = {
    platformCode,
    ...(platformMessage ? { platformMessage } : {}),
    ...(retryable && res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}),
    httpStatus: res.status,
  };
  const message = `The ${options.label} answered HTTP ${res.status}${options.note ?? ''}${platformMessage ? `: ${platformMessage}` : ''}`;
  return new OmnifyError(code, message, details);
}

function serialise(req: HttpRequest): { body: Buffer | undefined; type: string | undefined } {
  const b = req.body;
  if (b === undefined) return { body: undefined, type: undefined };
  if (b instanceof URLSearchParams)
    return { body: Buffer.from(b.toString()), type: 'application/x-www-form-urlencoded' };
  if (Buffer.isBuffer(b)) return { body: b, type: 'application/json' };
  if (typeof b === 'string') return { body: Buffer.from(b, 'utf8'), type: 'application/json' };
  return { body: Buffer.from(JSON.stringify(b), 'utf8'), type: 'application/json' };
}

/** The undici dispatcher: with the SSRF guard on every connection unless private URLs are allowed. */
function dispatcherFor(options: HttpClientOptions): Dispatcher {
  if (options.allowPrivateUrls) return new Agent();
  const base = buildConnector({ lookup: guardedLookup(options.lookup) } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, callback) => {
    // Node skips `lookup` for IP hosts: check them here.
    const bare = opts.hostname.replace(/^\[|\]$/g, '');
    const refused = isIP(bare) ? firstRefused([bare]) : undefined;
    if (refused) return callback(new PrivateAddressError(opts.hostname, refused), null);
    return base(opts, callback);
  };
  return new Agent({ connect });
}

function undiciTransport(dispatcher: Dispatcher): HttpTransport {
  return async (req) => {
    const res = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      dispatcher,
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
    }
    if (req.stream) return { status: res.statusCode, headers, text: '', body: res.body };
    return { status: res.statusCode, headers, text: await res.body.text() };
  };
}

function privateRefusal(e: unknown): PrivateAddressError | undefined {
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    if (c instanceof PrivateAddressError) return c;
  }
  return undefined;
}

function failureCode(e: unknown): string {
  const err = e as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof err?.code === 'string' && !err.code.startsWith('UND_ERR_ABORT')) return err.code;
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  return typeof err?.name === 'string' ? err.name : 'network_error';
}

/**
 * Builds the outbound client: undici with per-call timeouts, no redirects, the SSRF guard (unless
 * `allowPrivateUrls`), answers parsed leniently with the wait they ask for, failures mapped to the
 * error catalog with secrets redacted. Create one per policy and reuse it (it pools connections).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  let transport = options.transport;
  /** One call up to the answer's head; the body is a stream when `stream`, else text. */
  const call = async (req: HttpRequest, stream: boolean): Promise<TransportResponse> => {
    req.signal?.throwIfAborted();
    const family = req.errors ?? 'platform';
    const label = req.label ?? (family === 'agent' ? 'agent endpoint' : 'platform API');
    const { body, type } = serialise(req);
    const headers: Record<string, string> = {
      accept: stream ? '*/*' : 'application/json',
      ...(type ? { 'content-type': type } : {}),
      ...req.headers,
    };
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    transport ??= undiciTransport(dispatcherFor(options));
    try {
      return await transport({ method: req.method, url: req.url, headers, body, signal, stream });
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason;
      const refused = privateRefusal(e);
      if (refused) {
        throw new OmnifyError(CODES[family].refuse, `Refused to call the ${label}: ${refused.message}`, {
          platformCode: 'private_address',
          platformMessage: refused.message,
        });
      }
      const reason = timeout.aborted
        ? `no answer within ${req.timeoutMs} ms`
        : redact(e instanceof Error ? e.message : String(e), req.secrets);
      throw new OmnifyError(CODES[family].retry, `Network error calling the ${label}: ${reason}`, {
        platformCode: timeout.aborted ? 'TimeoutError' : failureCode(e),
      });
    }
  };
  return {
    async request(req) {
      const res = await call(req, false);
      const json = parseJsonLenient(res.text);
      const wait = retryAfterMs(res.headers) ?? bodyRetryAfterMs(json);
      return { status: res.status, headers: res.headers, text: res.text, json, retryAfterMs: wait };
    },
    async stream(req) {
      const res = await call(req, true);
      const body = res.body ?? Readable.from([Buffer.from(res.text, 'utf8')]);
      return { status: res.status, headers: res.headers, body, retryAfterMs: retryAfterMs(res.headers) };
    },
  };
}

const shared = new Map<boolean, HttpClient>();

/**
 * The process's outbound client for a config (`allowPrivateUrls` from `OMNIFY_ALLOW_PRIVATE_URLS`),
 * created once per policy.
 */
export function outboundHttp(config: { allowPrivateUrls: boolean }): HttpClient {
  let client = shared.get(config.allowPrivateUrls);
  if (!client) {
    client = createHttpClient({ allowPrivateUrls: config.allowPrivateUrls });
    shared.set(config.allowPrivateUrls, client);
  }
  return client;
}
