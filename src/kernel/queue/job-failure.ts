import { isOmnifyError } from '../errors/catalog.ts';

/** The error a job records for clients: a catalog code and its message (never a stack). */
export interface JobError {
  code: string;
  message: string;
}

/** What a job does after an error: try again after `delayMs`, or give up; `error` is what it records. */
export type JobFailure =
  | { retry: true; delayMs: number; error: JobError }
  | { retry: false; error: JobError };

/**
 * Decides retry vs fail from the error catalog's class: `operational` errors (network, 5xx, rate
 * limits) are retried while `attempts` (tries made, including this one) is below `maxAttempts`,
 * after 2^attempts seconds (capped at 5 minutes) and never sooner than the platform's
 * `retryAfterMs`; `user` and `permanent` errors fail at once; anything that is not an OmnifyError is
 * a bug and fails as OMNIFY_ERR_INTERNAL with a generic message (the caller logs the real one).
 */
export function jobFailure(e: unknown, attempts: number, maxAttempts: number): JobFailure {
  if (!isOmnifyError(e)) {
    return { retry: false, error: { code: 'OMNIFY_ERR_INTERNAL', message: 'Internal server error.' } };
  }
  const error = { code: e.code, message: e.message };
  if (!e.retryable || attempts >= maxAttempts) return { retry: false, error };
  const backoff = Math.min(300_000, 1000 * 2 ** attempts);
  const retryAfter = typeof e.details.retryAfterMs === 'number' ? e.details.retryAfterMs : 0;
  return { retry: true, delayMs: Math.max(backoff, retryAfter), error };
}
