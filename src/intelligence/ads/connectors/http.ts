import type { ApiResponse } from '../../../channels/http.ts';
import { parseJsonLenient } from '../../../core/http-response.ts';
import { OmnifyError } from '../../../errors/catalog.ts';

export type { ApiResponse } from '../../../channels/http.ts';

/** How one platform call is made: headers, a timeout in ms, and the caller's abort signal. */
export interface RequestOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * One HTTP call to a platform API (GET, or POST of a JSON body, or of a form when `body` is
 * `URLSearchParams`) with a timeout. Like
 * `channels/http.ts#postJson`, network errors and timeouts become `OMNIFY_ERR_PLATFORM_TRANSIENT`
 * and any HTTP answer is returned for the connector to classify; in addition the caller's `signal`
 * aborts the call, which then rejects with the signal's reason (a cancelled job is not a platform
 * failure). `redact` is removed from any error text (a token that may sit in a URL).
 */
export async function requestJson(
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  options: RequestOptions & { redact?: string },
): Promise<ApiResponse> {
  options.signal?.throwIfAborted();
  const form = body instanceof URLSearchParams;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': form ? FORM : 'application/json' }),
        ...options.headers,
      },
      body:
        body === undefined ? undefined : form ? (body as URLSearchParams).toString() : JSON.stringify(body),
      signal,
    });
    text = await res.text();
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason;
    const raw = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    const reason = options.redact ? raw.split(options.redact).join('[redacted]') : raw;
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
      `Network error calling the platform: ${reason}`,
      {},
      { cause: e },
    );
  }
  return { status: res.status, json: parseJsonLenient(text), text, headers: res.headers };
}

/**
 * The error for a 2xx answer whose body is not the documented shape (retryable, like the channel
 * adapters do for a success without an id).
 */
export function malformedAnswer(platform: string, status: number, what: string): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_PLATFORM_TRANSIENT',
    `${platform} answered HTTP ${status} but ${what}.`,
    {
      platformCode: String(status),
      platformMessage: what,
    },
  );
}
