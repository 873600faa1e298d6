import { OmnifyError } from '../../kernel/errors/catalog.ts';

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
