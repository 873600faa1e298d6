import { readFileSync, statSync } from 'node:fs';
import { openAppDatabase } from '../app/database.ts';
import { type Config, loadConfig } from '../kernel/config/config.ts';
import { rotateSecrets, storedKeyIds } from '../kernel/crypto/at-rest.ts';
import { parseMasterKey } from '../kernel/crypto/envelope.ts';
import { resolveMasterKey, writeKeyFile } from '../kernel/crypto/master-key.ts';
import { SecretBox } from '../kernel/crypto/secret-box.ts';
import { OmnifyError } from '../kernel/errors/catalog.ts';

/**
 * `omnify secrets rotate --new-key-file <path>`: re-encrypts every stored secret (channel and agent
 * configs, ad connectors) under the master key in `newKeyFile` (base64 of 32 bytes), with fresh
 * data keys, in one transaction: either all move to the new key or none. The current key is found
 * as at start (OMNIFY_SECRET_KEY / _FILE, or DATA_DIR/secret.key, never generated). When it was
 * DATA_DIR/secret.key, that file is then replaced by the new key (mode 0600); otherwise every
 * process must be restarted with OMNIFY_SECRET_KEY set to the new key. Run it with every Omnify
 * process stopped (PGlite serves one process; running servers keep the old key). Returns the exit
 * code; throws OmnifyErrors (the CLI prints their code and message).
 */
export async function runSecretsRotate(opts: {
  newKeyFile: string;
  config?: Config;
  out?: (line: string) => void;
}): Promise<number> {
  const out = opts.out ?? console.log;
  const config = opts.config ?? loadConfig();
  let text: string;
  try {
    text = readFileSync(opts.newKeyFile, 'utf8').trim();
  } catch (e) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Cannot read ${opts.newKeyFile}: ${(e as Error).message}`);
  }
  const next = parseMasterKey(text, opts.newKeyFile);
  if ((statSync(opts.newKeyFile).mode & 0o077) !== 0)
    out(`Warning: ${opts.newKeyFile} is readable by other users; run "chmod 600 ${opts.newKeyFile}".`);
  const db = await openAppDatabase(config);
  try {
    const current = await resolveMasterKey(config, () => storedKeyIds(db), { generate: false });
    if (current.key.id === next.id) {
      throw new OmnifyError(
        'OMNIFY_ERR_VALIDATION',
        `The new key is the current key (${next.id}); create another with "openssl rand -base64 32".`,
      );
    }
    const counts = await rotateSecrets(db, new SecretBox(current.key), new SecretBox(next));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    out(`Re-encrypted ${total} stored secrets under master key ${next.id} (was ${current.key.id}):`);
    for (const [where, n] of Object.entries(counts)) out(`  ${where}: ${n}`);
    if (current.source === 'key-file' && current.path) {
      writeKeyFile(current.path, text, true);
      out(`Replaced ${current.path} with the new key. Back it up now; the old key no longer opens anything.`);
    } else {
      out('Now set OMNIFY_SECRET_KEY (or OMNIFY_SECRET_KEY_FILE) to the new key and restart every process.');
    }
    return 0;
  } finally {
    await db.close();
  }
}
