import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { objectField } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import { retryAfterMs } from '../../kernel/http-client/retry-after.ts';

/**
 * Graph API codes that mean "slow down" (Meta docs, "Marketing API > Rate limiting" and "Graph API >
 * Rate limiting"): 4 app limit, 17 user limit, 32 page limit, 613 ad-account limit; 80000–80014 are
 * the Business Use Case limits (80000 ads_insights, 80004 ads_management, …).
 */
function isRateLimitCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80000 && code <= 80014);
}

/** Codes that mean "temporary failure, try again": 1 unknown error, 2 service unavailable / intermittent. */
const TRANSIENT_CODES = new Set([1, 2]);

/**
 * The wait Meta asks for, in ms: a `Retry-After` header when present, else the largest
 * `estimated_time_to_regain_access` (minutes) of the `X-Business-Use-Case-Usage` header
 * (`{"<business id>": [{type, call_count, total_cputime, total_time, estimated_time_to_regain_access}]}`),
 * else `reset_time_duration` (seconds) of `X-Ad-Account-Usage`. Undefined when none says.
 */
export function metaRetryAfterMs(headers: Headers): number | undefined {
  const header = retryAfterMs(headers);
  if (header !== undefined) return header;
  let minutes = 0;
  try {
    const buc = JSON.parse(headers.get('x-business-use-case-usage') ?? '{}') as Record<string, unknown>;
    for (const entries of Object.values(buc)) {
      if (!Array.isArray(entries)) continue;
      for (const e of entries) {
        const m = Number(e?.estimated_time_to_regain_access);
        if (Number.isFinite(m) && m > minutes) minutes = m;
      }
    }
  } catch {
    // An unparsable usage header is no instruction.
  }
  if (minutes > 0) return minutes * 60_000;
  try {
    const acc = JSON.parse(headers.get('x-ad-account-usage') ?? '{}') as { reset_time_duration?: unknown };
    const s = Number(acc.reset_time_duration);
    if (Number.isFinite(s) && s > 0) return s * 1000;
  } catch {
    // Same: ignore.
  }
  return undefined;
}

/**
 * Maps a failed Graph API answer (envelope `{error:{message,type,code,error_subcode,error_user_title,
 * error_user_msg,fbtrace_id}}`, Meta docs "Graph API > Handling errors") to an `OmnifyError`:
 * HTTP 429 or a rate-limit code → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (with `retryAfterMs` per
 * `metaRetryAfterMs`); HTTP ≥ 500, 408, a non-error status, or codes 1/2 →
 * `OMNIFY_ERR_PLATFORM_TRANSIENT`; any other (190 invalid token, 200–299 permissions, 100 invalid
 * parameter, 803 unknown object…) → `OMNIFY_ERR_PLATFORM_REJECTED`. `details` carry `platformCode`
 * (the numeric code as a string, else the HTTP status), `platformMessage` (token redacted),
 * `platformSubcode` and `fbtraceId` when present.
 */
export function classifyMetaError(res: HttpResponse, accessToken: string): OmnifyError {
  const err = objectField(res.json, 'error');
  const code = typeof err.code === 'number' ? err.code : undefined;
  const parts = [err.message, err.error_user_msg].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  const platformMessage = redact(parts.join(': ') || `HTTP ${res.status}`, [accessToken]);
  const platformCode = code !== undefined ? String(code) : String(res.status);
  const extra = {
    ...(typeof err.error_subcode === 'number' ? { platformSubcode: String(err.error_subcode) } : {}),
    ...(typeof err.fbtrace_id === 'string' ? { fbtraceId: err.fbtrace_id } : {}),
  };
  const summary = `Meta Marketing API answered HTTP ${res.status} (code ${platformCode}): ${platformMessage}`;
  if (res.status === 429 || (code !== undefined && isRateLimitCode(code))) {
    const wait = metaRetryAfterMs(res.headers);
    return new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', summary, {
      platformCode,
      platformMessage,
      ...extra,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (
    res.status >= 500 ||
    res.status < 400 ||
    res.status === 408 ||
    (code !== undefined && TRANSIENT_CODES.has(code))
  ) {
    return new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', summary, {
      platformCode,
      platformMessage,
      ...extra,
    });
  }
  return new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', summary, {
    platformCode,
    platformMessage,
    ...extra,
  });
}
