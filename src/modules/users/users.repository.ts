import { asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import type { Role } from '../workspaces/access.ts';
import { evictSessions } from './session-cache.ts';
import { memberships, users } from './users.schema.ts';

/** A user row. */
export type UserRow = typeof users.$inferSelect;

/** A member of a workspace as listed by `GET /users`: `createdAt` is when they joined it (ISO 8601). */
export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** One workspace membership of a user. */
export interface Membership {
  workspaceId: string;
  role: Role;
  createdAt: Date;
}

/** True once any user exists (the instance no longer needs its first owner). */
export async function anyUserExists(q: Queryable): Promise<boolean> {
  const [row] = await orm(q).select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

/** The user with this e-mail (compared case-insensitively), disabled ones included; or null. */
export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | null> {
  const [row] = await orm(q)
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return row ?? null;
}

/** The user with this id, or null. */
export async function findUser(q: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await orm(q).select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Inserts a user; null when the e-mail is taken (unique `lower(email)`). */
export async function insertUser(
  q: Queryable,
  input: { email: string; name: string; passwordHash: string },
): Promise<UserRow | null> {
  const [row] = await orm(q)
    .insert(users)
    .values({ email: input.email.trim(), name: input.name, passwordHash: input.passwordHash })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Replaces a user's password hash. */
export async function setPasswordHash(q: Queryable, userId: string, passwordHash: string): Promise<void> {
  await orm(q).update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Every membership of a user (all workspaces), oldest first. */
export async function membershipsOf(q: Queryable, userId: string): Promise<Membership[]> {
  // unscoped: a user's memberships span workspaces
  return orm(q)
    .select({
      workspaceId: memberships.workspaceId,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(memberships.workspaceId));
}

/** The user's role in the workspace, or null when not a member. */
export async function roleIn(q: Queryable, workspaceId: string, userId: string): Promise<Role | null> {
  const s = scoped(q, workspaceId);
  const [row] = await s.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(s.where(memberships, eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** Adds the user to the workspace with `role`; an existing membership is kept as it is. */
export async function addMembership(
  q: Queryable,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<void> {
  const s = scoped(q, workspaceId);
  await s.db.insert(memberships).values(s.values({ userId, role })).onConflictDoNothing();
}

function memberQuery(q: Queryable, workspaceId: string, userId?: string) {
  const s = scoped(q, workspaceId);
  return s.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      s.where(
        memberships,
        isNull(users.disabledAt),
        userId === undefined ? undefined : eq(memberships.userId, userId),
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(users.id));
}

/** The workspace's members (users not disabled), in the order they joined. */
export async function listMembers(q: Queryable, workspaceId: string): Promise<MemberView[]> {
  const rows = await memberQuery(q, workspaceId);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One member of the workspace, or null. */
export async function findMember(
  q: Queryable,
  workspaceId: string,
  userId: string,
): Promise<MemberView | null> {
  const [r] = await memberQuery(q, workspaceId, userId);
  return r ? { ...r, createdAt: r.createdAt.toISOString() } : null;
}

/** How many owners the workspace has. */
export async function ownerCount(q: Queryable, workspaceId: string): Promise<number> {
  const s = scoped(q, workspaceId);
  const [row] = await s.db
    .select({ n: count() })
    .from(memberships)
    .where(s.where(memberships, eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

/** Sets a member's role; false when the user is not a member of the workspace. */
export async function setRole(
  q: Queryable,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<boolean> {
  const s = scoped(q, workspaceId);
  const rows = await s.db
    .update(memberships)
    .set({ role })
    .where(s.where(memberships, eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  // The user's cached sessions carry the old role (session-cache.ts).
  evictSessions(q, { userId });
  return rows.length > 0;
}

/** Removes a member from the workspace; false when the user was not a member. */
export async function removeMembership(q: Queryable, workspaceId: string, userId: string): Promise<boolean> {
  const s = scoped(q, workspaceId);
  const rows = await s.db
    .delete(memberships)
    .where(s.where(memberships, eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  // The user's cached sessions carry the removed membership (session-cache.ts).
  evictSessions(q, { userId });
  return rows.length > 0;
}

/** True when a user (not disabled) with this e-mail exists. */
export async function activeUserExists(q: Queryable, email: string): Promise<boolean> {
  const user = await findUserByEmail(q, email);
  return user !== null && user.disabledAt === null;
}
