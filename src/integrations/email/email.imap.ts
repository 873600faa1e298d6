import { ImapFlow } from 'imapflow';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { LookupFunction } from '../../kernel/http-client/ssrf.ts';
import type { ReceiverContext } from '../contract/channel-adapter.ts';
import { type EmailConfig, emailSecrets, imapServer, type MailServer } from './email.config.ts';
import { type EmailEnvelope, readMail } from './email.envelope.ts';
import { resolveMailHost } from './email.host-guard.ts';

/** Timing and policy of the IMAP loop (defaults in {@link IMAP_DEFAULTS}). */
export interface ImapLoopOptions {
  /** Whether private and loopback IMAP hosts may be used (`OMNIFY_ALLOW_PRIVATE_URLS`). */
  allowPrivate: boolean;
  lookup?: LookupFunction;
  /** Use IDLE when the server offers it (false: always poll; tests of the fallback). */
  useIdle: boolean;
  /** Wait between two checks when the server has no IDLE, ms. */
  pollIntervalMs: number;
  /** Longest IDLE before checking anyway, ms (RFC 2177: re-issue IDLE at least every 29 minutes). */
  idleRefreshMs: number;
  /** Reconnect backoff after failure n: a random wait in [s/2, s], s = min(maxMs, baseMs·2ⁿ⁻¹). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Timeout of connecting, of the greeting and of each command, ms. */
  timeoutMs: number;
  /** Most unseen messages taken per check (the rest come on the next one). */
  batchSize: number;
}

export const IMAP_DEFAULTS: Omit<ImapLoopOptions, 'allowPrivate'> = {
  useIdle: true,
  pollIntervalMs: 60_000,
  idleRefreshMs: 10 * 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  timeoutMs: 30_000,
  batchSize: 50,
};

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Errors after which reconnecting cannot help: the channel's config must change. */
function unusable(e: unknown): boolean {
  const err = e as { authenticationFailed?: boolean; serverResponseCode?: string; mailboxMissing?: boolean };
  if (e instanceof OmnifyError) return e.code === 'OMNIFY_ERR_PLATFORM_REJECTED';
  return (
    err?.mailboxMissing === true ||
    (err?.authenticationFailed === true && err.serverResponseCode !== 'UNAVAILABLE')
  );
}

function asOmnifyError(e: unknown, secrets: string[]): OmnifyError {
  if (e instanceof OmnifyError) return e;
  const err = e as { serverResponseCode?: string; code?: string; message?: string; mailboxMissing?: boolean };
  const text = redact(String(err?.message ?? e), secrets).slice(0, 300);
  const platformCode = err?.mailboxMissing
    ? 'NONEXISTENT'
    : (err?.serverResponseCode ?? err?.code ?? 'imap_error');
  return new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', `The IMAP server refused: ${text}`, {
    platformCode,
    platformMessage: text,
  });
}

/** Waits for new mail in IDLE: resolves on EXISTS, after `ms` or on abort; rejects when the connection closes. */
function idleUntilMail(client: ImapFlow, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      client.off('exists', done);
      client.off('close', closed);
      signal.removeEventListener('abort', done);
    };
    function done() {
      cleanup();
      resolve();
    }
    function closed() {
      cleanup();
      reject(new Error('the IMAP connection closed'));
    }
    const timer = setTimeout(done, ms);
    client.on('exists', done);
    client.on('close', closed);
    signal.addEventListener('abort', done, { once: true });
    // IDLE ends when the next command is sent (imapflow breaks it first); its result is not needed.
    client.idle().catch(() => undefined);
  });
}

/**
 * Delivers the oldest `batchSize` unseen messages of the open mailbox, each marked `\Seen` only after
 * `deliver` resolved. True when more unseen messages are left.
 */
async function deliverUnseen(client: ImapFlow, ctx: ReceiverContext, batchSize: number): Promise<boolean> {
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  for (const uid of uids.slice(0, batchSize)) {
    if (ctx.signal.aborted) break;
    // BODY.PEEK[]: fetching does not set \Seen.
    const msg = await client.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
    if (msg === false || !msg.source) continue;
    let envelope: EmailEnvelope | undefined;
    let files: Map<string, Uint8Array> | undefined;
    try {
      ({ envelope, files } = await readMail(msg.source));
    } catch {
      ctx.log.warn('IMAP message is not readable MIME; marked seen, not stored', { uid });
    }
    if (envelope && !envelope.from) {
      ctx.log.warn('IMAP message has no From address; marked seen, not stored', { uid });
    } else if (envelope) {
      await ctx.deliver(envelope, files);
    }
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  }
  return uids.length > batchSize;
}

