import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';

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

/** The nested shape's field → the flat field, per server (`smtp: {host, …}` → `smtpHost`, …). */
const NESTED = {
  smtp: { host: 'smtpHost', port: 'smtpPort', secure: 'smtpSecure', user: 'smtpUser', pass: 'smtpPass' },
  imap: {
    host: 'imapHost',
    port: 'imapPort',
    secure: 'imapSecure',
    user: 'imapUser',
    pass: 'imapPass',
    mailbox: 'imapMailbox',
  },
} as const;

/**
 * Accepts the nested shape as well (`{from, smtp: {host, port, secure, user, pass}, imap: {host,
 * port, secure, user, pass, mailbox}}`, as mail clients group the settings) and returns the flat
 * config {@link EmailConfigSchema} describes: each nested field becomes its flat one (`smtp.host` →
 * `smtpHost`), over a flat field of the same meaning. Anything else is returned as it is, for the
 * schema to judge. Unknown nested fields are refused, so a typo is not silently dropped.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `smtp` or `imap` is not an object, or names a
 *   field that does not exist (the path says which).
 */
export function normalizeEmailConfig(config: unknown): unknown {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return config;
  const input = config as Record<string, unknown>;
  if (!('smtp' in input) && !('imap' in input)) return config;
  const out: Record<string, unknown> = { ...input };
  for (const server of ['smtp', 'imap'] as const) {
    if (!(server in input)) continue;
    const nested = input[server];
    delete out[server];
    if (typeof nested !== 'object' || nested === null || Array.isArray(nested)) {
      throw invalid(`/config/${server}`, 'must be an object: {host, port, secure, user, pass}');
    }
    const names: Record<string, string> = NESTED[server];
    for (const [key, value] of Object.entries(nested)) {
      const flat = names[key];
      if (!flat)
        throw invalid(`/config/${server}/${key}`, `unknown field; use ${Object.keys(names).join(', ')}`);
      out[flat] = value;
    }
  }
  return out;
}

const invalid = (path: string, message: string) =>
  new OmnifyError('OMNIFY_ERR_VALIDATION', 'Invalid email channel config.', { fields: [{ path, message }] });
