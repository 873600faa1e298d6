import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKeyText, parseMasterKey } from './envelope.ts';
import { keyFilePath, resolveMasterKey, writeKeyFile } from './master-key.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'omnify-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const none = async () => [] as string[];

describe('master key resolution', () => {
  it('generates DATA_DIR/secret.key with mode 0600 on the first embedded start, then reuses it', async () => {
    const dataDir = tempDir();
    const first = await resolveMasterKey({ dataDir }, none);
    expect(first.source).toBe('generated');
    const path = keyFilePath(dataDir);
    expect(first.path).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(path, 'utf8')).id).toBe(first.key.id);
    const again = await resolveMasterKey({ dataDir }, none);
    expect(again.source).toBe('key-file');
    expect(again.key.id).toBe(first.key.id);
    expect(again.warning).toBeUndefined();
  });

  it('warns when the key file is readable by others', async () => {
    const dataDir = tempDir();
    await resolveMasterKey({ dataDir }, none);
    chmodSync(keyFilePath(dataDir), 0o644);
    const r = await resolveMasterKey({ dataDir }, none);
    expect(r.warning).toContain('chmod 600');
    expect(r.warning).not.toContain(readFileSync(keyFilePath(dataDir), 'utf8').trim());
  });

  it('refuses to generate a key when the database already holds encrypted secrets', async () => {
    await expect(
      resolveMasterKey({ dataDir: tempDir() }, async () => ['0123456789abcdef']),
    ).rejects.toMatchObject({
      code: 'OMNIFY_ERR_CONFIG_INVALID',
      message: expect.stringContaining('0123456789abcdef'),
    });
  });

  it('refuses PostgreSQL without OMNIFY_SECRET_KEY, and prefers a configured key', async () => {
    const dataDir = tempDir();
    await expect(
      resolveMasterKey({ dataDir, databaseUrl: 'postgres://x@127.0.0.1/db' }, none),
    ).rejects.toMatchObject({
      code: 'OMNIFY_ERR_CONFIG_INVALID',
      message: expect.stringContaining('OMNIFY_SECRET_KEY'),
    });
    const text = generateMasterKeyText();
    const r = await resolveMasterKey(
      { dataDir, databaseUrl: 'postgres://x@127.0.0.1/db', secretKey: text },
      none,
    );
    expect(r).toMatchObject({ source: 'config', key: { id: parseMasterKey(text).id } });
    expect(() => statSync(keyFilePath(dataDir))).toThrow(); // nothing written
  });

  it('uses a per-process key for the in-memory database', async () => {
    const a = await resolveMasterKey({ dataDir: 'memory://' }, none);
    const b = await resolveMasterKey({ dataDir: 'memory://' }, none);
    expect(a.source).toBe('ephemeral');
    expect(a.key.id).not.toBe(b.key.id);
  });

  it('replaces a key file atomically, keeping mode 0600', () => {
    const path = join(tempDir(), 'k');
    writeFileSync(path, 'old', { mode: 0o600 });
    const text = generateMasterKeyText();
    writeKeyFile(path, text, true);
    expect(readFileSync(path, 'utf8').trim()).toBe(text);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(() => writeKeyFile(path, text)).toThrow(/EEXIST/);
  });
});