/** One connection: connect, open the mailbox, deliver and wait until aborted; throws when the connection fails. */
async function session(server: MailServer & { mailbox: string }, ctx: ReceiverContext, o: ImapLoopOptions) {
  const target = await resolveMailHost(server.host, 'IMAP server', o);
  const client = new ImapFlow({
    host: target.address,
    port: server.port,
    secure: server.secure,
    ...(target.host === target.address ? {} : { servername: target.host }),
    ...(server.secure || target.loopback ? {} : { doSTARTTLS: true }),
    auth: server.auth,
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: Math.max(o.idleRefreshMs, o.pollIntervalMs) + o.timeoutMs,
    clientInfo: { name: 'Omnify' },
  });
  let failure: unknown;
  client.on('error', (e: unknown) => {
    failure = e;
  });
  const stop = () => client.close();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    await client.connect();
    const lock = await client.getMailboxLock(server.mailbox);
    try {
      const idle = o.useIdle && client.capabilities.has('IDLE');
      ctx.log.info('IMAP mailbox open', { host: server.host, mailbox: server.mailbox, idle });
      while (!ctx.signal.aborted) {
        const more = await deliverUnseen(client, ctx, o.batchSize);
        if (ctx.signal.aborted) break;
        if (more) continue;
        if (idle) await idleUntilMail(client, o.idleRefreshMs, ctx.signal);
        else {
          await sleep(o.pollIntervalMs, ctx.signal);
          if (!ctx.signal.aborted) await client.noop();
        }
      }
    } finally {
      lock.release();
    }
  } catch (e) {
    if (!ctx.signal.aborted) throw failure ?? e;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

/**
 * The IMAP receiving loop (`ChannelAdapter.receive`): connects to `config`'s IMAP server (TLS, or
 * STARTTLS required unless on a loopback address; the host checked as `resolveMailHost` does), opens
 * the mailbox, hands each unseen message to `ctx.deliver` as an `EmailEnvelope` and marks it `\Seen`
 * only after `deliver` resolved (a crash in between redelivers; the Message-ID dedupes). Then waits
 * for new mail with IDLE when the server offers it, else polls every `pollIntervalMs`. After a
 * failure it reconnects with backoff; returns when `ctx.signal` aborts. Unreadable messages and
 * messages without a From address are marked seen and logged, not delivered. Logs hold no secrets.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the config has no `imapHost`;
 *   `OMNIFY_ERR_PLATFORM_REJECTED` when the config is unusable: a private host not allowed, a
 *   refused login (`AUTHENTICATIONFAILED`), or a mailbox that does not exist (`NONEXISTENT`).
 */
export async function receiveImap(
  config: EmailConfig,
  ctx: ReceiverContext,
  options: Partial<ImapLoopOptions> & { allowPrivate: boolean },
): Promise<void> {
  const o: ImapLoopOptions = { ...IMAP_DEFAULTS, ...options };
  const server = imapServer(config);
  if (!server) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'This e-mail channel has no imapHost.', {
      fields: [{ path: '/config/imapHost', message: 'set it to receive by IMAP' }],
    });
  }
  const secrets = emailSecrets(config);
  let failures = 0;
  while (!ctx.signal.aborted) {
    const started = Date.now();
    try {
      await session(server, ctx, o);
    } catch (e) {
      if (ctx.signal.aborted) break;
      if (unusable(e)) throw asOmnifyError(e, secrets);
      // A connection that lasted a while was healthy: start the backoff again.
      failures = Date.now() - started > o.backoffMaxMs ? 1 : failures + 1;
      const s = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** (failures - 1));
      const waitMs = Math.round(s / 2 + (Math.random() * s) / 2);
      const err = e as { code?: string; message?: string };
      ctx.log.warn('IMAP connection failed; reconnecting', {
        host: server.host,
        code: err?.code,
        error: redact(String(err?.message ?? e), secrets).slice(0, 300),
        attempt: failures,
        waitMs,
      });
      await sleep(waitMs, ctx.signal);
    }
  }
}
