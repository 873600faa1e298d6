import { readFileSync } from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { OmnifyError } from '../errors/catalog.ts';

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
  apiKey: Type.Optional(
    Type.String({
      minLength: 16,
      description: 'OMNIFY_API_KEY: owner API key to create on first start (else one is generated).',
    }),
  ),
  publicUrl: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'PUBLIC_URL: the base URL platforms reach us at; used in webhookUrl.',
    }),
  ),
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
  intelSchedule: Type.String({
    default: '0 3 * * *',
    pattern: '^(off|\\S+(\\s+\\S+){4})$',
    description: 'INTEL_SCHEDULE: cron (5 fields, UTC) at which every workspace\'s models rerun, or "off".',
  }),
});

export type Config = Readonly<Static<typeof ConfigSchema>>;

const ENV_NAMES: Record<keyof Static<typeof ConfigSchema>, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  apiKey: 'OMNIFY_API_KEY',
  publicUrl: 'PUBLIC_URL',
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
  intelSchedule: 'INTEL_SCHEDULE',
};

/** The environment variable names, by config field (for docs and error messages). */
export const CONFIG_ENV_NAMES: Readonly<typeof ENV_NAMES> = ENV_NAMES;

function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  const v = env[name];
  return v === '' ? undefined : v;
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
  const withDefaults = Value.Default(ConfigSchema, raw);
  const converted = Value.Convert(ConfigSchema, withDefaults) as Record<string, unknown>;
  const problems = [...Value.Errors(ConfigSchema, converted)].map((e) => {
    const field = e.path.replace(/^\//, '') as keyof typeof ENV_NAMES;
    return { path: ENV_NAMES[field] ?? field, message: e.message };
  });
  if (problems.length > 0) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFIG_INVALID',
      `Invalid configuration: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { fields: problems },
    );
  }
  return Object.freeze(converted) as Config;
}
