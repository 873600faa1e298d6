import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { OmnifyContext } from '../kernel/context.ts';
import { OmnifyError } from '../kernel/errors/catalog.ts';
import { installErrorHandlers } from '../kernel/http-server/errors.ts';
import { frameworkErrors } from '../kernel/http-server/framework-errors.ts';
import { completeOpenApiDocument, type OpenApiDocument } from '../kernel/http-server/openapi-defaults.ts';
import { ErrorResponse } from '../kernel/http-server/schemas.ts';
import { installInputSanitizer } from '../kernel/sanitize/fastify.ts';
import { sessionAuthenticator } from '../modules/users/session-auth.ts';
import { authPlugin } from '../modules/workspaces/auth.ts';
import { MODULES } from './modules.ts';
import { registerWebApp } from './web-app.ts';

/** Resolves like `p`, or rejects when it has not settled within `ms` milliseconds. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Header and query names whose values never reach the logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-omnify-signature"]',
];

/** Logger options for Fastify (pino): level from config, secrets redacted. */
export function loggerOptions(level: string) {
  return { level, redact: { paths: REDACT, censor: '[redacted]' } };
}

/**
 * Builds the HTTP server: error handlers, OpenAPI 3.1 (`/openapi.json`, UI at `/docs`), bearer auth
 * on `/api/v1`, one plugin per domain and the webhook receiver. Does not listen.
 */
export async function buildApp(
  ctx: OmnifyContext,
  logger: FastifyInstance['log'] | false,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger || undefined,
    bodyLimit: ctx.config.bodyLimitBytes,
    // Per-request logs at info would dominate the webhook hot path; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // Router errors (broken %-escapes, over-long path parameters) in the catalog's shape.
    frameworkErrors,
    // allErrors: an unknown field is reported as such, not only as the required one it misspells
    // (src/kernel/http-server/validation-errors.ts caps and orders the list). allowUnionTypes: a
    // `type: [...]` list is how a value may be one of several JSON types without being coerced
    // (contact attributes: a union's first branch would coerce 12 to "12").
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
        allowUnionTypes: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandlers(app, await registerWebApp(app));
  installInputSanitizer(app);
  app.addSchema(ErrorResponse);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Omnify API',
        version: '0.1.0',
        description: 'Every messaging channel in one inbox, AI agents and humans answering together.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An Omnify API key.' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'omnify_session',
            description:
              'A signed-in user’s session (POST /api/v1/auth/login); POST, PATCH and DELETE also need its CSRF token in "x-csrf-token" (docs/access.md).',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      tags: [
        { name: 'channels', description: 'Connected accounts on messaging platforms' },
        { name: 'agents', description: 'Automated responders' },
        { name: 'inbox', description: 'Conversations, messages, contacts and segments' },
        { name: 'templates', description: 'Canned responses inserted with /shortcode in the composer' },
        {
          name: 'intelligence',
          description:
            'Orders, ad performance, models (LTV, anomalies, fatigue, forecasts, budget), insights and actions',
        },
        {
          name: 'access',
          description: 'Workspaces, API keys, members and invitations with roles (docs/access.md)',
        },
        {
          name: 'session',
          description: 'First-run setup, sign-in and sign-out, password reset (docs/access.md)',
        },
      ],
    },
    // Named schemas (`$id`) keep their name as components (`components.schemas.Me`); others are `def-N`.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => {
        if (typeof json.$id !== 'string') return `def-${i}`;
        json.title ??= json.$id;
        return json.$id;
      },
    },
    // servers, operationIds and the 4xx answers of every operation, in one place.
    transformObject: (doc) =>
      'openapiObject' in doc
        ? (completeOpenApiDocument(doc.openapiObject as OpenApiDocument, {
            serverUrl: ctx.config.publicUrl ?? '/',
            errorSchemaId: 'ErrorResponse',
          }) as typeof doc.openapiObject)
        : doc.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // 200 `{ok: true, database}` while the database answers within 2 s; otherwise 503
  // `{ok: false, database, error: {code: OMNIFY_ERR_DATABASE_UNAVAILABLE, message}}` (load balancers
  // take the process out of rotation until the database is back; the process itself stays up).
  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await withTimeout(ctx.db.query('SELECT 1'), 2_000);
      return { ok: true, database: ctx.db.kind };
    } catch (e) {
      const err = new OmnifyError('OMNIFY_ERR_DATABASE_UNAVAILABLE', undefined, {}, { cause: e });
      return reply.status(err.status).send({ ok: false, database: ctx.db.kind, ...err.toResponse() });
    }
  });

  // Parses the `omnify_session` cookie before the auth hook reads it.
  await app.register(cookie);
  await app.register(authPlugin, {
    db: ctx.db,
    authenticators: [sessionAuthenticator(ctx)],
    limits: {
      authFailuresPerMinute: ctx.config.authFailuresPerMinute,
      apiPerKeyPerMinute: ctx.config.apiRateLimitPerMinute,
    },
  });
  await app.register(
    async (api) => {
      for (const m of MODULES) if (m.api) await api.register(m.api, { ctx });
    },
    { prefix: '/api/v1' },
  );
  for (const m of MODULES) if (m.root) await app.register(m.root, { ctx });
  return app;
}
