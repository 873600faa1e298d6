import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { webchatSessions } from './webchat.schema.ts';

/** A visitor session as the routes use it (no token: only its hash is stored). */
export interface VisitorSession {
  id: string;
  workspaceId: string;
  channelId: string;
  /** The visitor's identity handle: the session id, or `user:<userId>` for a signed identity. */
  handle: string;
  /** Their conversation's thread key, `<channel id>:<handle>`. */
  threadKey: string;
  displayName: string | null;
  email: string | null;
  emailVerified: boolean;
}

const columns = {
  id: webchatSessions.id,
  workspaceId: webchatSessions.workspaceId,
  channelId: webchatSessions.channelId,
  handle: webchatSessions.handle,
  threadKey: webchatSessions.threadKey,
  displayName: webchatSessions.displayName,
  email: webchatSessions.email,
  emailVerified: webchatSessions.emailVerified,
};

/** A new session row: `id` chosen by the caller (an anonymous visitor's handle is their session id). */
export interface NewVisitorSession extends Omit<VisitorSession, 'workspaceId'> {
  /** SHA-256 (hex) of the session token. */
  tokenHash: string;
  /** The allowed origin it was opened from. */
  origin: string;
}

/** Inserts a session of `workspaceId`'s channel. */
export async function insertSession(
  db: Queryable,
  workspaceId: string,
  s: NewVisitorSession,
): Promise<VisitorSession> {
  const scope = scoped(db, workspaceId);
  const [row] = await scope.db
    .insert(webchatSessions)
    .values(scope.values({ ...s }))
    .returning(columns);
  return row!;
}

/**
 * The session of channel `channelId` whose token hashes to `tokenHash`, or null. The channel,
 * already loaded from the route, tells the workspace.
 */
export async function findSessionByToken(
  db: Queryable,
  workspaceId: string,
  channelId: string,
  tokenHash: string,
): Promise<VisitorSession | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(columns)
    .from(webchatSessions)
    .where(
      s.where(
        webchatSessions,
        and(eq(webchatSessions.channelId, channelId), eq(webchatSessions.tokenHash, tokenHash)),
      ),
    );
  return row ?? null;
}

/** Marks session `id` seen now and, when given, stores the name and e-mail a signed identity carried. */
export async function touchSession(
  db: Queryable,
  workspaceId: string,
  id: string,
  profile?: { displayName: string | null; email?: string; emailVerified?: boolean },
): Promise<VisitorSession | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .update(webchatSessions)
    .set({ lastSeenAt: sql`now()`, ...profile })
    .where(s.where(webchatSessions, eq(webchatSessions.id, id)))
    .returning(columns);
  return row ?? null;
}

/** Stores the e-mail address the visitor typed (unverified) on session `id`. */
export async function setSessionEmail(
  db: Queryable,
  workspaceId: string,
  id: string,
  email: string,
): Promise<void> {
  const s = scoped(db, workspaceId);
  await s.db
    .update(webchatSessions)
    .set({ email, emailVerified: false })
    .where(s.where(webchatSessions, eq(webchatSessions.id, id)));
}
