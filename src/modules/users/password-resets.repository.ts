import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm } from '../../kernel/db/orm.ts';
import { hashToken, newToken } from './credentials.ts';
import { passwordResets } from './users.schema.ts';

/** How long a password-reset token stays valid (ms): 1 hour. */
export const RESET_TTL_MS = 3600_000;

/**
 * Stores a one-time reset token for the user (valid {@link RESET_TTL_MS}) and returns it; only its
 * SHA-256 is stored. The user's expired and used tokens are deleted on the way.
 */
export async function insertReset(q: Queryable, userId: string): Promise<string> {
  const db = orm(q);
  await db
    .delete(passwordResets)
    .where(
      and(
        eq(passwordResets.userId, userId),
        or(lt(passwordResets.expiresAt, new Date()), isNotNull(passwordResets.usedAt)),
      ),
    );
  const token = newToken();
  await db
    .insert(passwordResets)
    .values({ userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) });
  return token;
}

/**
 * Marks the unused, unexpired reset token `token` used and returns its user id; null when the
 * token is unknown, used or expired. Atomic: of two concurrent uses only one gets the user.
 */
export async function consumeReset(q: Queryable, token: string): Promise<string | null> {
  const [row] = await orm(q)
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, new Date()),
      ),
    )
    .returning({ userId: passwordResets.userId });
  return row?.userId ?? null;
}
