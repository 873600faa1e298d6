import type { Database, Queryable } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { Role } from '../workspaces/access.ts';
import { bootstrapWorkspace } from '../workspaces/api-keys.ts';
import { renameWorkspace, workspaceNames } from '../workspaces/workspaces.service.ts';
import { hashPassword, verifyPassword } from './credentials.ts';
import { consumeReset, insertReset } from './password-resets.repository.ts';
import { deleteUserSessions, insertSession } from './sessions.repository.ts';
import {
  addMembership,
  anyUserExists,
  findMember,
  findUser,
  findUserByEmail,
  insertUser,
  type MemberView,
  membershipsOf,
  ownerCount,
  removeMembership,
  roleIn,
  setPasswordHash,
  setRole,
  type UserRow,
} from './users.repository.ts';

/** For other modules: a workspace's members, one of them, and a user's role there (null: not a member). */
export { findMember, listMembers, type MemberView, roleIn } from './users.repository.ts';

/**
 * What other code may do with users: the first owner (setup), sign-in, who is signed in (`Me`),
 * password resets and the members of a workspace. Tokens returned here are shown once and stored
 * only as hashes. docs/access.md describes the rules.
 */

/** Advisory lock key of the users module (setup; per workspace with a second key: last-owner checks). */
const USERS_LOCK = 7157003;

/** Who is signed in, where, with which role, and every workspace they may switch to. */
export interface MeView {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  role: Role;
  workspaces: Array<{ id: string; name: string; role: Role }>;
  /** Echo it in `x-csrf-token` on every state-changing request made with the session cookie. */
  csrfToken: string;
}

/** A session just started: the cookie's token and where it works. */
export interface NewSession {
  userId: string;
  workspaceId: string;
  token: string;
}

/** `Me` of `userId` working in `workspaceId`; 404 when the user is not (any more) a member there. */
export async function meOf(
  q: Queryable,
  userId: string,
  workspaceId: string,
  csrfToken: string,
): Promise<MeView> {
  const user = await findUser(q, userId);
  const all = await membershipsOf(q, userId);
  const current = all.find((m) => m.workspaceId === workspaceId);
  if (!user || !current)
    throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'You are not a member of this workspace.');
  const names = await workspaceNames(
    q,
    all.map((m) => m.workspaceId),
  );
  return {
    user: { id: user.id, email: user.email, name: user.name },
    workspace: { id: workspaceId, name: names.get(workspaceId) ?? '' },
    role: current.role,
    workspaces: all.map((m) => ({ id: m.workspaceId, name: names.get(m.workspaceId) ?? '', role: m.role })),
    csrfToken,
  };
}

/** True while no user exists: the instance still needs its first owner (`GET /setup`). */
export async function needsOwner(db: Queryable): Promise<boolean> {
  return !(await anyUserExists(db));
}

/**
 * Creates the instance's first user as `owner` of its first (default) workspace — created when
 * missing, renamed to `workspaceName` — and signs them in. 409 `OMNIFY_ERR_CONFLICT` once any user
 * exists; concurrent calls are serialized by an advisory lock, so exactly one succeeds.
 */
