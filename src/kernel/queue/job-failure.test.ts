import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../errors/catalog.ts';
import { jobFailure } from './job-failure.ts';

describe('jobFailure', () => {
  it('retries operational errors with backoff, at least the platform retry-after, until attempts run out', () => {
    const transient = new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', 'Meta answered 503');
    expect(jobFailure(transient, 1, 5)).toEqual({
      retry: true,
      delayMs: 2000,
      error: { code: 'OMNIFY_ERR_PLATFORM_TRANSIENT', message: 'Meta answered 503' },
    });
    const limited = new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', undefined, { retryAfterMs: 60_000 });
    expect(jobFailure(limited, 1, 5)).toMatchObject({ retry: true, delayMs: 60_000 });
    expect(jobFailure(transient, 5, 5).retry).toBe(false);
  });

  it('fails permanent and user errors at once, and hides unexpected ones', () => {
    expect(jobFailure(new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', 'bad token'), 1, 5)).toEqual({
      retry: false,
      error: { code: 'OMNIFY_ERR_PLATFORM_REJECTED', message: 'bad token' },
    });
    expect(jobFailure(new TypeError('x is undefined'), 1, 5)).toEqual({
      retry: false,
      error: { code: 'OMNIFY_ERR_INTERNAL', message: 'Internal server error.' },
    });
  });
});
