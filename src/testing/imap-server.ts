import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A real IMAP server for tests: Debian's Dovecot (`dovecot-imapd`, installed by `.ci/run`), started
 * per test file in the foreground with its own config in a temporary directory, on a free port of
 * 127.0.0.1, plaintext (no TLS), users from a passwd-file, Maildir storage. No npm IMAP server fits:
 * `hoodiecrow-imap` is an unmaintained mock and WildDuck needs MongoDB and Redis.
 */

/** A running Dovecot. */
export interface ImapTestServer {
  host: '127.0.0.1';
  port: number;
  /** Dovecot's log so far (for failing tests). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

/** Where Dovecot is installed, if it is. */
const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

/**
 * Why IMAP tests cannot run here (no Dovecot), for `describe.skipIf` with a clear message; undefined
 * when they can.
 */
export function imapSkipReason(): string | undefined {
  return DOVECOT
    ? undefined
    : 'no IMAP server: Dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it): IMAP tests are skipped';
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Options of {@link startImapServer}. */
export interface ImapServerOptions {
  /** Accounts (user names are addresses); each gets an empty INBOX. */
  users: { user: string; pass: string }[];
  /** False: the server does not announce IDLE (the client must poll). Default true. */
  idle?: boolean;
}

function dovecotConfig(
  dir: string,
  port: number,
  o: ImapServerOptions,
  users: { mail: string; internal: string; login: string },
) {
  const idleOff = o.idle === false;
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = omnify-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = ${dir}/dovecot.log
default_internal_user = ${users.internal}
default_login_user = ${users.login}
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u
${idleOff ? 'imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS NAMESPACE CHILDREN' : ''}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${users.mail} gid=${users.mail} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

/**
 * Starts Dovecot (see the module comment); resolves once it greets on its port. As root, mail is
 * stored as Debian's `mail` user, Dovecot's own processes run as `dovecot` and logins as `dovenull`; otherwise everything runs as the
 * current user. `stop()` ends this one process (by its pid) and removes its directory.
 *
 * @throws Error when Dovecot is not installed (check {@link imapSkipReason} first) or does not come up
 *   within 10 s (the error holds its log).
 */
export async function startImapServer(options: ImapServerOptions): Promise<ImapTestServer> {
  if (!DOVECOT) throw new Error(imapSkipReason());
  const dir = await mkdtemp(join(tmpdir(), 'omnify-imap-'));
  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  await chmod(dir, 0o755); // Dovecot's unprivileged processes read the users file and the mail below it
  await Promise.all(['run', 'state', 'mail'].map((d) => mkdir(join(dir, d))));
  if (root) await chown(join(dir, 'mail'), 8, 8); // Debian's `mail` user owns the mailboxes
  const users = options.users.map((u) => `${u.user}:{PLAIN}${u.pass}::::`).join('\n');
  await writeFile(join(dir, 'users'), `${users}\n`, { mode: 0o644 });
  const port = await freePort();
  const conf = join(dir, 'dovecot.conf');
  const runAs = root
    ? { mail: 'mail', internal: 'dovecot', login: 'dovenull' }
    : { mail: me, internal: me, login: me };
  await writeFile(conf, dovecotConfig(dir, port, options, runAs));
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const log = () => readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  const stop = async () => {
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      const text = await log();
      await stop();
      throw new Error(`Dovecot did not start on 127.0.0.1:${port}:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host: '127.0.0.1', port, log, stop };
}
