import type { LookupFunction } from '../../kernel/http-client/ssrf.ts';
import type { ChannelAdapter } from '../contract/channel-adapter.ts';
import { type EmailConfig, EmailConfigSchema, normalizeEmailConfig, smtpServer } from './email.config.ts';
import { privateAddressesAllowed } from './email.host-guard.ts';
import { type ImapLoopOptions, receiveImap } from './email.imap.ts';
import { parseEmailEnvelope } from './email.normalize.ts';
import { sendEmail } from './email.send.ts';
import { decodeInboundMail, verifyInboundMail } from './email.webhook.ts';

/** Options of {@link createEmailAdapter} (tests pin the clock and the network policy). */
export interface EmailAdapterOptions {
  /** Our clock, ms since the epoch: Mailgun's timestamp window and receipt times. */
  now?: () => number;
  /** Whether SMTP/IMAP hosts may be private or loopback; default `OMNIFY_ALLOW_PRIVATE_URLS`, read per call. */
  allowPrivate?: () => boolean;
  /** DNS lookup of SMTP/IMAP hosts (tests inject one). */
  lookup?: LookupFunction;
  /** IMAP loop timing (polling interval, IDLE, backoff). */
  imap?: Partial<Omit<ImapLoopOptions, 'allowPrivate' | 'lookup'>>;
}

/**
 * An e-mail channel adapter. Outbound: replies over SMTP (nodemailer) in the conversation's thread
 * (`Message-ID` / `In-Reply-To` / `References`, `Re:` subject). Inbound, two ways that may be used
 * together: the IMAP loop (`receive`, imapflow: IDLE, else polling) when `imapHost` is set, and the
 * raw-MIME inbound webhook (`verify` + `decode`: a Bearer/Basic `inboundSecret`, or a Mailgun
 * signature). Mail is parsed with mailparser into an envelope that `parse` normalizes: the new text
 * without the quoted history (full text and HTML kept in `raw`), attachments as media references
 * (metadata, no bytes), our own mail (echoes) dropped. No delivery status, edits, reactions, typing
 * or read receipts (SMTP has none that reach the sender reliably). No sandbox: SMTP is not HTTP.
 */
export function createEmailAdapter(options: EmailAdapterOptions = {}): ChannelAdapter<EmailConfig> {
  const now = options.now ?? Date.now;
  const allowPrivate = options.allowPrivate ?? (() => privateAddressesAllowed());
  return {
    platform: 'email',
    capabilities: {
      inboundMedia: true,
      outboundText: true,
      deliveryStatus: false,
      edits: false,
      reactions: false,
      replies: true,
      handshake: false,
      threads: false,
      typing: false,
      readReceipts: false,
    },
    configSchema: EmailConfigSchema,
    normalizeConfig: normalizeEmailConfig,
    secretFields: ['smtpPass', 'imapPass', 'inboundSecret'],
    // SMTP and IMAP hosts are not URLs: they are checked when connecting (email.host-guard.ts).
    urlFields: [],
    apiBaseUrl: (config) => {
      const s = smtpServer(config);
      return `${s.secure ? 'smtps' : 'smtp'}://${s.host}:${s.port}`;
    },
    verify: (req, config) => verifyInboundMail(req, config.inboundSecret, now()),
    decode: (req) => decodeInboundMail(req),
    parse: (body, config) => parseEmailEnvelope(body, config, new Date(now())),
    send: (req, config, ctx) =>
      sendEmail(req, config, ctx, { allowPrivate: allowPrivate(), lookup: options.lookup }),
    receives: (config) => Boolean(config.imapHost),
    receive: (config, ctx) =>
      receiveImap(config, ctx, { ...options.imap, allowPrivate: allowPrivate(), lookup: options.lookup }),
  };
}

/** The e-mail adapter on the real clock and network policy (the one the registry serves). */
export const emailAdapter: ChannelAdapter<EmailConfig> = createEmailAdapter();
