import { describe, expect, it } from 'vitest';
import { isOmnifyError } from '../errors/catalog.ts';
import { generateMasterKeyText, isSealed, keyIdOf, parseMasterKey, seal, unseal } from './envelope.ts';
import { SecretBox } from './secret-box.ts';

const key = parseMasterKey(generateMasterKeyText());
const other = parseMasterKey(generateMasterKeyText());
const config = {
  phoneNumberId: '77',
  accessToken: 'EAAG-very-secret-token-1234',
  appSecret: 'app-secret-5678',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isOmnifyError(e) ? e.code : `not an OmnifyError: ${String(e)}`;
  }
  return undefined;
}

describe('AES-256-GCM envelope', () => {
  it('round-trips a JSON value and leaves no plaintext in what is stored', () => {
    const sealed = seal(key, config, 'channels.config:a');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.kid).toBe(key.id);
    const text = JSON.stringify(sealed);
    // (not '77': two characters may well occur in random base64)
    for (const v of [config.accessToken, config.appSecret]) expect(text).not.toContain(v);
    expect(unseal(key, sealed, 'channels.config:a')).toEqual(config);
  });

  it('uses a fresh data key and IVs for every seal', () => {
    const a = seal(key, config, 'c:1');
    const b = seal(key, config, 'c:1');
    expect(a.dek).not.toBe(b.dek);
    expect(a.data).not.toBe(b.data);
    // 12-byte IV + 32-byte wrapped key + 16-byte tag
    expect(Buffer.from(a.dek, 'base64')).toHaveLength(60);
  });

  it('fails a ciphertext copied to another row or column (associated data)', () => {
    const sealed = seal(key, config, 'channels.config:row-1');
    expect(codeOf(() => unseal(key, sealed, 'channels.config:row-2'))).toBe(
      'OMNIFY_ERR_SECRET_DECRYPT_FAILED',
    );
    expect(codeOf(() => unseal(key, sealed, 'agents.config:row-1'))).toBe('OMNIFY_ERR_SECRET_DECRYPT_FAILED');
  });

  it('fails when any byte of the data or the wrapped key is altered', () => {
    const sealed = seal(key, config, 'c:1');
    const flip = (b64: string, i: number) => {
      const b = Buffer.from(b64, 'base64');
      b[i] = b[i]! ^ 1;
      return b.toString('base64');
    };
    for (const i of [0, 20, Buffer.from(sealed.data, 'base64').length - 1]) {
      expect(codeOf(() => unseal(key, { ...sealed, data: flip(sealed.data, i) }, 'c:1'))).toBe(
        'OMNIFY_ERR_SECRET_DECRYPT_FAILED',
      );
    }
    expect(codeOf(() => unseal(key, { ...sealed, dek: flip(sealed.dek, 30) }, 'c:1'))).toBe(
      'OMNIFY_ERR_SECRET_DECRYPT_FAILED',
    );
  });

  it('names both key ids when the value was sealed under another master key', () => {
    const sealed = seal(other, config, 'c:1');
    try {
      unseal(key, sealed, 'c:1');
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe('OMNIFY_ERR_SECRET_KEY_MISMATCH');
      expect(e.message).toContain(other.id);
      expect(e.message).toContain(key.id);
    }
    // A forged key id does not help: the data key was wrapped under the other key.
    expect(codeOf(() => unseal(key, { ...sealed, kid: key.id }, 'c:1'))).toBe(
      'OMNIFY_ERR_SECRET_DECRYPT_FAILED',
    );
  });

  it('parses only base64 of 32 bytes, without echoing the value', () => {
    const bad = Buffer.alloc(16, 7).toString('base64');
    try {
      parseMasterKey(bad);
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe('OMNIFY_ERR_CONFIG_INVALID');
      expect(e.message).toContain('OMNIFY_SECRET_KEY');
      expect(e.message).not.toContain(bad);
    }
    const text = generateMasterKeyText();
    expect(parseMasterKey(` ${text}\n`).id).toBe(keyIdOf(Buffer.from(text, 'base64')));
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(key.id).not.toBe(other.id);
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(key);
  it('opens sealed values and passes plaintext rows (written before encryption) through', () => {
    const sealed = box.seal(config, 'channels', 'config', 'id-1');
    expect(box.open(sealed, 'channels', 'config', 'id-1')).toEqual(config);
    expect(box.open(config, 'channels', 'config', 'id-1')).toEqual(config);
    expect(box.open(null, 'ad_accounts', 'connector', 'id-1')).toBeNull();
    expect(box.keyId).toBe(key.id);
  });
});
