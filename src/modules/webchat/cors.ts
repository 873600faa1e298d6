import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebchatConfig } from '../../integrations/webchat/webchat.adapter.ts';
import { matchOrigin } from '../../integrations/webchat/webchat.origins.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type ChannelRecord, findChannelCached } from '../channels/channels.service.ts';

/** What the origin check found for a request under `/webchat/{channelId}/`. */
export interface WebchatRequestContext {
  channel: ChannelRecord;
  config: WebchatConfig;
  /** The request's `Origin`, normalized: one of the channel's allowed origins. */
  origin: string;
}

const contexts = new WeakMap<FastifyRequest, WebchatRequestContext>();

/** The channel and origin of a request the {@link installOriginCheck} hook let through. */
export function webchatContext(req: FastifyRequest): WebchatRequestContext {
  const c = contexts.get(req);
  if (!c) throw new OmnifyError('OMNIFY_ERR_INTERNAL', 'web chat route without its origin check');
  return c;
}

/** Headers the widget sends, methods it uses, and how long a browser may cache the preflight (s). */
const ALLOW_HEADERS = 'authorization, content-type, last-event-id';
const ALLOW_METHODS = 'GET, POST, OPTIONS';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for the widget's routes (Fetch Standard, "CORS protocol"), in one `onRequest` hook on every
 * route of the plugin it is installed in (all under `/webchat/:channelId/`): the channel must exist
 * and be a web chat (404 `OMNIFY_ERR_CHANNEL_NOT_FOUND`), and the request's `Origin` must be one of
 * its `allowedOrigins`, compared exactly after normalization (403 `OMNIFY_ERR_FORBIDDEN`, before
 * anything else runs; the refusal itself carries `Access-Control-Allow-Origin: *` so the widget on a
 * refused site can read it from `GET check` and say so, while a refused preflight still stops the
 * browser from sending the real request). Allowed requests get
 * `Access-Control-Allow-Origin: <that origin>` and `Vary: Origin` on every answer, errors included;
 * no credentials (cookies) are allowed or needed: the session token travels in `Authorization`.
 * Preflights (`OPTIONS`) are answered 204 with the methods, headers and a 10-minute max age.
 */
export function installOriginCheck(app: FastifyInstance, ctx: OmnifyContext): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Origin');
    const { channelId } = req.params as { channelId?: string };
    const channel = channelId ? await findChannelCached(ctx.db, ctx.secrets, channelId) : null;
    if (channel?.platform !== 'webchat') throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
    const config = channel.config as WebchatConfig;
    const origin = matchOrigin(req.headers.origin, config.allowedOrigins ?? []);
    if (!origin) {
      // Readable by any page, so the widget on a refused site can say why (nothing else is served).
      reply.header('access-control-allow-origin', '*');
      throw new OmnifyError(
        'OMNIFY_ERR_FORBIDDEN',
        'This site may not use this web chat: add its origin to the channel’s allowedOrigins.',
        { reason: 'origin_not_allowed', origin: req.headers.origin ?? null },
      );
    }
    reply.header('access-control-allow-origin', origin);
    contexts.set(req, { channel, config, origin });
  });

  // A simple GET (no preflight) the widget makes when it cannot connect: 204 here, 403 when refused.
  app.get('/webchat/:channelId/check', { schema: { hide: true } }, async (_req, reply) =>
    reply.status(204).send(),
  );

  app.options('/webchat/:channelId/*', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .status(204)
      .header('access-control-allow-methods', ALLOW_METHODS)
      .header('access-control-allow-headers', ALLOW_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
      .send(),
  );
}
