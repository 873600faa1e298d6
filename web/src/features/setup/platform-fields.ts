/**
 * What the channel wizard asks for on each platform: the config fields of `POST /channels` under the
 * API's own names (the adapters' config schemas, docs/channels/<platform>.md), their input kinds,
 * defaults and client-side checks, and how the form's values become the API's config. Plain data
 * and functions, no React: PlatformForm.tsx renders it.
 */
/** A random secret for a channel or agent config: `bytes` random bytes as hex. */
export function randomSecret(bytes = 24): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** The platforms the wizard connects (each with its catalog texts `setup.<platform>.*`). */
export type Platform =
  | 'whatsapp'
  | 'telegram'
  | 'slack'
  | 'twilio'
  | 'messenger'
  | 'instagram'
  | 'discord'
  | 'email'
  | 'teams'
  | 'respondio'
  | 'webchat'
  | 'webhook';

/** A form value: text inputs hold strings, switches booleans, check-box groups the checked names. */
export type FieldValue = string | boolean | string[];

/** A client-side check of a text field; its message is the catalog key `setup.field.<check>`. */
export type FieldCheck =
  | 'url'
  | 'min16'
  | 'token'
  | 'origins'
  | 'port'
  | 'host'
  | 'email'
  | 'accountSid'
  | 'e164'
  | 'snowflake'
  | 'hex64'
  | 'tenant';

/** One config field of `POST /channels` (its name is the API's), as the form shows it. */
export interface FieldSpec {
  name: string;
  /** `text` (default), `secret` (a password input), `number` (sent as an integer), `switch`
   * (sent as a boolean), `choices` (check boxes of `options`, sent as the list of those checked). */
  kind?: 'text' | 'secret' | 'number' | 'switch' | 'choices';
  /** May stay empty: then it is not sent and the server's default applies. */
  optional?: boolean;
  /** The initial value (else empty, off, or `generate()`). */
  initial?: FieldValue;
  /** A value we make up for the user (tokens they choose themselves). */
  generate?: () => string;
  check?: FieldCheck;
  /** Sent as a list: one value per line or comma (web chat's allowed origins). */
  list?: boolean;
  /** The values of a `choices` field. */
  options?: readonly string[];
  /** Shown and sent only while this other field is filled in (or switched on). */
  when?: string;
  /** A heading `setup.section.<platform>.<section>` shown above this field. */
  section?: string;
  /** A switch that follows this number field (`on(value)`) until the user sets it. */
  follows?: { field: string; on: (value: string) => boolean };
  /** A switch not sent on creation: when on, the channel's webhook URL is saved under `name`
   * right after (Twilio's `statusCallback`, which needs the new channel's id). */
  webhookUrlWhenOn?: boolean;
}

