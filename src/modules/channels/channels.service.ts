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
  listReceivingChannels,
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

/** Most channel platforms {@link channelPlatforms} keeps per database; it starts over past it. */
const MAX_PLATFORMS = 10_000;
/** Per database object: workspace id → channel id → platform. */
const platforms = new WeakMap<object, { size: number; byWorkspace: Map<string, Map<string, string>> }>();

/**
 * The platform of each of the workspace's channels among `ids` (uuids), by id; ids of absent
 * channels or of other workspaces are missing from the map. A channel's platform never changes and
 * its id is never reused, so the answers are kept for the life of the process (per database object
 * and workspace, at most {@link MAX_PLATFORMS}): a page of the inbox's conversation list asks the
 * database only about channels this process has not seen yet, in one query
 * ({@link channelSummaries}). A channel deleted since keeps its entry, but no conversation outlives
 * its channel (`ON DELETE CASCADE`).
 */
export async function channelPlatforms(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  let known = platforms.get(db);
  if (!known) {
    known = { size: 0, byWorkspace: new Map() };
    platforms.set(db, known);
  }
  const inWorkspace = known.byWorkspace.get(workspaceId);
  const found = new Map<string, string>();
  const missing = new Set<string>();
  for (const id of ids) {
    const platform = inWorkspace?.get(id);
    if (platform !== undefined) found.set(id, platform);
    else missing.add(id);
  }
  if (missing.size === 0) return found;
  const read = await channelSummaries(db, workspaceId, [...missing]);
  if (known.size + read.size > MAX_PLATFORMS) {
    known.byWorkspace.clear();
    known.size = 0;
  }
  let map = known.byWorkspace.get(workspaceId);
  if (!map) {
    map = new Map();
    known.byWorkspace.set(workspaceId, map);
  }
  for (const [id, { platform }] of read) {
    if (!map.has(id)) known.size++;
    map.set(id, platform);
    found.set(id, platform);
  }
  return found;
}
