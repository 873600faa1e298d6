import { type Static, Type } from '@sinclair/typebox';

/** A host name or IP literal as a user types it (no scheme, port, path or spaces). */
const HOST = '^[A-Za-z0-9.:\\[\\]_-]+$';

const host = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 253,
    pattern: HOST,
    description: `${what} host name or IP address.`,
  });
const port = (what: string) => Type.Integer({ minimum: 1, maximum: 65_535, description: what });

/**
 * An e-mail channel's config. Flat on purpose: the secrets (`smtpPass`, `imapPass`, `inboundSecret`)
 * must be top-level fields for `secretFields` (masking in answers, redaction in logs and sandbox
 * records), and a PATCH merges top-level fields, so changing one setting never needs the passwords
 * again. IMAP is optional (receiving may be by inbound webhook only); its user and password default
 * to the SMTP ones (one mailbox, one app password: Gmail, Outlook, Fastmail).
 */
export const EmailConfigSchema = Type.Object({
  from: Type.String({
    minLength: 3,
    maxLength: 320,
    pattern: '@',
    description:
      'The address replies are sent from, optionally with a name: `Acme Support <support@acme.example>`. Mail from this address is our own (an echo) and is not stored.',
  }),
  smtpHost: host('SMTP server (submission):'),
  smtpPort: Type.Optional(port('SMTP port; default 587 (STARTTLS), 465 for TLS from the start.')),
  smtpSecure: Type.Optional(
    Type.Boolean({
      description: 'TLS from the first byte (port 465); default true when smtpPort is 465, else STARTTLS.',
    }),
  ),
  smtpUser: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'SMTP user name.' })),
  smtpPass: Type.Optional(
    Type.String({ minLength: 1, maxLength: 1024, description: 'SMTP password or app password (secret).' }),
  ),
  imapHost: Type.Optional(host('IMAP server; set it to receive by IMAP:')),
  imapPort: Type.Optional(port('IMAP port; default 993 (TLS), 143 for STARTTLS.')),
  imapSecure: Type.Optional(
    Type.Boolean({ description: 'TLS from the first byte; default true unless imapPort is 143.' }),
  ),
  imapUser: Type.Optional(
    Type.String({ minLength: 1, maxLength: 320, description: 'IMAP user name; default smtpUser.' }),
  ),
  imapPass: Type.Optional(
    Type.String({ minLength: 1, maxLength: 1024, description: 'IMAP password; default smtpPass (secret).' }),
  ),
  imapMailbox: Type.Optional(
    Type.String({ minLength: 1, maxLength: 500, description: 'Mailbox to read; default INBOX.' }),
  ),
  inboundSecret: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 512,
      description:
        'Secret of the raw-MIME inbound webhook: a Bearer/Basic credential, or Mailgun’s HTTP webhook signing key (secret). Without it the webhook accepts nothing.',
    }),
  ),
});
export type EmailConfig = Static<typeof EmailConfigSchema>;

/** A mail server connection with the config's defaults applied. */
export interface MailServer {
  host: string;
  port: number;
  /** TLS from the first byte; otherwise STARTTLS (required unless the server is on a loopback address). */
  secure: boolean;
  /** Absent: no authentication (a local relay). */
  auth?: { user: string; pass: string };
}

const auth = (user?: string, pass?: string) => (user && pass ? { user, pass } : undefined);

/** The SMTP server of `config`: port 587 unless set, TLS from the start on 465. */
export function smtpServer(config: EmailConfig): MailServer {
  const port = config.smtpPort ?? 587;
  return {
    host: config.smtpHost,
    port,
    secure: config.smtpSecure ?? port === 465,
    auth: auth(config.smtpUser, config.smtpPass),
  };
}

/** The IMAP server and mailbox of `config`, or undefined when `imapHost` is not set. */
export function imapServer(config: EmailConfig): (MailServer & { mailbox: string }) | undefined {
  if (!config.imapHost) return undefined;
  const port = config.imapPort ?? 993;
  return {
    host: config.imapHost,
    port,
    secure: config.imapSecure ?? port !== 143,
    auth: auth(config.imapUser ?? config.smtpUser, config.imapPass ?? config.smtpPass),
    mailbox: config.imapMailbox ?? 'INBOX',
  };
}

/** The secret values of `config` (for redaction). */
export function emailSecrets(config: EmailConfig): string[] {
  return [config.smtpPass, config.imapPass, config.inboundSecret].filter((s): s is string => !!s);
}
