/** Input checks shared by the demo generators. */
import { OmnifyError } from '../../errors/catalog.ts';

/**
 * `OmnifyError('OMNIFY_ERR_VALIDATION')` for the option at JSON pointer `path` (e.g. `/params/r`),
 * with message "<name> <message>" and `details.fields = [{ path, message }]`.
 */
export function validationError(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `${path.slice(1)} ${message}`, {
    fields: [{ path, message }],
  });
}

/** True when `date` is a real calendar day written `YYYY-MM-DD` (UTC; e.g. 2026-02-30 is rejected). */
export function isIsoDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}
