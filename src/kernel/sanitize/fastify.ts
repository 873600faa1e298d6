import type { FastifyInstance } from 'fastify';
import { OmnifyError } from '../errors/catalog.ts';
import { sanitizeInput } from './json.ts';

/**
 * Installs the edge sanitizer on a Fastify instance (call once on the root, before routes):
 * a `preValidation` hook cleans every request's params, query string and body (parsed JSON or a
 * text body such as text/csv; raw webhook Buffers are left alone: webhooks sanitize after their
 * signature check) with {@link sanitizeInput}: NUL removed, lone surrogates → U+FFFD, and anything
 * nested deeper than MAX_JSON_DEPTH answers 400 `OMNIFY_ERR_VALIDATION`.
 *
 * After validation a `preHandler` hook refuses numbers that are not finite (400
 * `OMNIFY_ERR_VALIDATION` naming the field): Ajv coerces the text `Infinity` or `1e400` of an
 * integer query parameter to Infinity and lets it through its minimum and maximum.
 *
 * It also drops Fastify's default `text/plain` parser, so a `text/plain` body sent to a JSON route
 * answers 415 `OMNIFY_ERR_UNSUPPORTED_MEDIA_TYPE` (docs/errors.md). Routes that take text (CSV
 * imports) register their own parser in their plugin scope.
 */
export function installInputSanitizer(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (req) => {
    if (req.params) req.params = sanitizeInput(req.params, 'params');
    if (req.query) req.query = sanitizeInput(req.query, 'querystring');
    if (req.body !== undefined && req.body !== null) req.body = sanitizeInput(req.body, 'body');
  });
  app.addHook('preHandler', async (req) => {
    for (const [part, value] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const bad = nonFinite(value, `/${part}`, 0);
      if (bad)
        throw new OmnifyError('OMNIFY_ERR_VALIDATION', `${bad} must be a finite number.`, {
          fields: [{ path: bad, message: 'must be a finite number' }],
        });
    }
  });
}

/** JSON pointer of the first non-finite number in `v` (objects and arrays, 3 levels deep), or null. */
function nonFinite(v: unknown, path: string, depth: number): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (depth >= 3 || typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return null;
  for (const [k, x] of Object.entries(v)) {
    const bad = nonFinite(x, `${path}/${k}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}
