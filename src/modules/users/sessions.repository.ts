import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import type { Role } from '../workspaces/access.ts';
import { hashToken, newToken } from './credentials.ts';
import {
  cachedSession,
  evictSessions,
  lookupStarted,
  sessionTouched,
  storeSession,
} from './session-cache.ts';
import { memberships, sessions, users } from './users.schema.ts';

/** How long a session lasts from sign-in (ms): 30 days, not extended by use. */
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

/** A live session found by its cookie: its user, current workspace and the role there (null: no longer a member). */
export interface LiveSession {
  id: string;
  userId: string;
  workspaceId: string;
  role: Role | null;
  lastSeenAt: Date;
}

/**
 * Starts a session of `userId` in `workspaceId` (expires in {@link SESSION_TTL_MS}) and returns
 * its token: the cookie's value, shown to nobody else; only its SHA-256 is stored.
 */
export async function insertSession(q: Queryable, userId: string, workspaceId: string): Promise<string> {
  const token = newToken();
  const s = scoped(q, workspaceId);
  await s.db.insert(sessions).values(
    s.values({
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    }),
  );
  return token;
}

/**
 * The unexpired session whose token is `token`, of a user not disabled, with the user's role in the
 * session's workspace; null when there is none. Answers from this process's cache
 * (session-cache.ts: up to 30 s old, evicted at once by this process's writes) when it can; a
 * session whose user is no longer a member of its workspace (`role` null) is never cached.
 */
export async function findLiveSession(q: Queryable, token: string): Promise<LiveSession | null> {
  const tokenHash = hashToken(token);
  const cached = cachedSession(q, tokenHash);
  if (cached) return cached;
  const started = lookupStarted();
  // unscoped: a session cookie finds its workspace from the token
  const [row] = await orm(q)
    .select({
      id: sessions.id,
      userId: sessions.userId,
      workspaceId: sessions.workspaceId,
      role: memberships.role,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(
      memberships,
      and(eq(memberships.userId, sessions.userId), eq(memberships.workspaceId, sessions.workspaceId)),
    )
    .where(
      and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)),
    );
  if (!row) return null;
  const { expiresAt, ...session } = row;
  if (session.role) storeSession(q, tokenHash, { ...session, role: session.role }, expiresAt, started);
  return session;
}

/**
 * Records that the session of `token` (id `id`) was used now, in the database and in this process's
 * cached lookup (which would otherwise ask for the write again on every request).
 */
export async function touchSession(
  q: Queryable,
  workspaceId: string,
  id: string,
  token: string,
): Promise<void> {
  const now = new Date();
  sessionTouched(hashToken(token), now);
  const s = scoped(q, workspaceId);
  await s.db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(s.where(sessions, eq(sessions.id, id)));
}

/** Moves the session of `token` (now in `workspaceId`) to the workspace `to`. */
export async function moveSession(
  q: Queryable,
  workspaceId: string,
  token: string,
  to: string,
): Promise<void> {
  const s = scoped(q, workspaceId);
  const tokenHash = hashToken(token);
  await s.db
    .update(sessions)
    .set({ workspaceId: to })
    .where(s.where(sessions, eq(sessions.tokenHash, tokenHash)));
  evictSessions(q, { tokenHash });
}

/** Ends the session of `token` (sign-out). */
export async function deleteSession(q: Queryable, workspaceId: string, token: string): Promise<void> {
  const s = scoped(q, workspaceId);
  const tokenHash = hashToken(token);
  await s.db.delete(sessions).where(s.where(sessions, eq(sessions.tokenHash, tokenHash)));
  evictSessions(q, { tokenHash });
}

/** Ends every session of a user, in every workspace (after a password change). */
export async function deleteUserSessions(q: Queryable, userId: string): Promise<void> {
  // unscoped: a password reset ends the user's sessions in every workspace
  await orm(q).delete(sessions).where(eq(sessions.userId, userId));
  evictSessions(q, { userId });
}
