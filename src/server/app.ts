import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { adsRoutes } from '../domains/ads.routes.ts';
import { agentsRoutes } from '../domains/agents.routes.ts';
import { channelsRoutes } from '../domains/channels.routes.ts';
import { contactsRoutes } from '../domains/contacts.routes.ts';
import { conversationsRoutes } from '../domains/conversations.routes.ts';
import { importsRoutes } from '../domains/imports.routes.ts';
import { insightsRoutes } from '../domains/insights.routes.ts';
import { intelligenceRoutes } from '../domains/intelligence.routes.ts';
import { modelResultsRoutes } from '../domains/model-results.routes.ts';
import { ordersRoutes } from '../domains/orders.routes.ts';
import { sandboxApiRoutes } from '../domains/sandbox.routes.ts';
import { segmentsRoutes } from '../domains/segments.routes.ts';
import { webhooksRoutes } from '../domains/webhooks.routes.ts';
import { OmnifyError } from '../errors/catalog.ts';
import { frameworkErrors } from '../kernel/http-server/framework-errors.ts';
import { completeOpenApiDocument, type OpenApiDocument } from '../kernel/http-server/openapi-defaults.ts';
import { installInputSanitizer } from '../kernel/sanitize/fastify.ts';
import { workspacesRoutes } from '../modules/workspaces/workspaces.routes.ts';
import { authPlugin } from './auth.ts';
import type { OmnifyContext } from './context.ts';
import { installErrorHandlers } from './errors.ts';
import { ErrorResponse } from './schemas.ts';

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
    // (src/kernel/http-server/validation-errors.ts caps and orders the list).
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandlers(app);
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
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An Omnify API key.' } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'channels', description: 'Connected accounts on messaging platforms' },
        { name: 'agents', description: 'Automated responders' },
        { name: 'inbox', description: 'Conversations, messages, contacts and segments' },
        {
          name: 'intelligence',
          description:
            'Orders, ad performance, models (LTV, anomalies, fatigue, forecasts, budget), insights and actions',
        },
        { name: 'access', description: 'Workspaces and API keys with roles (docs/access.md)' },
      ],
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

  await app.register(authPlugin, {
    db: ctx.db,
    limits: {
      authFailuresPerMinute: ctx.config.authFailuresPerMinute,
      apiPerKeyPerMinute: ctx.config.apiRateLimitPerMinute,
    },
  });
  await app.register(
    async (api) => {
      await api.register(channelsRoutes, { ctx });
      await api.register(sandboxApiRoutes, { ctx });
      await api.register(agentsRoutes, { ctx });
      await api.register(conversationsRoutes, { ctx });
      await api.register(contactsRoutes, { ctx });
      await api.register(segmentsRoutes, { ctx });
      await api.register(ordersRoutes, { ctx });
      await api.register(importsRoutes, { ctx });
      await api.register(intelligenceRoutes, { ctx });
      await api.register(insightsRoutes, { ctx });
      await api.register(adsRoutes, { ctx });
      await api.register(modelResultsRoutes, { ctx });
      await api.register(workspacesRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  await app.register(webhooksRoutes, { ctx });
  return app;
}
