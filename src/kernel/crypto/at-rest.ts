import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Database, Queryable } from '../db/database.ts';
import { OmnifyError } from '../errors/catalog.ts';
import { isSealed, SEALED_VERSION } from './envelope.ts';
import { type ResolvedMasterKey, resolveMasterKey } from './master-key.ts';
import { SecretBox } from './secret-box.ts';

/**
 * The columns whose whole JSON value is stored sealed (docs/security.md says why whole values and
 * not single fields). Each table has a uuid `id`, which binds the ciphertext to its row.
 */
export const SEALED_COLUMNS: ReadonlyArray<{ table: string; column: string }> = [
  { table: 'channels', column: 'config' },
  { table: 'agents', column: 'config' },
  { table: 'ad_accounts', column: 'connector' },
];

/** Serializes sealing and rotation across processes sharing a PostgreSQL (transaction-scoped). */
const SECRETS_LOCK = 7157002;

/** The distinct master key ids of every sealed value in the database. */
export async function storedKeyIds(db: Queryable): Promise<string[]> {
  const union = SEALED_COLUMNS.map(
    ({ table, column }) =>
      `SELECT ${column}->>'kid' AS kid FROM ${table} WHERE ${column}->>'omnifyEnc' = '${SEALED_VERSION}'`,
  ).join(' UNION ');
  const r = await db.query<{ kid: string }>(`SELECT DISTINCT kid FROM (${union}) k ORDER BY kid`);
  return r.rows.map((x) => x.kid);
}

/**
 * Seals every plaintext value left in the sealed columns (rows written before encryption existed),
 * in one transaction. Returns how many values were sealed. Idempotent; safe with several processes.
 */
export async function sealPlaintextRows(db: Database, box: SecretBox): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${SECRETS_LOCK})`);
    let n = 0;
    for (const { table, column } of SEALED_COLUMNS) {
      const r = await tx.query<{ id: string; v: unknown }>(
        `SELECT id, ${column} AS v FROM ${table}
          WHERE ${column} IS NOT NULL AND (${column}->>'omnifyEnc') IS DISTINCT FROM '${SEALED_VERSION}' FOR UPDATE`,
      );
      for (const row of r.rows) {
        if (isSealed(row.v)) continue;
        const sealed = box.seal(row.v, table, column, row.id);
        await tx.query(`UPDATE ${table} SET ${column} = $2::jsonb WHERE id = $1`, [
          row.id,
          JSON.stringify(sealed),
        ]);
        n++;
      }
    }
    return n;
  });
}

/**
 * Re-encrypts every sealed column under `to`, in one transaction: each value is opened with `from`
 * (or `to`, for values it already sealed, so an interrupted rotation can be run again; plaintext
 * values are taken as they are) and sealed with a fresh data key under `to`. Throws, changing
 * nothing, when any value cannot be opened. Returns the number of values re-encrypted per table.
 */
export async function rotateSecrets(
  db: Database,
  from: SecretBox,
  to: SecretBox,
): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${SECRETS_LOCK})`);
    const counts: Record<string, number> = {};
    for (const { table, column } of SEALED_COLUMNS) {
      const r = await tx.query<{ id: string; v: unknown }>(
        `SELECT id, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY id FOR UPDATE`,
      );
      for (const row of r.rows) {
        const box = isSealed(row.v) && row.v.kid === to.keyId ? to : from;
        const value = box.open<unknown>(row.v, table, column, row.id);
        const sealed = to.seal(value, table, column, row.id);
        await tx.query(`UPDATE ${table} SET ${column} = $2::jsonb WHERE id = $1`, [
          row.id,
          JSON.stringify(sealed),
        ]);
      }
      counts[`${table}.${column}`] = r.rows.length;
    }
    return counts;
  });
}

/** Throws `OMNIFY_ERR_SECRET_KEY_MISMATCH` when the database holds values sealed under another key than `key`. */
export async function assertKeyMatches(db: Queryable, resolved: ResolvedMasterKey): Promise<void> {
  const foreign = (await storedKeyIds(db)).filter((kid) => kid !== resolved.key.id);
  if (foreign.length === 0) return;
  const from = resolved.source === 'config' ? 'OMNIFY_SECRET_KEY' : (resolved.path ?? 'memory');
  throw new OmnifyError(
    'OMNIFY_ERR_SECRET_KEY_MISMATCH',
    `Stored secrets are encrypted with master key ${foreign.join(', ')}, but the configured key (${from}) is ${resolved.key.id}. ` +
      'Start with the key they were encrypted with; after "omnify secrets rotate" that is the new key.',
  );
}

/**
 * At start: finds (or on the embedded database's first start generates) the master key, refuses a
 * key that cannot read the stored secrets, and seals rows still in plaintext. Logs where a
 * generated key is (never the key itself).
 */
export async function openSecrets(
  config: Pick<Config, 'secretKey' | 'databaseUrl' | 'dataDir'>,
  db: Database,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): Promise<SecretBox> {
  const resolved = await resolveMasterKey(config, () => storedKeyIds(db));
  if (resolved.warning) log.warn(resolved.warning);
  if (resolved.source === 'generated') {
    log.warn(
      { path: resolved.path, keyId: resolved.key.id },
      'generated the master key that encrypts stored secrets: back this file up, losing it loses every channel, agent and connector secret',
    );
  }
  await assertKeyMatches(db, resolved);
  const box = new SecretBox(resolved.key);
  const sealed = await sealPlaintextRows(db, box);
  if (sealed > 0) log.info({ count: sealed }, 'encrypted stored secrets that were in plaintext');
  return box;
}
