/**
 * The OpenAPI document of the API without a database, a queue or a listening socket: builds the
 * app on a context whose services throw if anything tries to use them (registering routes does
 * not), reads `app.swagger()`, closes the app. For `npm run lint:openapi` and the document's tests.
 */
import { type Config, loadConfig } from '../kernel/config/config.ts';
import type { OmnifyContext } from '../kernel/context.ts';
import { buildApp } from './app.ts';

/** A stand-in that throws a clear error on any use: the document must not need live services. */
function unavailable(what: string): never {
  return new Proxy({} as never, {
    get(_t, prop) {
      throw new Error(`${what}.${String(prop)} is not available while building the OpenAPI document`);
    },
  });
}

/**
 * Returns the OpenAPI 3.1 document as served at `/openapi.json`, for a configuration read from
 * `env` with `overrides` (e.g. `{ publicUrl }` sets `servers`).
 */
export async function buildOpenApiDocument(
  env: NodeJS.ProcessEnv = {},
  overrides: Partial<Config> = {},
): Promise<Record<string, unknown>> {
  const config = loadConfig(env, overrides);
  const ctx = {
    config,
    db: unavailable('db'),
    queue: unavailable('queue'),
    secrets: unavailable('secrets'),
    log: unavailable('log'),
    publicUrl: () => (config.publicUrl ?? '').replace(/\/$/, ''),
  } as unknown as OmnifyContext;
  const app = await buildApp(ctx, false);
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
