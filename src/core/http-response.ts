/**
 * Small readers of HTTP answers shared by the platform adapters and the agents.
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
 * The wait an answer asks for, in milliseconds: `retry-after-ms` (OpenAI's extension), else
 * `Retry-After` (RFC 9110 §10.2.3: seconds or an HTTP date). Undefined when absent or unparsable.
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
