import type { Config } from '../kernel/config/config.ts';
import { isUuid } from '../kernel/db/uuid.ts';
import { generatePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../modules/users/credentials.ts';
import { RESET_TTL_MS } from '../modules/users/password-resets.repository.ts';
import { createUser, requestPasswordReset } from '../modules/users/users.service.ts';
import { ROLES, type Role } from '../modules/workspaces/access.ts';
import { bootstrapWorkspace } from '../modules/workspaces/api-keys.ts';
import { workspaceNames } from '../modules/workspaces/workspaces.service.ts';
import { withDatabase } from './keys.ts';

/** Options of `omnify users create`. */
export interface UsersCreateOptions {
  email?: string;
  name?: string;
  password?: string;
  role?: string;
  workspace?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The usage error of the options, or null when they are fine. */
function invalid(opts: UsersCreateOptions): string | null {
  if (!opts.email || !EMAIL.test(opts.email.trim())) return '--email must be an e-mail address.';
  if (!opts.name?.trim()) return '--name is required.';
  if (opts.role !== undefined && !ROLES.includes(opts.role as Role))
    return `--role must be one of ${ROLES.join(', ')}.`;
  if (opts.workspace !== undefined && !isUuid(opts.workspace)) {
    return '--workspace must be a workspace id (UUID); see `omnify keys list`.';
  }
  const p = opts.password;
  if (p !== undefined && (p.length < PASSWORD_MIN_LENGTH || p.length > PASSWORD_MAX_LENGTH)) {
    return `--password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`;
  }
  return null;
}

/**
 * `omnify users create --email E --name N [--password P] [--role R] [--workspace ID]`: creates a user
 * on this machine (the headless alternative to the first-run wizard), by default as `owner` of the
 * default workspace (created when missing). Without `--password` a random one is generated and
 * printed once. Returns the exit code (2: bad arguments, 1: e-mail taken, unknown workspace or busy
 * embedded database).
 */
export async function runUsersCreate(config: Config, opts: UsersCreateOptions): Promise<number> {
  const problem = invalid(opts);
  if (problem) {
    console.error(problem);
    return 2;
  }
  return withDatabase(config, async (db) => {
    const workspaceId = opts.workspace ?? (await bootstrapWorkspace(db)).workspaceId;
    const name = (await workspaceNames(db, [workspaceId])).get(workspaceId);
    if (name === undefined) {
      console.error(`No workspace has the id ${workspaceId}; see \`omnify keys list\`.`);
      return 1;
    }
    const password = opts.password ?? generatePassword();
    const role = (opts.role ?? 'owner') as Role;
    const made = await createUser(db, {
      email: opts.email!,
      name: opts.name!.trim(),
      password,
      role,
      workspaceId,
    });
    if (!made) {
      console.error(
        `A user with the e-mail ${opts.email} already exists; invite them from the web app instead.`,
      );
      return 1;
    }
    console.log(
      `Created ${opts.email} (user ${made.userId}) as ${role} of workspace "${name}" (${workspaceId}).`,
    );
    if (opts.password === undefined) {
      console.log('Their password (shown only this once; only its argon2id hash is stored):');
      console.log(`  ${password}`);
    }
    return 0;
  });
}

/**
 * `omnify users reset-password <email>`: prints a one-time link `<PUBLIC_URL>/reset-password?token=…`
 * (default base `http://localhost:$PORT`) that sets a new password, valid 1 hour. Exit code 1 when no
 * active user has the e-mail (or the embedded database is busy), 2 without an e-mail.
 */
export async function runUsersResetPassword(config: Config, email: string | undefined): Promise<number> {
  if (!email) {
    console.error('Usage: omnify users reset-password <email>');
    return 2;
  }
  return withDatabase(config, async (db) => {
    const made = await requestPasswordReset(db, email);
    if (!made) {
      console.error(`No active user has the e-mail ${email}.`);
      return 1;
    }
    const base = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
    console.log(`Password-reset link for ${email}, valid ${RESET_TTL_MS / 60_000} minutes, once:`);
    console.log(`  ${base}/reset-password?token=${made.token}`);
    return 0;
  });
}
