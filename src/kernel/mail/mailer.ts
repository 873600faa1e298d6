import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';
import type { Config } from '../config/config.ts';
import { redact } from '../http-client/redact.ts';

/**
 * Outbound e-mail (password-reset and invitation links) over SMTP with nodemailer, configured by
 * `SMTP_URL` and `MAIL_FROM` (docs/configuration.md). Without `SMTP_URL` nothing is sent.
 *
 * A send never throws and never runs inside a database transaction (the caller sends after its
 * writes are committed): a failure is logged at `warn` with the SMTP code and a message from which
 * the SMTP user name and password are removed, and the caller's answer does not change. Nothing
 * secret is logged: not the password, not the mail's body (it holds one-time links).
 */

/** One e-mail: a plain-text body and the same in simple HTML (both UTF-8). */
export interface OutboundMail {
  /** The recipient's address (`ann@example.org`). */
  to: string;
  /** One line (line breaks are replaced by spaces). */
  subject: string;
  text: string;
  html: string;
}

/** What a log line of a send may name besides the outcome (ids, never addresses or tokens). */
export type MailLogFields = Record<string, string | number | boolean | null | undefined>;

/** Sends e-mail through the configured SMTP server, or tells it cannot. */
export interface Mailer {
  /** True when `SMTP_URL` is set. */
  readonly enabled: boolean;
  /**
   * Sends `mail` from `MAIL_FROM`. Resolves true when the SMTP server accepted it, false when no
   * SMTP server is configured or the send failed (logged at `warn` with `log`, without secrets).
   * Takes at most about 3 × `SEND_TIMEOUT_MS` (connection, greeting, then each command). Never rejects.
   */
  send(mail: OutboundMail, log: FastifyBaseLogger, fields?: MailLogFields): Promise<boolean>;
  /** Closes the transport's idle connections, if any. */
  close(): void;
}

/** The SMTP server as it may be shown: host, port and TLS mode, never credentials. */
export interface SmtpTarget {
  host: string;
  /** The URL's port, or the default of the scheme (465 for smtps, 587 for smtp). */
  port: number;
  /** True for `smtps://` (TLS from the start); false for `smtp://` (STARTTLS when offered). */
  tls: boolean;
}

/** The host, port and TLS mode of `SMTP_URL` (for the start-up log line); undefined when unset or unparsable. */
export function smtpTarget(config: Pick<Config, 'smtpUrl'>): SmtpTarget | undefined {
  if (!config.smtpUrl) return undefined;
  try {
    const u = new URL(config.smtpUrl);
    const tls = u.protocol === 'smtps:';
    return { host: u.hostname, port: Number(u.port) || (tls ? 465 : 587), tls };
  } catch {
    return undefined;
  }
}

/**
 * What to remove from log text for `url`: the URL, its user name and password (raw and
 * percent-decoded) and their base64 forms as AUTH PLAIN and AUTH LOGIN send them.
 */
function urlSecrets(url: string): string[] {
  const out = [url];
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
  try {
    const u = new URL(url);
    const user = decode(u.username);
    const pass = decode(u.password);
    for (const v of [u.username, u.password, user, pass]) if (v) out.push(v, b64(v));
    if (user || pass) out.push(b64(`\u0000${user}\u0000${pass}`));
  } catch {
    // not a URL: the whole string is redacted
  }
  return out;
}

/** A line-safe subject: line breaks and other control characters become spaces. */
function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * The mailer of `config`: nodemailer's SMTP transport for `SMTP_URL` (its query parameters are
 * nodemailer options, e.g. `?tls.rejectUnauthorized=false` for a self-signed certificate), each
 * timeout `SEND_TIMEOUT_MS`, one connection per mail. Creating it opens no connection and logs
 * nothing; without `SMTP_URL` `send` resolves false at once.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'sendTimeoutMs'>): Mailer {
  const url = config.smtpUrl;
  if (!url) {
    return { enabled: false, send: async () => false, close() {} };
  }
  const secrets = urlSecrets(url);
  let transport: ReturnType<typeof createTransport> | undefined;
  const transportOf = () => {
    transport ??= createTransport(
      {
        url,
        connectionTimeout: config.sendTimeoutMs,
        greetingTimeout: config.sendTimeoutMs,
        socketTimeout: config.sendTimeoutMs,
        // nodemailer logs nothing of its own (its debug log would show the AUTH exchange).
        logger: false,
        debug: false,
      },
      { from: config.mailFrom },
    );
    return transport;
  };
  return {
    enabled: true,
    async send(mail, log, fields = {}) {
      const started = Date.now();
      try {
        const info = await transportOf().sendMail({
          to: mail.to,
          subject: oneLine(mail.subject),
          text: mail.text,
          html: mail.html,
        });
        const rejected = info.rejected.length > 0 || info.accepted.length === 0;
        if (rejected) {
          log.warn(
            { ...fields, smtp: { rejected: true } },
            'e-mail not sent: the SMTP server refused the recipient',
          );
          return false;
        }
        log.info({ ...fields, ms: Date.now() - started }, 'e-mail sent');
        return true;
      } catch (e) {
        const err = e as { code?: unknown; responseCode?: unknown; command?: unknown; message?: unknown };
        log.warn(
          {
            ...fields,
            ms: Date.now() - started,
            smtp: {
              code: typeof err.code === 'string' ? err.code : undefined,
              responseCode: typeof err.responseCode === 'number' ? err.responseCode : undefined,
              // AUTH commands carry the credentials (base64): only the command's name is kept.
              command: typeof err.command === 'string' ? err.command.split(' ')[0] : undefined,
              message: redact(String(err.message ?? e), secrets).slice(0, 500),
            },
          },
          'e-mail not sent: the SMTP server failed',
        );
        return false;
      }
    },
    close() {
      transport?.close();
    },
  };
}