/** The patterns of the checks (the server's own, so what passes here passes there). */
export const CHECKS: Record<FieldCheck, RegExp | ((v: string) => boolean)> = {
  url: /^https?:\/\/\S+$/,
  min16: (v) => v.length >= 16,
  token: /^[A-Za-z0-9_-]+$/,
  /** One or more origins (`https://host[:port]`), separated by commas or line breaks. */
  origins: /^https?:\/\/[^\s/?#,]+\/?(\s*[,\n]\s*https?:\/\/[^\s/?#,]+\/?)*$/,
  port: (v) => /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65_535,
  host: /^[A-Za-z0-9.:[\]_-]{1,253}$/,
  /** As the server: 3 to 320 characters with an @ (a name may come first: `Acme <a@acme.example>`). */
  email: (v) => v.length >= 3 && v.length <= 320 && v.includes('@'),
  accountSid: /^AC[0-9a-fA-F]{32}$/,
  e164: /^(whatsapp:)?\+[1-9][0-9]{1,14}$/,
  snowflake: /^[0-9]{17,20}$/,
  hex64: /^[0-9a-fA-F]{64}$/,
  tenant: /^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/,
};

/** Discord's Gateway intents Omnify can ask for (`gatewayIntents`; default all of them). */
export const DISCORD_INTENTS = [
  'GUILD_MESSAGES',
  'DIRECT_MESSAGES',
  'MESSAGE_CONTENT',
  'GUILD_MESSAGE_REACTIONS',
  'DIRECT_MESSAGE_REACTIONS',
] as const;

const META_VERIFY: FieldSpec = { name: 'verifyToken', kind: 'secret', generate: () => randomSecret(12) };

/** Per platform: the steps in its console, the config fields (docs/channels/*.md) and defaults. */
export const SPECS: Record<Platform, { steps: number; fields: FieldSpec[] }> = {
  whatsapp: {
    steps: 4,
    fields: [
      { name: 'phoneNumberId' },
      { name: 'accessToken', kind: 'secret' },
      { name: 'appSecret', kind: 'secret' },
      META_VERIFY,
    ],
  },
  telegram: {
    steps: 2,
    fields: [
      { name: 'botToken', kind: 'secret' },
      { name: 'secretToken', kind: 'secret', generate: () => randomSecret(16), check: 'token' },
    ],
  },
  slack: {
    steps: 3,
    fields: [
      { name: 'botToken', kind: 'secret' },
      { name: 'signingSecret', kind: 'secret' },
    ],
  },
  twilio: {
    steps: 2,
    fields: [
      { name: 'accountSid', check: 'accountSid' },
      { name: 'authToken', kind: 'secret' },
      { name: 'from', check: 'e164' },
      { name: 'statusCallback', kind: 'switch', initial: true, webhookUrlWhenOn: true },
    ],
  },
  messenger: {
    steps: 2,
    fields: [
      { name: 'pageId' },
      { name: 'pageAccessToken', kind: 'secret' },
      { name: 'appSecret', kind: 'secret' },
      META_VERIFY,
    ],
  },
  instagram: {
    steps: 2,
    fields: [
      { name: 'pageId' },
      { name: 'instagramAccountId' },
      { name: 'pageAccessToken', kind: 'secret' },
      { name: 'appSecret', kind: 'secret' },
      META_VERIFY,
    ],
  },
  discord: {
    steps: 2,
    fields: [
      { name: 'applicationId', check: 'snowflake' },
      { name: 'publicKey', check: 'hex64' },
      { name: 'botToken', kind: 'secret' },
      { name: 'gateway', kind: 'switch', initial: false },
      {
        name: 'gatewayIntents',
        kind: 'choices',
        options: DISCORD_INTENTS,
        initial: [...DISCORD_INTENTS],
        when: 'gateway',
      },
    ],
  },
  email: {
    steps: 3,
    fields: [
      { name: 'from', check: 'email' },
      { name: 'smtpHost', check: 'host', section: 'smtp' },
      { name: 'smtpPort', kind: 'number', check: 'port', initial: '587' },
      {
        name: 'smtpSecure',
        kind: 'switch',
        initial: false,
        follows: { field: 'smtpPort', on: (p) => p.trim() === '465' },
      },
      { name: 'smtpUser', optional: true },
      { name: 'smtpPass', kind: 'secret', optional: true },
      { name: 'imapHost', check: 'host', optional: true, section: 'imap' },
      { name: 'imapPort', kind: 'number', check: 'port', initial: '993', when: 'imapHost' },
      {
        name: 'imapSecure',
        kind: 'switch',
        initial: true,
        when: 'imapHost',
        follows: { field: 'imapPort', on: (p) => p.trim() !== '143' },
      },
      { name: 'imapUser', optional: true, when: 'imapHost' },
      { name: 'imapPass', kind: 'secret', optional: true, when: 'imapHost' },
      { name: 'imapMailbox', optional: true, initial: 'INBOX', when: 'imapHost' },
      {
        name: 'inboundSecret',
        kind: 'secret',
        generate: () => randomSecret(32),
        check: 'min16',
        optional: true,
        section: 'webhook',
      },
    ],
  },
  teams: {
    steps: 3,
    fields: [
      { name: 'appId' },
      { name: 'appPassword', kind: 'secret' },
      { name: 'tenantId', check: 'tenant', optional: true },
    ],
  },
  respondio: {
    steps: 3,
    fields: [
      { name: 'apiToken', kind: 'secret' },
      {
        name: 'webhookToken',
        kind: 'secret',
        generate: () => randomSecret(16),
        check: 'token',
        optional: true,
      },
      { name: 'signingKey', kind: 'secret', optional: true },
      { name: 'channelToken', kind: 'secret', optional: true, section: 'custom' },
      { name: 'customChannelId', optional: true },
    ],
  },
  webchat: {
    steps: 2,
    fields: [
      { name: 'allowedOrigins', check: 'origins', list: true },
      { name: 'identitySecret', kind: 'secret', generate: () => randomSecret(32), check: 'min16' },
    ],
  },
  webhook: {
    steps: 2,
    fields: [
      { name: 'callbackUrl', check: 'url' },
      { name: 'secret', kind: 'secret', generate: () => randomSecret(32), check: 'min16' },
    ],
  },
};

/** True when field `f` is shown (and sent) given the form's current `values`. */
export function isShown(f: FieldSpec, values: Record<string, FieldValue | undefined>): boolean {
  if (!f.when) return true;
  const v = values[f.when];
  return typeof v === 'string' ? v.trim() !== '' : !!v;
}

/** The form's initial values for `fields`: each field's `initial`, a made-up secret, off or empty. */
export function initialValues(fields: FieldSpec[]): Record<string, FieldValue> {
  return Object.fromEntries(
    fields.map((f) => [f.name, f.initial ?? f.generate?.() ?? (f.kind === 'switch' ? false : '')]),
  );
}

/** True when text `v` passes check `c`. */
export function passes(c: FieldCheck, v: string): boolean {
  const rule = CHECKS[c];
  return typeof rule === 'function' ? rule(v) : rule.test(v);
}

/**
 * The form's values as the API's config: hidden fields and empty optional ones left out (the
 * server's defaults apply), numbers as integers, list fields split into arrays, switches as
 * booleans; `webhookUrlWhenOn` switches are not part of it (see {@link FieldSpec}).
 */
export function asConfig(
  fields: FieldSpec[],
  values: Record<string, FieldValue | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (!isShown(f, values) || f.webhookUrlWhenOn || v === undefined) continue;
    if (typeof v !== 'string') out[f.name] = v;
    else if (v.trim() === '' && (f.optional || f.kind === 'number')) continue;
    else if (f.kind === 'number') out[f.name] = Number(v.trim());
    else if (f.list) out[f.name] = v.split(/[\s,]+/).filter(Boolean);
    else out[f.name] = v.trim();
  }
  return out;
}
