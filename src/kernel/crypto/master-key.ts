import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { OmnifyError } from '../errors/catalog.ts';
import { generateMasterKeyText, type MasterKey, parseMasterKey } from './envelope.ts';

/** Name of the key file the embedded database keeps in DATA_DIR. */
export const KEY_FILE_NAME = 'secret.key';

/** Where the master key came from: the config, DATA_DIR's key file (found or just generated), or memory. */
export interface ResolvedMasterKey {
  key: MasterKey;
  source: 'config' | 'key-file' | 'generated' | 'ephemeral';
  /** The DATA_DIR key file, for `key-file` and `generated`. */
  path?: string;
  /** Set when the key file can be read by other users than its owner (mode not 0600). */
  warning?: string;
}

/** The DATA_DIR key file's path. */
export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

/**
 * Writes a key file holding `text` (base64) with mode 0600: a new file (`flag: 'wx'`, fails with
 * EEXIST when present), or with `replace` a temp file renamed over the old one (atomic on POSIX).
 */
export function writeKeyFile(path: string, text: string, replace = false): void {
  const target = replace ? `${path}.tmp-${process.pid}` : path;
  writeFileSync(target, `${text}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(target, 0o600); // the mode above is reduced by the umask, never widened; make it exact
  if (replace) renameSync(target, path);
}

/**
 * Finds the master key that encrypts stored secrets:
 * 1. `OMNIFY_SECRET_KEY` / `OMNIFY_SECRET_KEY_FILE` (config `secretKey`) when set;
 * 2. with `DATABASE_URL` and no key: refuses (`OMNIFY_ERR_CONFIG_INVALID`): every process on a
 *    shared PostgreSQL must use the same key, so none may invent its own;
 * 3. embedded database in memory (`memory://`): a random key for this process;
 * 4. embedded database: `DATA_DIR/secret.key`, generated (mode 0600) when absent, unless
 *    `storedKeyIds()` finds secrets already encrypted (the file was lost: refuses rather than
 *    starting with a key that cannot read them).
 */
export async function resolveMasterKey(
  config: Pick<Config, 'secretKey' | 'databaseUrl' | 'dataDir'>,
  storedKeyIds: () => Promise<string[]>,
  options: { generate?: boolean } = {},
): Promise<ResolvedMasterKey> {
  if (config.secretKey) return { key: parseMasterKey(config.secretKey), source: 'config' };
  if (config.databaseUrl) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFIG_INVALID',
      'OMNIFY_SECRET_KEY (or OMNIFY_SECRET_KEY_FILE) is required with DATABASE_URL: stored secrets are encrypted with it and every process must use the same key. Create one with "openssl rand -base64 32" and keep a copy: losing it loses the secrets.',
      { fields: [{ path: 'OMNIFY_SECRET_KEY', message: 'is required with DATABASE_URL' }] },
    );
  }
  if (config.dataDir.startsWith('memory://')) {
    return { key: parseMasterKey(generateMasterKeyText()), source: 'ephemeral' };
  }
  const path = keyFilePath(config.dataDir);
  if (existsSync(path)) return readKeyFile(path);
  const stored = await storedKeyIds();
  if (stored.length > 0 || options.generate === false) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFIG_INVALID',
      `${path} is missing${stored.length > 0 ? ` but the database holds secrets encrypted with master key ${stored.join(', ')}` : ''}. Restore the key file from your backup, or set OMNIFY_SECRET_KEY / OMNIFY_SECRET_KEY_FILE.`,
      { fields: [{ path: 'OMNIFY_SECRET_KEY', message: `not set and ${path} is missing` }] },
    );
  }
  try {
    writeKeyFile(path, generateMasterKeyText());
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return readKeyFile(path);
  }
  return { ...readKeyFile(path), source: 'generated' };
}

function readKeyFile(path: string): ResolvedMasterKey {
  const key = parseMasterKey(readFileSync(path, 'utf8'), path);
  const mode = statSync(path).mode & 0o777;
  const warning =
    (mode & 0o077) !== 0
      ? `${path} is readable by other users (mode ${mode.toString(8)}); run "chmod 600 ${path}".`
      : undefined;
  return { key, source: 'key-file', path, ...(warning ? { warning } : {}) };
}
