import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Test helpers: a real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it
 * receives, a server that closes every connection at once, and a small reader of the received
 * MIME text (headers, and the decoded text/plain and text/html parts) — enough for the mails
 * nodemailer writes, without a mail parser dependency.
 */

/** One mail as received: the SMTP envelope, the raw message and its parsed parts. */
export interface ReceivedMail {
  /** `MAIL FROM` address. */
  envelopeFrom: string;
  /** `RCPT TO` addresses. */
  envelopeTo: string[];
  /** The user name given with AUTH, if any. */
  user?: string;
  raw: string;
  /** Top-level headers, names lower-cased, folded lines unfolded, encoded words left as they are. */
  headers: Record<string, string>;
  /** The decoded text/plain part. */
  text: string;
  /** The decoded text/html part. */
  html: string;
}

/** A running SMTP sink. */
export interface SmtpSink {
  port: number;
  /** The mails received so far, in order. */
  mails: ReceivedMail[];
  /** Whether any client tried to authenticate (and the user names given). */
  authAttempts: string[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 (random port), without TLS (or, with `secure`, TLS from the
 * start with smtp-server's built-in self-signed certificate). With `auth`, AUTH PLAIN/LOGIN must
 * give exactly these credentials (535 otherwise); without, AUTH is optional. `rejectAuth: true`
 * refuses every login.
 */
export async function startSmtpSink(
  options: { auth?: { user: string; pass: string }; rejectAuth?: boolean; secure?: boolean } = {},
): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const authAttempts: string[] = [];
  const server = new SMTPServer({
    secure: options.secure ?? false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authOptional: !options.auth && !options.rejectAuth,
    logger: false,
    onAuth(auth, _session, callback) {
      authAttempts.push(auth.username ?? '');
      const ok =
        !options.rejectAuth &&
        options.auth !== undefined &&
        auth.username === options.auth.user &&
        auth.password === options.auth.pass;
      if (!ok) return callback(new Error('Authentication credentials invalid'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
          ...readMime(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    authAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP server on 127.0.0.1 that closes every connection as soon as it opens (a dead SMTP server). */
export async function startClosingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Splits a MIME entity into unfolded, lower-cased headers and its body. */
function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** Decodes a body by its Content-Transfer-Encoding (quoted-printable, base64, 7bit/8bit). */
function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft.slice(i + 1, i + 3);
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/**
 * Reads a received message: its top-level headers and the decoded text/plain and text/html parts
 * (a single-part message fills the one its Content-Type names; line ends become `\n`).
 */
export function readMime(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const top = splitEntity(raw);
  const out = { headers: top.headers, text: '', html: '' };
  const visit = (entity: { headers: Record<string, string>; body: string }) => {
    const type = entity.headers['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      const parts = entity.body.split(`--${boundary}`).slice(1);
      for (const part of parts) {
        if (part.startsWith('--')) break;
        visit(splitEntity(part.replace(/^\r\n/, '')));
      }
      return;
    }
    const decoded = decodeBody(entity.body, entity.headers['content-transfer-encoding'])
      .replace(/\r\n/g, '\n')
      .replace(/\n$/, '');
    if (type.toLowerCase().startsWith('text/html')) out.html = decoded;
    else if (type.toLowerCase().startsWith('text/plain')) out.text = decoded;
  };
  visit(top);
  return out;
}
