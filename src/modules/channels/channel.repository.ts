import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SecretBox } from '../../kernel/crypto/secret-box.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { evictChannel } from './channel-cache.ts';
import { channels } from './channels.schema.ts';

/**
 * A channel row: one connected account on a platform. `config` holds secrets: never send it out
 * unmasked. It is stored sealed (AES-256-GCM, bound to the row id: docs/security.md); the functions
 * here seal on write and open on read, so a record's `config` is always plaintext.
 */
export interface ChannelRecord {
  id: string;
  workspaceId: string;
  platform: string;
  name: string;
  config: Record<string, unknown>;
  sandbox: boolean;
  /** Demo data (`POST /api/v1/demo/inbox`): labelled "Demo" in the UI, removed with the demo. */
  demo: boolean;
  agentId: string | null;
  /** Country (ISO 3166-1 alpha-2) in which national phone numbers of the channel are read; null: none. */
  defaultCountry: string | null;
  createdAt: string;
  updatedAt: string;
}

type ChannelRow = typeof channels.$inferSelect;

function toRecord(r: ChannelRow, box: SecretBox): ChannelRecord {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    platform: r.platform,
    name: r.name,
    config: box.open(r.config, 'channels', 'config', r.id),
    sandbox: r.sandbox,
    demo: r.demo,
    agentId: r.agentId,
    defaultCountry: r.defaultCountry,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Loads a channel by id, in any workspace (webhooks) or within `workspaceId` (API). Null when absent.
 * The webhook path reads through the cache of channel-cache.ts (`findChannelCached`); the writes
 * below evict from it.
 */
export async function findChannel(
  db: Queryable,
  box: SecretBox,
  id: string,
  workspaceId?: string,
): Promise<ChannelRecord | null> {
  if (!isUuid(id)) return null;
  const s = workspaceId ? scoped(db, workspaceId) : undefined;
  const [row] = s
    ? await s.db
        .select()
        .from(channels)
        .where(s.where(channels, eq(channels.id, id)))
    : // unscoped: the webhook lookup by channel id (the channel tells the workspace)
      await orm(db).select().from(channels).where(eq(channels.id, id));
  return row ? toRecord(row, box) : null;
}

/** Lists a workspace's channels, oldest first. */
export async function listChannels(
  db: Queryable,
  box: SecretBox,
  workspaceId: string,
): Promise<ChannelRecord[]> {
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select()
    .from(channels)
    .where(s.where(channels))
    .orderBy(asc(channels.createdAt), asc(channels.id));
  return rows.map((row) => toRecord(row, box));
}

/**
 * Every workspace's real (not sandbox) channels on `platforms`, oldest first: the channels whose
 * receive loops a worker process runs (src/modules/inbox/pipeline/receivers.ts). Unscoped on
 * purpose: the loops serve all workspaces; each record carries its workspace.
 */
export async function listReceivingChannels(
  db: Queryable,
  box: SecretBox,
  platforms: readonly string[],
): Promise<ChannelRecord[]> {
  if (platforms.length === 0) return [];
  // unscoped: the receive loops serve every workspace's channels; each record carries its workspace
  const rows = await orm(db)
    .select()
    .from(channels)
    .where(and(inArray(channels.platform, [...platforms]), eq(channels.sandbox, false)))
    .orderBy(asc(channels.createdAt), asc(channels.id));
  return rows.map((row) => toRecord(row, box));
}

/** Inserts a channel with a caller-chosen id (the sandbox URL embeds it); `demo` defaults to false. */
export async function insertChannel(
  db: Queryable,
  box: SecretBox,
  c: Pick<ChannelRecord, 'id' | 'workspaceId' | 'platform' | 'name' | 'config' | 'sandbox' | 'agentId'> & {
    demo?: boolean;
    defaultCountry?: string | null;
  },
): Promise<ChannelRecord> {
  const s = scoped(db, c.workspaceId);
  const [row] = await s.db
    .insert(channels)
    .values(
      s.values({
        id: c.id,
        platform: c.platform,
        name: c.name,
        config: box.seal(c.config, 'channels', 'config', c.id),
        sandbox: c.sandbox,
        demo: c.demo ?? false,
        agentId: c.agentId,
        defaultCountry: c.defaultCountry ?? null,
      }),
    )
    .returning();
  evictChannel(db, c.id); // a cached "no such channel"
  return toRecord(row!, box);
}

/** Updates name, config and/or agent; returns the new row or null when absent. */
export async function updateChannel(
  db: Queryable,
  box: SecretBox,
  id: string,
  workspaceId: string,
  patch: {
    name?: string;
    config?: Record<string, unknown>;
    agentId?: string | null;
    defaultCountry?: string | null;
  },
): Promise<ChannelRecord | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .update(channels)
    .set({
      name: patch.name,
      config: patch.config ? box.seal(patch.config, 'channels', 'config', id) : undefined,
      agentId: patch.agentId,
      defaultCountry: patch.defaultCountry,
      updatedAt: sql`now()`,
    })
    .where(s.where(channels, eq(channels.id, id)))
    .returning();
  evictChannel(db, id);
  return row ? toRecord(row, box) : null;
}

/** Deletes a channel with its conversations and messages. Returns false when absent. */
export async function deleteChannel(db: Queryable, id: string, workspaceId: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const gone = await s.db
    .delete(channels)
    .where(s.where(channels, eq(channels.id, id)))
    .returning({ id: channels.id });
  evictChannel(db, id);
  return gone.length > 0;
}