export async function setupOwner(
  db: Database,
  input: { name: string; email: string; password: string; workspaceName: string },
): Promise<NewSession> {
  const done = () =>
    new OmnifyError('OMNIFY_ERR_CONFLICT', 'This instance already has its owner: sign in instead.');
  if (await anyUserExists(db)) throw done();
  const passwordHash = await hashPassword(input.password);
  const { workspaceId } = await bootstrapWorkspace(db);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${USERS_LOCK})`);
    if (await anyUserExists(tx)) throw done();
    const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash });
    if (!user) throw done();
    await addMembership(tx, workspaceId, user.id, 'owner');
    await renameWorkspace(tx, workspaceId, input.workspaceName);
    return { userId: user.id, workspaceId, token: await insertSession(tx, user.id, workspaceId) };
  });
}

/**
 * Creates a user with `role` in `workspaceId` (`omnify users create`); null when the e-mail is taken.
 */
export async function createUser(
  db: Database,
  input: { email: string; name: string; password: string; role: Role; workspaceId: string },
): Promise<{ userId: string } | null> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash });
    if (!user) return null;
    await addMembership(tx, input.workspaceId, user.id, input.role);
    return { userId: user.id };
  });
}

/**
 * The active user with this e-mail and password, or null (unknown e-mail, disabled user or wrong
 * password all take one argon2 verification: the answers cannot tell them apart).
 */
export async function checkPassword(db: Queryable, email: string, password: string): Promise<UserRow | null> {
  const user = await findUserByEmail(db, email);
  const active = user && !user.disabledAt ? user : null;
  return (await verifyPassword(active?.passwordHash ?? null, password)) ? active : null;
}

/**
 * Signs `user` in to `workspaceId` when given (a member there), else to their oldest membership.
 * 403 `OMNIFY_ERR_FORBIDDEN` for a user who belongs to no workspace.
 */
export async function startSession(db: Queryable, userId: string, workspaceId?: string): Promise<NewSession> {
  const all = await membershipsOf(db, userId);
  const ws = all.find((m) => m.workspaceId === workspaceId) ?? all[0];
  if (!ws) {
    throw new OmnifyError(
      'OMNIFY_ERR_FORBIDDEN',
      'This account belongs to no workspace any more: ask a workspace owner to invite you again.',
    );
  }
  return { userId, workspaceId: ws.workspaceId, token: await insertSession(db, userId, ws.workspaceId) };
}

/**
 * Creates a reset token (valid 1 h) for the active user with this e-mail and answers it with the
 * user's id, stored e-mail and name (to address the link to); null when there is no such user.
 */
export async function requestPasswordReset(
  db: Queryable,
  email: string,
): Promise<{ userId: string; email: string; name: string; token: string } | null> {
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt) return null;
  return { userId: user.id, email: user.email, name: user.name, token: await insertReset(db, user.id) };
}

/**
 * Sets a new password with a reset token: the token is used up and every session of the user ends.
 * 400 `OMNIFY_ERR_TOKEN_INVALID` for an unknown, expired or used token.
 */
export async function confirmPasswordReset(db: Database, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const userId = await consumeReset(tx, token);
    if (!userId) {
      throw new OmnifyError(
        'OMNIFY_ERR_TOKEN_INVALID',
        'This password-reset link is invalid, expired or already used: ask for a new one.',
      );
    }
    await setPasswordHash(tx, userId, passwordHash);
    await deleteUserSessions(tx, userId);
  });
}

/** Runs `fn` holding the workspace's member lock, after checking `userId` is a member (else 404). */
async function withMember<T>(
  db: Database,
  workspaceId: string,
  userId: string,
  fn: (tx: Queryable, role: Role) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [USERS_LOCK, workspaceId]);
    const role = isUuid(userId) ? await roleIn(tx, workspaceId, userId) : null;
    if (!role) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No member of this workspace has this id.');
    return fn(tx, role);
  });
}

const lastOwner = () =>
  new OmnifyError(
    'OMNIFY_ERR_CONFLICT',
    'This is the workspace’s last owner: make another member owner first.',
  );

/** Changes a member's role and returns the member; 404 for a user who is not a member, 409 when it would leave no owner. */
export async function changeRole(
  db: Database,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<MemberView> {
  return withMember(db, workspaceId, userId, async (tx, current) => {
    if (current === 'owner' && role !== 'owner' && (await ownerCount(tx, workspaceId)) <= 1)
      throw lastOwner();
    await setRole(tx, workspaceId, userId, role);
    const member = await findMember(tx, workspaceId, userId);
    if (!member) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No member of this workspace has this id.');
    return member;
  });
}

/** Removes a member from the workspace (the user remains); 404 / 409 as {@link changeRole}. */
export async function removeMember(db: Database, workspaceId: string, userId: string): Promise<void> {
  await withMember(db, workspaceId, userId, async (tx, current) => {
    if (current === 'owner' && (await ownerCount(tx, workspaceId)) <= 1) throw lastOwner();
    await removeMembership(tx, workspaceId, userId);
  });
}
