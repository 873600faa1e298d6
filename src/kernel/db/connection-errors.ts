import { isOmnifyError, OmnifyError } from '../errors/catalog.ts';

/**
 * The one place that decides whether a database error means "the database is unreachable" (a
 * restart, failover or network fault) rather than "this statement failed". Such errors become
 * `OMNIFY_ERR_DATABASE_UNAVAILABLE` (503, operational): clients and platforms redeliver, jobs retry.
 *
 * Recognised (PostgreSQL error codes, Appendix A of the PostgreSQL 15 manual):
 * - SQLSTATE class `08` (connection exception: 08000, 08003, 08006, 08001, 08004 …);
 * - `57P01` admin_shutdown, `57P02` crash_shutdown, `57P03` cannot_connect_now (starting up,
 *   shutting down, in recovery);
 * - Node socket errors: ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH,
 *   EAI_AGAIN, ENOTFOUND;
 * - node-postgres's own messages when the socket closes or cannot be had: "Connection terminated",
 *   "Client has encountered a connection error and is not queryable", "Client was closed and is
 *   not queryable", "timeout exceeded when trying to connect".
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const MESSAGES = [
  /connection terminated/i,
  /encountered a connection error and is not queryable/i,
  /client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:to server|ended) unexpectedly/i,
];

/** True when `e` (or an error it wraps via `cause`/`errors`) says the database cannot be reached. */
export function isConnectionError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  if (isOmnifyError(e)) return e.code === 'OMNIFY_ERR_DATABASE_UNAVAILABLE';
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  const message = typeof err.message === 'string' ? err.message : '';
  if (MESSAGES.some((re) => re.test(message))) return true;
  // AggregateError (several addresses refused, e.g. localhost → ::1 and 127.0.0.1).
  if (Array.isArray(err.errors) && err.errors.some((x) => isConnectionError(x, depth + 1))) return true;
  return isConnectionError(err.cause, depth + 1);
}

/**
 * Returns `OMNIFY_ERR_DATABASE_UNAVAILABLE` (with `e` as its cause) when `e` is a connection-level
 * error, else `e` itself unchanged (constraint violations and other statement errors pass through).
 */
export function mapDatabaseError(e: unknown): unknown {
  if (isOmnifyError(e) || !isConnectionError(e)) return e;
  return new OmnifyError('OMNIFY_ERR_DATABASE_UNAVAILABLE', undefined, {}, { cause: e });
}
