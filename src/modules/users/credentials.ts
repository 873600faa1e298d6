import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords and one-time tokens. Passwords are hashed with argon2id (@node-rs/argon2 defaults,
 * the OWASP minimum: 19 MiB, 2 passes, 1 lane; the parameters travel in the PHC string, so they
 * can be raised later without breaking stored hashes). Tokens (sessions, invitations, password
 * resets) are 32 random bytes in base64url; only their SHA-256 is stored — a token this random
 * needs no slow hash.
 */

/** Password length limits, in characters. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

/** The argon2id PHC string of `password` (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | undefined;

/** A hash of a random password with the same cost, verified when there is no user (equal timing). */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/**
 * True when `password` matches `stored`. With `stored` null (no such user) a dummy hash is
 * verified anyway and false returned, so unknown e-mails and wrong passwords take as long.
 * A malformed stored hash counts as no match.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(stored ?? (await dummyHash()), password);
    return ok && stored !== null;
  } catch {
    return false;
  }
}

/** A new one-time token: 43 base64url characters (32 random bytes). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hex SHA-256 of a token, as stored in the `token_hash` columns. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random password for `omnify users create` without `--password`: 24 base64url characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Constant-time string equality (false when the lengths differ). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The form e-mails are compared in (trimmed, lower case); stored as typed, unique by `lower(email)`. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
