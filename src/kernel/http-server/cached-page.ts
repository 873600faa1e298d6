import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { SnapshotCache } from '../db/snapshot-cache.ts';

/**
 * Answers a read-only GET with the JSON of `load()`, serialized by the route's response schema,
 * through `cache` (src/kernel/db/snapshot-cache.ts): from memory while `db` is unchanged. The key
 * is the principal's workspace and user and the request's URL (path and query), so an answer may
 * depend on nothing else besides the database. Errors of `load` (404, 400) are thrown as they are.
 */
export async function sendCachedPage<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  cache: SnapshotCache,
  db: Database,
  load: () => Promise<T>,
): Promise<FastifyReply> {
  const key = `${req.principal.workspaceId} ${req.principal.userId ?? ''} ${req.url}`;
  const body = await cache.json(db, key, load, (value) => {
    const text = reply.serialize(value);
    return typeof text === 'string' ? text : Buffer.from(text as ArrayBuffer).toString('utf8');
  });
  return reply.type('application/json; charset=utf-8').send(body);
}
