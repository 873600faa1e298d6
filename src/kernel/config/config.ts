import { readFileSync } from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CronExpressionParser } from 'cron-parser';
import { OmnifyError } from '../errors/catalog.ts';
import { MEDIA_ENV_NAMES, MediaConfigSchema, mediaConfigProblems } from './media-config.ts';

/**
 * The one configuration schema, read from the environment once at start, validated and frozen
 * (Fastify's initial-config-validation pattern). Every field is listed in docs/configuration.md.
 * Secrets may be given as `<NAME>_FILE` (path to a file holding the value).
 */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'PORT: HTTP port.' }),
  host: Type.String({ default: '0.0.0.0', description: 'HOST: interface to listen on.' }),
  dataDir: Type.String({
    default: './data',
    description: 'DATA_DIR: where the embedded database (PGlite) keeps its files.',
  }),
  databaseUrl: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'DATABASE_URL: use PostgreSQL 15+ instead of the embedded database.',
    }),
  ),
  databasePoolSize: Type.Integer({
    minimum: 1,
    maximum: 500,
    default: 10,
    description:
      'DATABASE_POOL_SIZE: connections this process keeps to PostgreSQL (ignored on the embedded database).',
  }),
  pageCacheMb: Type.Integer({
    minimum: 0,
    maximum: 4096,
    default: 8,
    description:
      "PAGE_CACHE_MB: memory for the inbox's hot pages answered again while the database is unchanged (0 turns it off).",
  }),
  apiKey: Type.Optional(
    Type.String({
      minLength: 16,
      description:
        'OMNIFY_API_KEY: an owner API key of the first workspace, added at any start when it is not yet a key (else one is generated on the first successful start).',
    }),
  ),
  secretKey: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description:
        'OMNIFY_SECRET_KEY: master key (base64 of 32 bytes) encrypting stored secrets; required with DATABASE_URL, else DATA_DIR/secret.key (generated on first start).',
    }),
  ),
  publicUrl: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'PUBLIC_URL: the base URL platforms and people reach us at; used in webhookUrl and e-mailed links.',
    }),
  ),
  smtpUrl: Type.Optional(
    Type.String({
      pattern: '^smtps?://[^\\s]+$',
      description:
        'SMTP_URL: the mail server for password-reset and invitation e-mails (smtp://user:pass@host:587 upgrades with STARTTLS when offered, smtps://…:465 is TLS from the start); unset: no e-mail is sent.',
    }),
  ),
  mailFrom: Type.String({
    minLength: 3,
    maxLength: 320,
    pattern: '@',
    default: 'Omnify <no-reply@localhost>',
    description: 'MAIL_FROM: the From of the e-mails Omnify sends ("Name <address>" or an address).',
  }),
  bodyLimitBytes: Type.Integer({
    minimum: 1024,
    default: 1_048_576,
    description: 'BODY_LIMIT_BYTES: largest accepted request body.',
  }),
  logLevel: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'LOG_LEVEL: fatal, error, warn, info, debug, trace or silent.' },
  ),
  historyLimit: Type.Integer({
    minimum: 0,
    maximum: 200,
    default: 20,
    description: 'AGENT_HISTORY_LIMIT: earlier messages given to agents.',
  }),
  agentTimeoutMs: Type.Integer({
    minimum: 100,
    default: 30_000,
    description: 'AGENT_TIMEOUT_MS: time an agent may take to answer.',
  }),
  sendTimeoutMs: Type.Integer({
    minimum: 100,
    default: 15_000,
    description: 'SEND_TIMEOUT_MS: time a platform API call may take.',
  }),
  sendMaxAttempts: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 8,
    description: 'SEND_MAX_ATTEMPTS: tries per outbound message before it is marked failed.',
  }),
  retryBaseMs: Type.Integer({
    minimum: 10,
    default: 1_000,
    description: 'RETRY_BASE_MS: first retry delay; doubles each attempt (with jitter).',
  }),
  retryMaxMs: Type.Integer({
    minimum: 10,
    default: 300_000,
    description: 'RETRY_MAX_MS: longest retry delay.',
  }),
  workerConcurrency: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 8,
    description: 'WORKER_CONCURRENCY: jobs run at once per queue.',
  }),
  maintenanceIntervalSeconds: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 30,
    description: 'JOB_MAINTENANCE_SECONDS: how often jobs of crashed processes are looked for and retried.',
  }),
  workers: Type.Boolean({
    default: true,
    description: 'OMNIFY_WORKERS: run job workers in this process (false for an API-only process).',
  }),
  apiRateLimitPerMinute: Type.Integer({
    minimum: 0,
    default: 6000,
    description:
      'API_RATE_LIMIT_PER_MINUTE: /api/v1 requests per API key per minute (0: no limit; webhooks are never limited).',
  }),
  authFailuresPerMinute: Type.Integer({
    minimum: 0,
    default: 20,
    description:
      'AUTH_FAILURES_PER_MINUTE: failed /api/v1 authentications per client IP per minute before 429 (0: no limit).',
  }),
  eventsRecheckSeconds: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 15,
    description:
      'EVENTS_RECHECK_SECONDS: how often an open /api/v1/events stream re-checks its credential; a revoked key, an ended session or a switched workspace ends the stream within this time.',
  }),
  intelSchedule: Type.String({
    default: '0 3 * * *',
    pattern: '^(off|\\S+(\\s+\\S+){4})$',
    description:
      'INTEL_SCHEDULE: cron (5 fields, read in each workspace\'s time zone) at which its models rerun, or "off".',
  }),
  allowPrivateUrls: Type.Boolean({
    default: false,
    description:
      'OMNIFY_ALLOW_PRIVATE_URLS: let user-configured outbound URLs (agents, webhook callbacks, apiBaseUrl) point at private, loopback or link-local addresses.',
  }),
  intelThreads: Type.Integer({
    minimum: 0,
    maximum: 64,
    default: 1,
    description:
      'INTEL_THREADS: worker threads for model fits (0 runs them on the main thread; 1 suits 2 cores).',
  }),
  clvHorizonMonths: Type.Integer({
    minimum: 1,
    maximum: 120,
    default: 12,
    description: 'CLV_HORIZON_MONTHS: months of future purchases a customer lifetime value (CLV) counts.',
  }),
  clvMonthlyDiscountRate: Type.Number({
    minimum: 0,
    maximum: 0.5,
    default: 0.01,
    description:
      'CLV_MONTHLY_DISCOUNT_RATE: discount rate per month applied to future purchases in CLV (0.01 = 1 % a month, about 12.7 % a year; 0 = undiscounted).',
  }),
  ...MediaConfigSchema.properties,
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

