import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { OmnifyError } from '../errors/catalog.ts';

/**
 * Envelope encryption of JSON values with AES-256-GCM (NIST SP 800-38D, "Recommendation for Block
 * Cipher Modes of Operation: Galois/Counter Mode (GCM) and GMAC", 2007), through node:crypto.
 *
 * Every sealed value gets its own random 256-bit data key (DEK). The value is encrypted under the
 * DEK; the DEK is encrypted ("wrapped") under the master key. Both encryptions use a fresh random
 * 96-bit IV (SP 800-38D §8.2.2: at most 2^32 invocations per key with random IVs; each DEK is used
 * once, and the master key wraps one DEK per sealed value) and a 128-bit tag. The associated data
 * binds the ciphertext to where it is stored (`context`, e.g. `channels.config:<row id>`) and the
 * wrapped DEK to the master key id as well, so a ciphertext copied into another row or column,
 * or altered in any bit, fails to decrypt. See docs/security.md.
 *
 * Stored shape (JSON, so it fits the existing jsonb columns):
 * `{ "omnifyEnc": "v1", "kid": <16 hex>, "dek": base64(iv 12 | wrapped key 32 | tag 16),
 *    "data": base64(iv 12 | ciphertext | tag 16) }`; the plaintext is the value's JSON text (UTF-8).
 */

/** Format marker of sealed values; another version would be a new scheme. */
export const SEALED_VERSION = 'v1';

/** A sealed (encrypted) JSON value as stored in the database. */
export interface SealedValue {
  omnifyEnc: typeof SEALED_VERSION;
  /** Id of the master key that wrapped the data key (see {@link MasterKey.id}). */
  kid: string;
  /** base64 of IV (12 bytes) | wrapped data key (32 bytes) | GCM tag (16 bytes). */
  dek: string;
  /** base64 of IV (12 bytes) | ciphertext of the value's JSON | GCM tag (16 bytes). */
  data: string;
}

/** A 256-bit master key and its public id. The key bytes never leave this module's functions. */
export interface MasterKey {
  /**
   * 16 hex characters: the first 8 bytes of HMAC-SHA-256(key, "omnify secret key id"). A PRF
   * output, so it tells which key sealed a value without revealing anything about the key.
   */
  readonly id: string;
  readonly bytes: Buffer;
}

const ALGO = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;

/** Computes the public id of a 32-byte key (see {@link MasterKey.id}). */
export function keyIdOf(bytes: Buffer): string {
  return createHmac('sha256', bytes).update('omnify secret key id').digest('hex').slice(0, 16);
}

/**
 * Parses a master key given as base64 of exactly 32 bytes (surrounding whitespace ignored).
 * Throws `OMNIFY_ERR_CONFIG_INVALID` naming `source` (never the value) when it is not.
 */
export function parseMasterKey(base64: string, source = 'OMNIFY_SECRET_KEY'): MasterKey {
  const text = base64.trim();
  if (!BASE64_32.test(text)) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFIG_INVALID',
      `${source} must be the base64 of 32 random bytes (44 characters ending in "="); create one with "openssl rand -base64 32".`,
      { fields: [{ path: source, message: 'must be base64 of 32 bytes' }] },
    );
  }
  const bytes = Buffer.from(text, 'base64');
  return { id: keyIdOf(bytes), bytes };
}

/** A new random master key, as the base64 text stored in key files and `OMNIFY_SECRET_KEY`. */
export function generateMasterKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** True when `v` has the shape of a {@link SealedValue} (anything else is a plaintext value). */
export function isSealed(v: unknown): v is SealedValue {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    o.omnifyEnc === SEALED_VERSION &&
    typeof o.kid === 'string' &&
    typeof o.dek === 'string' &&
    typeof o.data === 'string'
  );
}

function gcmEncrypt(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv(ALGO, key, iv, { authTagLength: TAG_BYTES });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]);
}

/** Decrypts iv | ciphertext | tag; null when the tag does not verify (wrong key, AAD or altered bytes). */
function gcmDecrypt(key: Buffer, box: Buffer, aad: string): Buffer | null {
  if (box.length < IV_BYTES + TAG_BYTES) return null;
  const iv = box.subarray(0, IV_BYTES);
  const tag = box.subarray(box.length - TAG_BYTES);
  const d = createDecipheriv(ALGO, key, iv, { authTagLength: TAG_BYTES });
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(tag);
  try {
    return Buffer.concat([d.update(box.subarray(IV_BYTES, box.length - TAG_BYTES)), d.final()]);
  } catch {
    return null;
  }
}

const dataAad = (context: string) => `omnify:${SEALED_VERSION}:data:${context}`;
const dekAad = (kid: string, context: string) => `omnify:${SEALED_VERSION}:dek:${kid}:${context}`;

/**
 * Encrypts the JSON value `value` under a fresh data key wrapped by `key`, bound to `context`
 * (where it will be stored, e.g. `agents.config:<id>`).
 */
export function seal(key: MasterKey, value: unknown, context: string): SealedValue {
  const dek = randomBytes(KEY_BYTES);
  try {
    return {
      omnifyEnc: SEALED_VERSION,
      kid: key.id,
      dek: gcmEncrypt(key.bytes, dek, dekAad(key.id, context)).toString('base64'),
      data: gcmEncrypt(dek, Buffer.from(JSON.stringify(value), 'utf8'), dataAad(context)).toString('base64'),
    };
  } finally {
    dek.fill(0);
  }
}

/**
 * Decrypts a sealed value stored at `context`. Throws `OMNIFY_ERR_SECRET_KEY_MISMATCH` when it was
 * sealed under another master key (naming both key ids), and `OMNIFY_ERR_SECRET_DECRYPT_FAILED`
 * when authentication fails (altered, or copied from another row or column).
 */
export function unseal(key: MasterKey, sealed: SealedValue, context: string): unknown {
  if (sealed.kid !== key.id) {
    throw new OmnifyError(
      'OMNIFY_ERR_SECRET_KEY_MISMATCH',
      `The secret in ${context} was encrypted with master key ${sealed.kid}, but the configured key is ${key.id}. ` +
        'Start with the key it was encrypted with (OMNIFY_SECRET_KEY / OMNIFY_SECRET_KEY_FILE, or DATA_DIR/secret.key).',
    );
  }
  const failed = () =>
    new OmnifyError(
      'OMNIFY_ERR_SECRET_DECRYPT_FAILED',
      `The secret in ${context} cannot be decrypted: it was altered or copied from another row.`,
    );
  const dek = gcmDecrypt(key.bytes, Buffer.from(sealed.dek, 'base64'), dekAad(sealed.kid, context));
  if (!dek || dek.length !== KEY_BYTES) throw failed();
  try {
    const plain = gcmDecrypt(dek, Buffer.from(sealed.data, 'base64'), dataAad(context));
    if (!plain) throw failed();
    return JSON.parse(plain.toString('utf8'));
  } finally {
    dek.fill(0);
  }
}
