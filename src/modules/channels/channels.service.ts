import { sql } from 'drizzle-orm';
import type { SecretBox } from '../../kernel/crypto/secret-box.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { type ChannelRecord, findChannel } from './channel.repository.ts';
import { cachedChannel } from './channel-cache.ts';
import { channels } from './channels.schema.ts';

/**
 * What other modules may use of the channels module: reading a channel (its config opened with the
 * workspace's secrets) or the public summary of many, creating, changing and deleting channels whose
 * config the caller built itself (the inbox's demo loader), and recording a request a sandbox channel sent
 * (the `SandboxRecorder` the inbox's outbound send hands to the sandbox transport). The channels and
 * sandbox_requests tables are read and written only by this module.
 */
export {
  type ChannelRecord,
  deleteChannel,
  findChannel,
  insertChannel,
  listChannels,
  updateChannel,
} from './channel.repository.ts';
export { type ChannelForJob, channelFromJson, channelJsonSql, channelPlatformSql } from './channel-sql.ts';
export { insertSandboxRequest } from './sandbox.repository.ts';

/**
 * Channel `id` in any workspace, or null, as `findChannel` reads it, through this process's cache
 * (channel-cache.ts: up to 5 s old, evicted at once by this process's writes). For the webhook path.
 */
export function findChannelCached(db: Queryable, box: SecretBox, id: string): Promise<ChannelRecord | null> {
  return cachedChannel(db, id, () => findChannel(db, box, id));
}

/** What a listing of another module shows of a channel: no config, no secrets. */
export interface ChannelSummary {
  platform: string;
  name: string;
}

/**
 * The summaries of the workspace's channels among `ids` (uuids), by channel id, in one query; ids
 * of absent channels or of other workspaces are missing from the map. For listings that page over
 * their own rows and show each row's channel (the inbox's conversation list).
 */
export async function channelSummaries(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, ChannelSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({ id: channels.id, platform: channels.platform, name: channels.name })
    .from(channels)
    .where(s.where(channels, sql`${channels.id} = ANY(${sql.param(unique)}::uuid[])`));
  return new Map(rows.map(({ id, ...summary }) => [id, summary]));
}
