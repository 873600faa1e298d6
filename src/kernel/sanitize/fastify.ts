import type { FastifyInstance } from 'fastify';
import { sanitizeInput } from './json.ts';

/**
 * Installs the edge sanitizer on a Fastify instance (call once on the root, before routes):
 * a `preValidation` hook cleans every request's params, query string and body (parsed JSON or a
 * text body such as text/csv; raw webhook Buffers are left alone: webhooks sanitize after their
 * signature check) with {@link sanitizeInput}: NUL removed, lone surrogates → U+FFFD, and anything
 * nested deeper than MAX_JSON_DEPTH answers 400 `OMNIFY_ERR_VALIDATION`.
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
}
