import { createHmac, hkdfSync } from 'node:crypto';
import { isSealed, type MasterKey, type SealedValue, seal, unseal } from './envelope.ts';

/** Where a sealed value lives: `<table>.<column>:<row id>`, the associated data that binds it to its row. */
export function sealedContext(table: string, column: string, rowId: string): string {
  return `${table}.${column}:${rowId}`;
}

/**
 * Encrypts and decrypts secret-holding JSON columns with one master key (AES-256-GCM envelope
 * encryption, see ./envelope.ts and docs/security.md). Repositories seal before writing and open
 * after reading, so no other code ever sees ciphertext.
 */
export class SecretBox {
  readonly #key: MasterKey;

  constructor(key: MasterKey) {
    this.#key = key;
  }

  readonly #macKeys = new Map<string, Buffer>();

  /** Public id of the master key (16 hex characters). */
  get keyId(): string {
    return this.#key.id;
  }

  /** Seals `value` for the row `rowId` of `table.column`. */
  seal(value: unknown, table: string, column: string, rowId: string): SealedValue {
    return seal(this.#key, value, sealedContext(table, column, rowId));
  }

  /**
   * HMAC-SHA-256 of `data` (base64url, 43 characters) under a key derived from the master key for
   * `purpose` (HKDF-SHA-256, info `omnify <purpose>`): tokens that must be unforgeable without the
   * server's secret and need no storage, such as CSRF tokens. Every process with the same master
   * key computes the same value; rotating the master key changes it.
   */
  mac(purpose: string, data: string): string {
    let key = this.#macKeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#key.bytes, Buffer.alloc(0), `omnify ${purpose}`, 32));
      this.#macKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(data, 'utf8').digest('base64url');
  }

  /**
   * Opens a stored value of `table.column` in row `rowId`: decrypts a sealed value, and returns a
   * plaintext one (a row written before encryption existed, sealed at the next start) unchanged;
   * null and undefined stay as they are. Throws `OMNIFY_ERR_SECRET_KEY_MISMATCH` or
   * `OMNIFY_ERR_SECRET_DECRYPT_FAILED` (see {@link unseal}).
   */
  open<T = Record<string, unknown>>(stored: unknown, table: string, column: string, rowId: string): T {
    if (!isSealed(stored)) return stored as T;
    return unseal(this.#key, stored, sealedContext(table, column, rowId)) as T;
  }
}
