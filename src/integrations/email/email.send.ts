import { createTransport } from 'nodemailer';
import { type ErrorCode, OmnifyError } from '../../kernel/errors/catalog.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { LookupFunction } from '../../kernel/http-client/ssrf.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';
import { type EmailConfig, type MailServer, smtpServer } from './email.config.ts';
import { resolveMailHost } from './email.host-guard.ts';
import { fromAddress } from './email.normalize.ts';
import { ourMessageId, parseIdList, replyReferences, replySubject } from './email.thread.ts';

/** One outgoing mail as composed from an `OutboundRequest`. */
export interface ComposedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/**
 * The reply `req` makes in its thread: to `replyContext.to` (the last inbound mail's Reply-To or
 * From), subject `Re: {thread subject}`, our own `Message-ID` (deterministic per outbound message, so
 * a retried send carries the same id and the recipient's client shows it once), `In-Reply-To` =
 * `replyToPlatformMessageId`, else the last inbound mail, else the thread root, and `References` =
 * the thread's ids then that parent.
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (`platformCode: 'no_recipient'`) when the
 *   conversation gives no address to write to.
 */
export function composeReply(req: OutboundRequest, config: EmailConfig): ComposedMail {
  const ctx = req.replyContext ?? {};
  const to = ctx.to ?? (ADDRESS.test(req.threadKey) ? req.threadKey : undefined);
  if (!to || !ADDRESS.test(to)) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'The conversation has no e-mail address to reply to.',
      {
        platformCode: 'no_recipient',
        platformMessage: 'no reply address is known for this conversation',
      },
    );
  }
  // The thread root, unless the conversation is keyed by an address (one Omnify opened).
  const root = /^<[^<>\s]+>$/.test(req.threadKey) ? req.threadKey : undefined;
  const parent = parseIdList(req.replyToPlatformMessageId ?? ctx.messageId ?? root)[0];
  const previous = [...(root ? [root] : []), ...parseIdList(ctx.references)];
  return {
    from: config.from,
    to,
    subject: replySubject(ctx.subject),
    text: req.text,
    messageId: ourMessageId(req.threadKey, req.messageId, fromAddress(config.from)),
    ...(parent ? { inReplyTo: parent } : {}),
    references: replyReferences(previous, parent),
  };
}

/** What an SMTP failure looks like on nodemailer's errors. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Credentials and their AUTH PLAIN/LOGIN base64 forms, to keep out of messages. */
function secretsOf(server: MailServer): string[] {
  if (!server.auth) return [];
  const { user, pass } = server.auth;
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [pass, b64(pass), b64(`\u0000${user}\u0000${pass}`)];
}

/**
 * The catalog error of an SMTP failure: a 4xx reply → transient (retried), a 5xx reply → rejected
 * (`platformCode` = the reply code, `platformMessage` = the server's text); a refused login
 * (`EAUTH`) or an unusable envelope or message → rejected; connection, TLS, DNS and timeout
 * failures → transient. Messages are redacted.
 */
export function smtpError(e: unknown, secrets: readonly string[]): OmnifyError {
  const f = (e ?? {}) as SmtpFailure;
  const text = redact(String(f.response ?? f.message ?? 'SMTP failure'), secrets).slice(0, 500);
  let code: ErrorCode = 'OMNIFY_ERR_PLATFORM_TRANSIENT';
  if (typeof f.responseCode === 'number' && f.responseCode >= 500) code = 'OMNIFY_ERR_PLATFORM_REJECTED';
  else if (typeof f.responseCode !== 'number' && /^(EAUTH|EENVELOPE|EMESSAGE)$/.test(f.code ?? '')) {
    code = 'OMNIFY_ERR_PLATFORM_REJECTED';
  }
  const platformCode = typeof f.responseCode === 'number' ? String(f.responseCode) : (f.code ?? 'smtp_error');
  const verb = code === 'OMNIFY_ERR_PLATFORM_REJECTED' ? 'refused' : 'failed';
  return new OmnifyError(code, `The SMTP server ${verb}: ${text}`, { platformCode, platformMessage: text });
}

/** Options of {@link sendEmail}. */
export interface SendEmailOptions {
  /** Whether private and loopback SMTP hosts may be used (`OMNIFY_ALLOW_PRIVATE_URLS`). */
  allowPrivate: boolean;
  lookup?: LookupFunction;
}

/**
 * Sends `req` as a reply over SMTP (nodemailer) to `config`'s server: TLS from the start when
 * `smtpSecure`, else STARTTLS, required unless the server is on a loopback address; login when
 * `smtpUser`/`smtpPass` are set; connection, greeting and each command limited to `ctx.timeoutMs`.
 * The platform message id is our `Message-ID`. A sandbox channel (an `http(s)` base URL) is refused:
 * the sandbox emulates HTTP APIs and SMTP is not one.
 *
 * @throws OmnifyError as {@link smtpError}, as `resolveMailHost` (private address, DNS), or
 *   `OMNIFY_ERR_PLATFORM_REJECTED` (`no_recipient`, `sandbox_unsupported`).
 */
export async function sendEmail(
  req: OutboundRequest,
  config: EmailConfig,
  ctx: SendContext,
  options: SendEmailOptions,
): Promise<SendResult> {
  if (!/^smtps?:\/\//.test(ctx.apiBaseUrl)) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'The sandbox has no e-mail emulator: SMTP is not HTTP.',
      {
        platformCode: 'sandbox_unsupported',
        platformMessage: 'e-mail channels cannot send in the sandbox',
      },
    );
  }
  const mail = composeReply(req, config);
  const server = smtpServer(config);
  const target = await resolveMailHost(server.host, 'SMTP server', options);
  const transport = createTransport({
    host: target.address,
    port: server.port,
    secure: server.secure,
    requireTLS: !server.secure && !target.loopback,
    tls: target.host === target.address ? {} : { servername: target.host },
    auth: server.auth,
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    await transport.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references.length > 0 ? { references: mail.references } : {}),
    });
  } catch (e) {
    throw smtpError(e, secretsOf(server));
  } finally {
    transport.close();
  }
  return { platformMessageId: mail.messageId, status: 'sent' };
}
