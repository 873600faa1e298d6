import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mapDatabaseError } from '../db/connection-errors.ts';
import { isOmnifyError, OmnifyError } from '../errors/catalog.ts';
import { type FieldError, fieldErrorsFromAjv, validationSummary } from './validation-errors.ts';

/** Converts Fastify's validation errors (Ajv) into our field errors with JSON-pointer paths. */
function fieldErrors(err: FastifyError): FieldError[] {
  return fieldErrorsFromAjv(err.validation ?? [], err.validationContext ?? 'body');
}

/** Maps any error thrown in a route to an OmnifyError (unknown errors become OMNIFY_ERR_INTERNAL). */
export function toOmnifyError(err: unknown): OmnifyError {
  if (isOmnifyError(err)) return err;
  const e = err as FastifyError;
  if (e?.validation) {
    const fields = fieldErrors(e);
    return new OmnifyError('OMNIFY_ERR_VALIDATION', validationSummary(fields), { fields });
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new OmnifyError('OMNIFY_ERR_PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new OmnifyError('OMNIFY_ERR_UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
  if (e?.statusCode === 429) return new OmnifyError('OMNIFY_ERR_RATE_LIMITED');
  // Connection-level database errors (restart, failover) are 503, not a bug.
  const mapped = mapDatabaseError(err);
  if (isOmnifyError(mapped)) return mapped;
  return new OmnifyError('OMNIFY_ERR_INTERNAL', undefined, {}, { cause: err });
}

/**
 * Installs the error and not-found handlers: every error answers `{"error":{code,message,details?}}`
 * with the catalog's status; no stack traces or secrets reach clients; unexpected errors are
 * logged with their stack on the server only. `pageFallback` may answer a not-found request itself
 * (the web app's pages) by returning true.
 */
export function installErrorHandlers(
  app: FastifyInstance,
  pageFallback?: (req: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((err, req, reply) => {
    const oe = toOmnifyError(err);
    if (oe.errorClass === 'unexpected') req.log.error({ err }, 'unexpected error');
    else req.log.info({ code: oe.code }, oe.message);
    const body = oe.toResponse();
    if (oe.errorClass === 'unexpected') body.error.message = 'Internal server error.';
    reply.status(oe.status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    if (pageFallback?.(req, reply)) return;
    reply
      .status(404)
      .send(
        new OmnifyError(
          'OMNIFY_ERR_NOT_FOUND',
          `No route ${req.method} ${req.url.split('?')[0]}.`,
        ).toResponse(),
      );
  });
}
