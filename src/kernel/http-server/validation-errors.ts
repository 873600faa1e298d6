/**
 * Turns Ajv validation errors (as Fastify attaches them to `err.validation`) into Omnify's field
 * errors: `{path, message, allowed?}` with JSON-pointer paths under `/body`, `/querystring`,
 * `/params` or `/headers`.
 *
 * Why this mapping exists: Ajv checks `required` before `additionalProperties`, and without
 * `allErrors` it stops at the first failure, so a misspelt field (`amuontMinor`) used to be reported
 * only as the missing `amountMinor`. The server runs Ajv with `allErrors` (src/app/app.ts) and
 * this mapping puts unknown fields first ("is not a known field", path of the unknown field), then
 * the other errors; enum failures list the allowed values; the summary error of a union (`anyOf`/
 * `oneOf`) is dropped when its branches already explain the same path; duplicates are removed and
 * at most {@link MAX_FIELD_ERRORS} are returned. Ajv error shape: https://ajv.js.org/api.html#error-objects.
 */

/** Most field errors one answer lists (Ajv with `allErrors` may report one per array item). */
export const MAX_FIELD_ERRORS = 20;

/** One Ajv error object (the fields used here). */
export interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** A field error as the API answers it in `error.details.fields`. */
export interface FieldError {
  path: string;
  message: string;
  /** For enum failures: the values the field accepts. */
  allowed?: unknown[];
}

const RANK: Record<string, number> = { additionalProperties: 0, required: 1 };

/** Maps Ajv errors of request part `context` (`body`, `querystring`, …) to field errors (see the module doc). */
export function fieldErrorsFromAjv(errors: readonly AjvErrorLike[], context = 'body'): FieldError[] {
  const base = (e: AjvErrorLike) => `/${context}${e.instancePath}`;
  const explained = new Set(
    errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf').map((e) => base(e)),
  );
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const sorted = [...errors].sort((a, b) => (RANK[a.keyword] ?? 2) - (RANK[b.keyword] ?? 2));
  for (const e of sorted) {
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && explained.has(base(e))) continue;
    const p = e.params ?? {};
    let f: FieldError;
    if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
      f = { path: `${base(e)}/${p.additionalProperty}`, message: 'is not a known field' };
    } else if (e.keyword === 'required' && typeof p.missingProperty === 'string') {
      f = { path: `${base(e)}/${p.missingProperty}`, message: 'is required' };
    } else if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) {
      const allowed = p.allowedValues as unknown[];
      f = {
        path: base(e),
        message: `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        allowed,
      };
    } else {
      f = { path: base(e), message: e.message ?? 'is invalid' };
    }
    const key = `${f.path}\n${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
    if (out.length >= MAX_FIELD_ERRORS) break;
  }
  return out;
}

/** A one-line summary for `error.message`: the first field error, e.g. `/body/platform must be one of: …`. */
export function validationSummary(fields: readonly FieldError[]): string {
  const first = fields[0];
  if (!first) return 'The request is invalid.';
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return `The request is invalid: ${first.path} ${first.message}${more}.`;
}