const ENV_NAMES: Record<keyof Static<typeof ConfigSchema>, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  pageCacheMb: 'PAGE_CACHE_MB',
  apiKey: 'OMNIFY_API_KEY',
  secretKey: 'OMNIFY_SECRET_KEY',
  publicUrl: 'PUBLIC_URL',
  smtpUrl: 'SMTP_URL',
  mailFrom: 'MAIL_FROM',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
  logLevel: 'LOG_LEVEL',
  historyLimit: 'AGENT_HISTORY_LIMIT',
  agentTimeoutMs: 'AGENT_TIMEOUT_MS',
  sendTimeoutMs: 'SEND_TIMEOUT_MS',
  sendMaxAttempts: 'SEND_MAX_ATTEMPTS',
  retryBaseMs: 'RETRY_BASE_MS',
  retryMaxMs: 'RETRY_MAX_MS',
  workerConcurrency: 'WORKER_CONCURRENCY',
  maintenanceIntervalSeconds: 'JOB_MAINTENANCE_SECONDS',
  workers: 'OMNIFY_WORKERS',
  apiRateLimitPerMinute: 'API_RATE_LIMIT_PER_MINUTE',
  authFailuresPerMinute: 'AUTH_FAILURES_PER_MINUTE',
  eventsRecheckSeconds: 'EVENTS_RECHECK_SECONDS',
  intelSchedule: 'INTEL_SCHEDULE',
  allowPrivateUrls: 'OMNIFY_ALLOW_PRIVATE_URLS',
  intelThreads: 'INTEL_THREADS',
  clvHorizonMonths: 'CLV_HORIZON_MONTHS',
  clvMonthlyDiscountRate: 'CLV_MONTHLY_DISCOUNT_RATE',
  ...MEDIA_ENV_NAMES,
};

/** The environment variable names, by config field (for docs and error messages). */
export const CONFIG_ENV_NAMES: Readonly<typeof ENV_NAMES> = ENV_NAMES;

function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  const v = env[name];
  return v === '' ? undefined : v;
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;

/**
 * Numeric settings whose text is not a plain decimal number: TypeBox's conversion would read
 * `1e9` as 1 for an integer (parseInt) and quietly take a value nobody wrote.
 */
function numberTextProblems(raw: Record<string, unknown>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const [field, value] of Object.entries(raw)) {
    const type = (ConfigSchema.properties as Record<string, { type?: string }>)[field]?.type;
    if (typeof value !== 'string' || (type !== 'integer' && type !== 'number')) continue;
    if ((type === 'integer' ? INTEGER_TEXT : NUMBER_TEXT).test(value)) continue;
    const name = ENV_NAMES[field as keyof typeof ENV_NAMES] ?? field;
    problems.push({
      path: name,
      message: type === 'integer' ? 'must be a whole number written in digits' : 'must be a decimal number',
    });
  }
  return problems;
}

/**
 * Builds the config from environment variables (and `overrides`, used by tests), applies defaults,
 * converts numbers and booleans, validates, and freezes it.
 * Throws `OMNIFY_ERR_CONFIG_INVALID` listing every problem with its variable name.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(ENV_NAMES)) {
    const v = readEnv(env, name);
    if (v !== undefined) raw[field] = v;
  }
  Object.assign(raw, overrides);
  const malformed = numberTextProblems(raw);
  const withDefaults = Value.Default(ConfigSchema, raw);
  const converted = Value.Convert(ConfigSchema, withDefaults) as Record<string, unknown>;
  const problems = [...Value.Errors(ConfigSchema, converted)].map((e) => {
    const field = e.path.replace(/^\//, '') as keyof typeof ENV_NAMES;
    return { path: ENV_NAMES[field] ?? field, message: e.message };
  });
  problems.unshift(...malformed);
  const cron = cronProblem(converted.intelSchedule);
  if (cron) problems.push({ path: ENV_NAMES.intelSchedule, message: cron });
  problems.push(...mediaConfigProblems(converted));
  if (problems.length > 0) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFIG_INVALID',
      `Invalid configuration: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { fields: problems },
    );
  }
  return Object.freeze(converted) as Config;
}

/**
 * Why a 5-field `INTEL_SCHEDULE` is not a usable cron expression (a field out of range such as
 * minute 99, an unknown name), checked with cron-parser — the parser pg-boss uses when it takes
 * the schedule — so a bad value stops the start here, naming the variable; undefined when it is
 * fine, `off`, or not 5 fields (the schema's pattern reports that).
 */
function cronProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === 'off' || value.trim().split(/\s+/).length !== 5)
    return undefined;
  try {
    CronExpressionParser.parse(value, { tz: 'UTC' });
    return undefined;
  } catch (e) {
    return `is not a valid cron expression (${(e as Error).message})`;
  }
}
