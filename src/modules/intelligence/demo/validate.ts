/** Input checks shared by the demo generators. */
import { OmnifyError } from '../../../kernel/errors/catalog.ts';

/**
 * `OmnifyError('OMNIFY_ERR_VALIDATION')` for the option at JSON pointer `path` (e.g. `/params/r`),
 * with message "<name> <message>" and `details.fields = [{ path, message }]`.
 */
export function validationError(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `${path.slice(1)} ${message}`, {
    fields: [{ path, message }],
  });
}
