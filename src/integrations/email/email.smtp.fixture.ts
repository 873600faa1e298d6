import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for the e-mail tests (`smtp-server` on 127.0.0.1, a free port, no TLS): it keeps
 * every message it accepts, parsed with mailparser, and can be told to answer the next commands with
 * an SMTP error (a 4xx or 5xx reply at RCPT TO or after DATA), as real servers do.
 */

/** One accepted message. */
export interface CapturedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The user who logged in, if any. */
  user?: string;
  raw: string;
  parsed: ParsedMail;
}

/** An SMTP error reply to give instead of accepting. */
export interface SmtpReply {
  stage: 'rcpt' | 'data';
  code: number;
  message: string;
}

export interface SmtpTestServer {
  port: number;
  mails: CapturedMail[];
  /** Replies to give, in order, one per message attempt (then accept again). */
  failNext(...replies: SmtpReply[]): void;
  /** Resolves once `n` messages have been accepted. */
  waitForMails(n: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

const smtpError = (r: SmtpReply) => Object.assign(new Error(r.message), { responseCode: r.code });

/** Starts the server; with `auth`, AUTH PLAIN/LOGIN must give exactly those credentials (535 otherwise). */
export async function startSmtpTestServer(options: { auth?: { user: string; pass: string } } = {}) {
  const mails: CapturedMail[] = [];
  const failures: SmtpReply[] = [];
  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok)
        return callback(
          Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
        );
      callback(null, { user: auth.username });
    },
    onRcptTo(_address, _session, callback) {
      if (failures[0]?.stage === 'rcpt') return callback(smtpError(failures.shift()!));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures[0]?.stage === 'data') return callback(smtpError(failures.shift()!));
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            mails.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              user: typeof session.user === 'string' ? session.user : undefined,
              raw: raw.toString('utf8'),
              parsed,
            });
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const result: SmtpTestServer = {
    port,
    mails,
    failNext: (...replies) => void failures.push(...replies),
    async waitForMails(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return result;
}
