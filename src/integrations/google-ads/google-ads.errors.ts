import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { retryAfterMs } from '../../kernel/http-client/retry-after.ts';

/**
 * One error of a `GoogleAdsFailure` (Google Ads API reference, "GoogleAdsError"): `errorCode` is a
 * one-key object naming the error family and value, e.g. `{ quotaError: 'RESOURCE_EXHAUSTED' }`.
 */
export interface GoogleAdsError {
  errorCode?: Record<string, string>;
  message?: string;
  details?: { quotaErrorDetails?: { rateScope?: string; rateName?: string; retryDelay?: string } };
}

/**
 * The `google.rpc.Status` error body of the Google Ads REST interface: `{error:{code, message,
 * status, details:[{'@type': '…/google.ads.googleads.vN.errors.GoogleAdsFailure', errors, requestId}]}}`.
 * `searchStream` wraps it in an array (`[{error:…}]`), also mid-stream after some result batches.
 */
export interface GoogleRpcStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; errors?: GoogleAdsError[]; requestId?: string }>;
}

const TRANSIENT_STATUSES = new Set(['INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'ABORTED', 'UNKNOWN']);
const QUOTA_RATE_VALUES = new Set([
  'RESOURCE_EXHAUSTED',
  'RESOURCE_TEMPORARILY_EXHAUSTED',
  'EXCESSIVE_SHORT_TERM_QUERY_RESOURCE_CONSUMPTION',
  'EXCESSIVE_LONG_TERM_QUERY_RESOURCE_CONSUMPTION',
]);

/** A protobuf `Duration` in its JSON form (`'30s'`, `'1.500s'`) → ms; undefined when not one. */
export function durationToMs(d: unknown): number | undefined {
  if (typeof d !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(d.trim());
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** The `google.rpc.Status` inside an error answer (bare or array-wrapped), or undefined. */
export function rpcStatusOf(body: unknown): GoogleRpcStatus | undefined {
  const first = Array.isArray(body) ? body.find((b) => b && typeof b === 'object' && 'error' in b) : body;
  const err = first && typeof first === 'object' ? (first as { error?: unknown }).error : undefined;
  return err && typeof err === 'object' ? (err as GoogleRpcStatus) : undefined;
}

function failureOf(status: GoogleRpcStatus | undefined) {
  return status?.details?.find((d) => Array.isArray(d.errors));
}

/**
 * Maps a failed Google Ads API answer to an `OmnifyError` (Google Ads API guides, "Handle errors"
 * and "Quotas"): HTTP 429, `status: RESOURCE_EXHAUSTED` or a rate-type `quotaError` →
 * `OMNIFY_ERR_PLATFORM_RATE_LIMITED`, with `retryAfterMs` from `Retry-After` or else the failure's
 * `quotaErrorDetails.retryDelay`; HTTP ≥ 500, 408 or `INTERNAL` / `UNAVAILABLE` /
 * `DEADLINE_EXCEEDED` / `ABORTED` / `UNKNOWN` → `OMNIFY_ERR_PLATFORM_TRANSIENT`; anything else
 * (`UNAUTHENTICATED`, `PERMISSION_DENIED`, `INVALID_ARGUMENT`…) → `OMNIFY_ERR_PLATFORM_REJECTED`.
 * `platformCode` is the first `errorCode` as `family.VALUE` (e.g. `authenticationError.OAUTH_TOKEN_EXPIRED`),
 * else the rpc status, else the HTTP status; `platformMessage` the first error's message, else the
 * status message; `requestId` is kept for Google support.
 */
export function classifyGoogleAdsError(httpStatus: number, body: unknown, headers: Headers): OmnifyError {
  const status = rpcStatusOf(body);
  const failure = failureOf(status);
  const first = failure?.errors?.[0];
  const [family, value] = Object.entries(first?.errorCode ?? {})[0] ?? [];
  const platformCode = family ? `${family}.${value}` : (status?.status ?? String(httpStatus));
  const platformMessage = first?.message || status?.message || `HTTP ${httpStatus}`;
  const extra = failure?.requestId ? { requestId: failure.requestId } : {};
  const summary = `Google Ads API answered HTTP ${httpStatus} (${platformCode}): ${platformMessage}`;
  const rpc = status?.status ?? '';
  const quotaRate = family === 'quotaError' && QUOTA_RATE_VALUES.has(String(value));
  if (httpStatus === 429 || rpc === 'RESOURCE_EXHAUSTED' || quotaRate) {
    const wait = retryAfterMs(headers) ?? durationToMs(first?.details?.quotaErrorDetails?.retryDelay);
    return new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', summary, {
      platformCode,
      platformMessage,
      ...extra,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (
    httpStatus >= 500 ||
    httpStatus === 408 ||
    (httpStatus < 400 && !rpc) ||
    TRANSIENT_STATUSES.has(rpc) ||
    family === 'internalError'
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
