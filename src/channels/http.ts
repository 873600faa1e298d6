import { parseJsonLenient } from '../core/http-response.ts';
import { OmnifyError } from '../errors/catalog.ts';

/** A platform API answer: HTTP status, parsed JSON body (undefined when not JSON) and headers. */
export interface ApiResponse {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

/**
 * POSTs JSON to a platform API with a timeout. Network errors and timeouts become
 * `OMNIFY_ERR_PLATFORM_TRANSIENT` (retryable); any HTTP answer is returned for the adapter to
 * classify with the platform's own error codes.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs: number },
): Promise<ApiResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (e) {
    const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
      `Network error calling the platform: ${reason}`,
      {},
      { cause: e },
    );
  }
  const text = await res.text();
  return { status: res.status, json: parseJsonLenient(text), text, headers: res.headers };
}

export { retryAfterMs } from '../core/http-response.ts';
