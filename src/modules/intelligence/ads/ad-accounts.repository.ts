import { eq, sql } from 'drizzle-orm';
import { maskConnectorSecrets } from '../../../integrations/ad-connector-registry.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { TimeZone } from '../../../kernel/dates/time-zone.ts';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { adAccounts } from '../intelligence.schema.ts';

/** An `ad_accounts` row as Drizzle reads it (`connector` sealed, see docs/security.md). */
export type AdAccountRow = typeof adAccounts.$inferSelect;

/** What `ad_accounts.connector` holds once opened: the platform and its connector config. */
export interface StoredConnector {
  platform: string;
  config: Record<string, unknown>;
}

/** An ad account as the API shows it: the connector's secrets masked, null without a connector. */
export interface AdAccountView {
  id: string;
  platform: string;
  externalId: string;
  name: string | null;
  currency: string;
  /** The account's own reporting time zone (IANA name); null: it follows the workspace's. */
  timeZone: TimeZone | null;
  /** The zone its days are read in: its own, else the workspace's. */
  effectiveTimeZone: TimeZone;
  connector: StoredConnector | null;
}

/**
 * The account's connector, opened; null when it has none.
 * @throws OmnifyError `OMNIFY_ERR_SECRET_DECRYPT_FAILED` when the stored value does not open with this key.
 */
export function openConnector(
  secrets: SecretBox,
  row: Pick<AdAccountRow, 'id' | 'connector'>,
): StoredConnector | null {
  return row.connector
    ? secrets.open<StoredConnector>(row.connector, 'ad_accounts', 'connector', row.id)
    : null;
}

/**
 * The API view of an account row (see {@link AdAccountView}); `workspaceTimeZone` is the zone of its
 * workspace, which an account without one of its own follows.
 */
export function toAdAccountView(
  row: AdAccountRow,
  secrets: SecretBox,
  workspaceTimeZone: TimeZone,
): AdAccountView {
  const connector = openConnector(secrets, row);
  return {
    id: row.id,
    platform: row.platform,
    externalId: row.externalId,
    name: row.name,
    currency: row.currency,
    timeZone: row.timeZone,
    effectiveTimeZone: row.timeZone ?? workspaceTimeZone,
    connector: connector
      ? { platform: connector.platform, config: maskConnectorSecrets(connector.platform, connector.config) }
      : null,
  };
}

/** The workspace's ad accounts, oldest first. */
export async function listAdAccounts(db: Queryable, workspaceId: string): Promise<AdAccountRow[]> {
  const s = scoped(db, workspaceId);
  return s.db
    .select()
    .from(adAccounts)
    .where(s.where(adAccounts))
    .orderBy(adAccounts.createdAt, adAccounts.id);
}

/** The workspace's account `id`; null when there is none (or `id` is no uuid). */
export async function findAdAccount(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<AdAccountRow | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(adAccounts)
    .where(s.where(adAccounts, eq(adAccounts.id, id)));
  return row ?? null;
}

/** An account to connect: its platform ids and the connector to store sealed. */
export interface ConnectAdAccount {
  platform: string;
  externalId: string;
  name: string | null;
  currency: string;
  /** Its reporting time zone (already checked); null keeps the stored one (none: the workspace's). */
  timeZone: TimeZone | null;
  connector: StoredConnector;
}

/**
 * Creates the account (or finds it by `(platform, externalId)`, keeping its name and time zone unless
 * new ones are given) and stores its connector sealed to the row id, in one transaction. Returns the row.
 */
export async function connectAdAccount(
  db: Database,
  secrets: SecretBox,
  workspaceId: string,
  input: ConnectAdAccount,
): Promise<AdAccountRow> {
  // The sealed connector is bound to the row id, known only after the upsert: two statements, one transaction.
  return db.transaction(async (tx) => {
    const s = scoped(tx, workspaceId);
    const [up] = await s.db
      .insert(adAccounts)
      .values(
        s.values({
          platform: input.platform,
          externalId: input.externalId,
          name: input.name,
          currency: input.currency,
          timeZone: input.timeZone,
        }),
      )
      .onConflictDoUpdate({
        target: [adAccounts.workspaceId, adAccounts.platform, adAccounts.externalId],
        set: {
          name: sql`COALESCE(excluded.name, ${adAccounts.name})`,
          timeZone: sql`COALESCE(excluded.time_zone, ${adAccounts.timeZone})`,
        },
      })
      .returning({ id: adAccounts.id });
    const id = up!.id;
    const sealed = secrets.seal(input.connector, 'ad_accounts', 'connector', id);
    const [row] = await s.db
      .update(adAccounts)
      .set({ connector: sealed })
      .where(s.where(adAccounts, eq(adAccounts.id, id)))
      .returning();
    return row!;
  });
}

/**
 * Sets the account's name and/or reporting time zone (`null`: follow the workspace's again); the
 * zone is already checked. Returns the row; null when the workspace has no account `id`.
 */
export async function updateAdAccount(
  db: Queryable,
  workspaceId: string,
  id: string,
  patch: { name?: string | null; timeZone?: TimeZone | null },
): Promise<AdAccountRow | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const set: Partial<typeof adAccounts.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.timeZone !== undefined) set.timeZone = patch.timeZone;
  if (Object.keys(set).length === 0) return findAdAccount(db, workspaceId, id);
  const [row] = await s.db
    .update(adAccounts)
    .set(set)
    .where(s.where(adAccounts, eq(adAccounts.id, id)))
    .returning();
  return row ?? null;
}
