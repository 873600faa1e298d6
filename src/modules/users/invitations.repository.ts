import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import type { Role } from '../workspaces/access.ts';
import { hashToken, newToken } from './credentials.ts';
import { invitations } from './users.schema.ts';

/** How long an invitation link stays valid (ms): 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** An invitation row. */
export type InvitationRow = typeof invitations.$inferSelect;

/** Where an invitation stands: `pending` until accepted, revoked or past `expiresAt`. */
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/** An invitation as listed (never its token). Times are ISO 8601. */
export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/** The status of an invitation row at `now`. */
export function statusOf(r: InvitationRow, now = new Date()): InvitationStatus {
  if (r.acceptedAt) return 'accepted';
  if (r.revokedAt) return 'revoked';
  return r.expiresAt <= now ? 'expired' : 'pending';
}

const toView = (r: InvitationRow): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: statusOf(r),
  invitedBy: r.invitedBy,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});

/**
 * Stores an invitation of `email` as `role` to the workspace, valid {@link INVITATION_TTL_MS};
 * returns its listing and the token (only its SHA-256 is stored). Pending invitations of the same
 * e-mail to this workspace are revoked: the newest link is the one that works.
 */
export async function insertInvitation(
  q: Queryable,
  workspaceId: string,
  input: { email: string; role: Role; invitedBy: string | null },
): Promise<{ token: string; view: InvitationView }> {
  const s = scoped(q, workspaceId);
  await s.db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      s.where(
        invitations,
        eq(sql`lower(${invitations.email})`, input.email.trim().toLowerCase()),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const token = newToken();
  const [row] = await s.db
    .insert(invitations)
    .values(
      s.values({
        email: input.email.trim(),
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: input.invitedBy,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      }),
    )
    .returning();
  return { token, view: toView(row!) };
}

/** The workspace's invitations, newest first (at most 500). */
export async function listInvitations(q: Queryable, workspaceId: string): Promise<InvitationView[]> {
  const s = scoped(q, workspaceId);
  const rows = await s.db
    .select()
    .from(invitations)
    .where(s.where(invitations))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(500);
  return rows.map(toView);
}

/** One invitation of the workspace, or null. */
export async function findInvitation(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<InvitationRow | null> {
  const s = scoped(q, workspaceId);
  const [row] = await s.db
    .select()
    .from(invitations)
    .where(s.where(invitations, eq(invitations.id, id)));
  return row ?? null;
}

/** Marks a pending invitation revoked; false when it was not pending. */
export async function revokeInvitation(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const s = scoped(q, workspaceId);
  const rows = await s.db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      s.where(
        invitations,
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/**
 * The pending (not accepted, revoked or expired) invitation whose token is `token`, or null;
 * with `lock`, the row is locked until the transaction ends (accepting it).
 */
export async function findPendingByToken(
  q: Queryable,
  token: string,
  lock = false,
): Promise<InvitationRow | null> {
  // unscoped: an invitation link finds its workspace from the token
  const query = orm(q)
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Marks the invitation accepted. */
export async function markAccepted(q: Queryable, workspaceId: string, id: string): Promise<void> {
  const s = scoped(q, workspaceId);
  await s.db
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(s.where(invitations, eq(invitations.id, id)));
}
