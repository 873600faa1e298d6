/**
 * Reading how long a server asked us to wait, and lenient JSON parsing of answers.
 */

/** `text` parsed as JSON, or undefined when it is empty or not JSON. */
export function parseJsonLenient(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The wait the headers ask for, in milliseconds: `retry-after-ms` (OpenAI's extension), else
 * `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date, the latter relative to `now`,
 * never negative). Undefined when absent or unparsable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const v = headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait a JSON error body asks for, in milliseconds: `retry_after` in seconds at the top level
 * (Discord, Slack-style APIs) or under `parameters` (Telegram Bot API `ResponseParameters`).
 * Undefined when absent or not a non-negative number.
 */
export function bodyRetryAfterMs(json: unknown): number | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const j = json as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
  const secs = j.retry_after ?? j.parameters?.retry_after;
  return typeof secs === 'number' && Number.isFinite(secs) && secs >= 0 ? secs * 1000 : undefined;
}
