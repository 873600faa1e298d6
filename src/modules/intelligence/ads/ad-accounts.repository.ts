import { eq, sql } from 'drizzle-orm';
import { maskConnectorSecrets } from '../../../integrations/ad-connector-registry.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
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

/** The API view of an account row (see {@link AdAccountView}). */
export function toAdAccountView(row: AdAccountRow, secrets: SecretBox): AdAccountView {
  const connector = openConnector(secrets, row);
  return {
    id: row.id,
    platform: row.platform,
    externalId: row.externalId,
    name: row.name,
    currency: row.currency,
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
  connector: StoredConnector;
}

/**
 * Creates the account (or finds it by `(platform, externalId)`, keeping its name unless a new one is
 * given) and stores its connector sealed to the row id, in one transaction. Returns the row.
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
        }),
      )
      .onConflictDoUpdate({
        target: [adAccounts.workspaceId, adAccounts.platform, adAccounts.externalId],
        set: { name: sql`COALESCE(excluded.name, ${adAccounts.name})` },
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
