import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OmnifyError } from '../errors/catalog.ts';

/**
 * Fastify's `frameworkErrors` option: errors its router raises before any route or error handler
 * runs, answered in the catalog's shape instead of Fastify's own. `FST_ERR_BAD_URL` (a path with a
 * broken %-escape) and `FST_ERR_MAX_PARAM_LENGTH` (a path parameter over 100 characters, Fastify's
 * `maxParamLength`) answer 400 `OMNIFY_ERR_VALIDATION` at `/params`; anything else 400 as well,
 * since it comes from the request line. Source: Fastify docs, Server → `frameworkErrors`.
 */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is longer than 100 characters'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the path is not a valid URL (broken %-escape)'
        : 'the request line is invalid';
  const err = new OmnifyError('OMNIFY_ERR_VALIDATION', `The request is invalid: ${message}.`, {
    fields: [{ path: '/params', message }],
  });
  reply.status(err.status).send(err.toResponse());
}
