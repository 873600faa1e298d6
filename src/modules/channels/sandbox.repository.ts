import { desc, eq } from 'drizzle-orm';
import type { SandboxRecord } from '../../integrations/sandbox/sandbox.transport.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm } from '../../kernel/db/orm.ts';
import { sandboxRequests } from './channels.schema.ts';

/** A stored sandbox request as the API shows it. `createdAt` is ISO 8601 UTC. */
export interface StoredSandboxRequest {
  id: number;
  method: string;
  path: string;
  body: unknown;
  response: { status: number; body: unknown };
  createdAt: string;
}

/**
 * Stores one (already redacted) sandbox request of `channelId`: the recorder the sandbox transport
 * calls for each request a sandbox channel sends (see `channelSendContext`).
 */
export async function insertSandboxRequest(
  db: Queryable,
  channelId: string,
  r: SandboxRecord,
): Promise<void> {
  await db.query(
    `INSERT INTO sandbox_requests (channel_id, method, path, body, response_status, response_body)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      channelId,
      r.method,
      r.path,
      JSON.stringify(r.body ?? null),
      r.response.status,
      JSON.stringify(r.response.body),
    ],
  );
}

/** The last `limit` sandbox requests of `channelId`, newest first. */
export async function listSandboxRequests(
  db: Queryable,
  channelId: string,
  limit = 200,
): Promise<StoredSandboxRequest[]> {
  const rows = await orm(db)
    .select()
    .from(sandboxRequests)
    .where(eq(sandboxRequests.channelId, channelId))
    .orderBy(desc(sandboxRequests.id))
    .limit(limit);
  return rows.map((x) => ({
    id: x.id,
    method: x.method,
    path: x.path,
    body: x.body,
    response: { status: x.responseStatus, body: x.responseBody },
    createdAt: x.createdAt.toISOString(),
  }));
}
