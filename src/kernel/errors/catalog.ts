/**
 * The one catalog of Omnify errors. Every error a client or operator can see has a stable
 * `OMNIFY_ERR_*` code, an HTTP status and a class that decides what a job does with it:
 *
 * - `user`: bad input; answered with a 4xx, never retried, logged at info.
 * - `operational`: transient (network, 5xx, rate limit); jobs retry with backoff.
 * - `permanent`: a platform refused for good (4xx that cannot succeed); jobs mark the work failed.
 * - `unexpected`: a bug; 500 to clients (no details), logged at error.
 *
 * `docs/errors.md` lists the same codes; `catalog.test.ts` holds the two together.
 */
export type ErrorClass = 'user' | 'operational' | 'permanent' | 'unexpected';

interface CatalogEntry {
  status: number;
  errorClass: ErrorClass;
  message: string;
}

export const ERROR_CATALOG = {
  OMNIFY_ERR_VALIDATION: { status: 400, errorClass: 'user', message: 'The request is invalid.' },
  OMNIFY_ERR_MALFORMED_JSON: {
    status: 400,
    errorClass: 'user',
    message: 'The request body is not valid JSON.',
  },
  OMNIFY_ERR_UNAUTHORIZED: {
    status: 401,
    errorClass: 'user',
    message: 'Not signed in: send "Authorization: Bearer <key>" with a valid API key, or sign in.',
  },
  OMNIFY_ERR_SIGNATURE_INVALID: {
    status: 401,
    errorClass: 'user',
    message: 'The webhook signature is missing or does not match.',
  },
  OMNIFY_ERR_FORBIDDEN: {
    status: 403,
    errorClass: 'user',
    message: 'This API key’s role may not do this.',
  },
  OMNIFY_ERR_CSRF: {
    status: 403,
    errorClass: 'user',
    message:
      'Missing or wrong CSRF token: send the session’s csrfToken (from GET /api/v1/auth/me) as "x-csrf-token".',
  },
  OMNIFY_ERR_TOKEN_INVALID: {
    status: 400,
    errorClass: 'user',
    message: 'This link is invalid, expired or already used.',
  },
  OMNIFY_ERR_VERIFY_TOKEN_MISMATCH: {
    status: 403,
    errorClass: 'user',
    message: 'The webhook verification token does not match.',
  },
  OMNIFY_ERR_NOT_FOUND: { status: 404, errorClass: 'user', message: 'The resource does not exist.' },
  OMNIFY_ERR_CHANNEL_NOT_FOUND: { status: 404, errorClass: 'user', message: 'No channel has this id.' },
  OMNIFY_ERR_METHOD_NOT_ALLOWED: {
    status: 405,
    errorClass: 'user',
    message: 'This platform does not accept this HTTP method on its webhook.',
  },
  OMNIFY_ERR_CONFLICT: {
    status: 409,
    errorClass: 'user',
    message: 'The request conflicts with the current state.',
  },
  OMNIFY_ERR_PAYLOAD_TOO_LARGE: {
    status: 413,
    errorClass: 'user',
    message: 'The request body is too large.',
  },
  OMNIFY_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    errorClass: 'user',
    message: 'The request body must be application/json.',
  },
  OMNIFY_ERR_RATE_LIMITED: { status: 429, errorClass: 'operational', message: 'Too many requests.' },
  OMNIFY_ERR_MEDIA_UNAVAILABLE: {
    status: 404,
    errorClass: 'user',
    message: "This message's media cannot be downloaded from its platform.",
  },
  OMNIFY_ERR_MEDIA_TOO_LARGE: {
    status: 422,
    errorClass: 'permanent',
    message: 'The media file is larger than MEDIA_MAX_BYTES; nothing was kept.',
  },
  OMNIFY_ERR_MEDIA_TYPE_REFUSED: {
    status: 422,
    errorClass: 'permanent',
    message: "The media file's type is not allowed for the message, or its bytes are not what it claims.",
  },
  OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE: {
    status: 503,
    errorClass: 'operational',
    message: 'The media store cannot be reached; try again shortly.',
  },
  OMNIFY_ERR_CONFIG_INVALID: {
    status: 500,
    errorClass: 'unexpected',
    message: 'The server configuration is invalid.',
  },
  OMNIFY_ERR_SECRET_KEY_MISMATCH: {
    status: 500,
    errorClass: 'unexpected',
    message: 'Stored secrets are encrypted with another master key than the configured one.',
  },
  OMNIFY_ERR_SECRET_DECRYPT_FAILED: {
    status: 500,
    errorClass: 'unexpected',
    message: 'A stored secret cannot be decrypted: it was altered or copied from another row.',
  },
  OMNIFY_ERR_PLATFORM_TRANSIENT: {
    status: 502,
    errorClass: 'operational',
    message: 'The platform failed temporarily; the request will be retried.',
  },
  OMNIFY_ERR_PLATFORM_RATE_LIMITED: {
    status: 429,
    errorClass: 'operational',
    message: 'The platform asked us to slow down; the request will be retried later.',
  },
  OMNIFY_ERR_PLATFORM_REJECTED: {
    status: 502,
    errorClass: 'permanent',
    message: 'The platform rejected the request.',
  },
  OMNIFY_ERR_DATABASE_UNAVAILABLE: {
    status: 503,
    errorClass: 'operational',
    message: 'The database is unreachable; try again shortly.',
  },
  OMNIFY_ERR_AGENT_FAILED: { status: 502, errorClass: 'operational', message: 'The agent failed to answer.' },
  OMNIFY_ERR_AGENT_REJECTED: {
    status: 502,
    errorClass: 'permanent',
    message: 'The agent endpoint rejected the request.',
  },
  OMNIFY_ERR_INTERNAL: { status: 500, errorClass: 'unexpected', message: 'Internal server error.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** A field-level validation problem: `path` is a JSON pointer into the request (e.g. `/config/botToken`). */
export interface FieldError {
  path: string;
  message: string;
}

/** Extra facts an error carries. `platformCode`/`platformMessage` are the platform's own error code and text. */
export interface ErrorDetails {
  fields?: FieldError[];
  platformCode?: string;
  platformMessage?: string;
  /** When the platform said how long to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
  [key: string]: unknown;
}

/** The one error type Omnify throws on purpose. `status` and `errorClass` come from the catalog. */
export class OmnifyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errorClass: ErrorClass;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    const entry = ERROR_CATALOG[code];
    super(message ?? entry.message, options);
    this.name = 'OmnifyError';
    this.code = code;
    this.status = entry.status;
    this.errorClass = entry.errorClass;
    this.details = details;
  }

  /** True when a job should try again later rather than give up. */
  get retryable(): boolean {
    return this.errorClass === 'operational';
  }

  /** The JSON body sent to clients: code, message and safe details; never a stack. */
  toResponse(): { error: { code: ErrorCode; message: string; details?: ErrorDetails } } {
    const hasDetails = Object.keys(this.details).length > 0;
    return {
      error: { code: this.code, message: this.message, ...(hasDetails ? { details: this.details } : {}) },
    };
  }
}

/** Narrowing helper for `catch (e)` blocks. */
export function isOmnifyError(e: unknown): e is OmnifyError {
  return e instanceof OmnifyError;
}
