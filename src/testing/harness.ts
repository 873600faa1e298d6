import pino from 'pino';
import { loggerOptions } from '../app/app.ts';
import { type RunningOmnify, startOmnify } from '../app/runtime.ts';
import { type Config, loadConfig } from '../kernel/config/config.ts';
import { createTestDatabase, type TestDatabase } from './backends.ts';

export const TEST_API_KEY = 'omk_test_key_0123456789abcdefghij';

/** A running server for tests, with an authenticated JSON client. */
export interface TestOmnify extends RunningOmnify {
  database: TestDatabase;
  /** Calls the API with the test key; returns status and parsed JSON. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Posts raw bytes to a webhook URL path with the given headers. */
  post(
    path: string,
    body: Buffer | string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: any; text: string }>;
  /** Polls `fn` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
  until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts Omnify on a fresh database of `kind` (a copy of the run's migrated template, when there is
 * one) on a free port, with fast retry and maintenance
 * settings; `close()` stops it and removes the database. Given a {@link TestDatabase} instead of a
 * kind, it runs on that one and `close()` leaves it to its owner (e.g. a benchmark that loads data
 * here, then measures another server process on it).
 */
export async function startTestOmnify(
  kind: 'pglite' | 'postgres' | TestDatabase,
  overrides: Partial<Config> = {},
  logTo?: { level: string; write(line: string): void },
): Promise<TestOmnify> {
  const owned = typeof kind === 'string';
  const database = typeof kind === 'string' ? await createTestDatabase(kind, { migrated: true }) : kind;
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      apiKey: TEST_API_KEY,
      logLevel: 'silent',
      retryBaseMs: 50,
      retryMaxMs: 500,
      maintenanceIntervalSeconds: 1,
      // Every fake platform and agent of the tests listens on 127.0.0.1.
      allowPrivateUrls: true,
      ...database.config,
      ...overrides,
    },
  );
  const logger = logTo
    ? pino({ ...loggerOptions(logTo.level) }, { write: (line: string) => logTo.write(line) })
    : pino({ level: process.env.OMNIFY_TEST_LOG ?? 'silent' });
  const running = await startOmnify(config, logger);
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const post = async (path: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  const until = async <T>(
    what: string,
    fn: () => Promise<T | undefined | null | false>,
    timeoutMs = 15_000,
  ): Promise<T> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    ...running,
    database,
    api,
    post,
    until,
    async close() {
      await running.stop(true);
      if (owned) await database.dispose();
    },
  };
}

/**
 * Creates a generic webhook channel (`platform: 'webhook'`, deliveries signed with `secret`, its
 * outbound callbacks to 127.0.0.1:9, where nothing listens) through the API with `key` (default: the
 * test key, i.e. in the default workspace) and returns its id; throws unless the API answers 201.
 */
export async function createWebhookChannel(
  omnify: Pick<TestOmnify, 'url'>,
  secret: string,
  key = TEST_API_KEY,
): Promise<string> {
  const res = await fetch(`${omnify.url}/api/v1/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      platform: 'webhook',
      config: { secret, callbackUrl: 'http://127.0.0.1:9/omnify' },
    }),
  });
  const json = (await res.json()) as { id?: string };
  if (res.status !== 201 || !json.id)
    throw new Error(`webhook channel: ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}
