import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { adapterFor } from '../../integrations/channel-registry.ts';
import type { ChannelAdapter, WebhookRequest } from '../../integrations/contract/channel-adapter.ts';
import type { InboundEvent } from '../../integrations/contract/message.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { MAX_JSON_DEPTH, sanitizePayload, TRUNCATED_MARKER } from '../../kernel/sanitize/json.ts';
import { type ChannelRecord, findChannelCached } from '../channels/channels.service.ts';
import { IngestBatcher } from './pipeline/ingest-batcher.ts';

/**
 * Sanitizes a verified, parsed body (NUL and lone surrogates, subtrees deeper than MAX_JSON_DEPTH
 * cut: src/kernel/sanitize) and turns it into events. Messages whose raw item was cut get the issue
 * `payload_truncated`. An adapter that fails with something other than an OmnifyError (a bug met
 * with odd input) answers 400 OMNIFY_ERR_VALIDATION, logged, never a 5xx the platform would retry.
 */
function parseSanitized(
  adapter: ChannelAdapter,
  body: unknown,
  config: Record<string, unknown>,
  req: FastifyRequest,
): InboundEvent[] {
  const { value, truncated } = sanitizePayload(body);
  let events: InboundEvent[];
  try {
    events = adapter.parse(value, config);
  } catch (e) {
    if (isOmnifyError(e)) throw e;
    req.log.error({ err: e, platform: adapter.platform }, 'webhook payload could not be parsed');
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The webhook payload could not be read.');
  }
  if (truncated.length === 0) return events;
  return events.map((e) =>
    e.kind === 'message' && !e.issue && JSON.stringify(e.raw ?? null).includes(TRUNCATED_MARKER)
      ? {
          ...e,
          issue: {
            code: 'payload_truncated',
            message: `parts nested deeper than ${MAX_JSON_DEPTH} levels were cut`,
          },
        }
      : e,
  );
}

function toWebhookRequest(req: FastifyRequest, rawBody: Buffer): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method, headers, query: req.query as Record<string, string | undefined>, rawBody };
}

/**
 * `/webhooks/{channelId}`: where platforms deliver. GET answers the platform's verification
 * handshake (WhatsApp `hub.challenge`). POST: the body is read raw (any content type, up to
 * BODY_LIMIT_BYTES, else 413), the signature is verified before anything else (401, nothing stored),
 * then parsed (400 on malformed JSON) and stored with its follow-up jobs in one transaction; the
 * answer is 200 only after that commit. Unknown channel: 404.
 */
export const webhooksRoutes: FastifyPluginAsync<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  // Verified deliveries arriving together share one transaction (group commit). PGlite has one
  // connection: one batch at a time, and smaller batches, because an outbound-send outcome write
  // waits for the batch in progress (the window in which a crash repeats a send; docs/architecture.md).
  // Made on first use: registering routes needs no database.
  let batcher: IngestBatcher | undefined;
  const ingest = () =>
    (batcher ??= new IngestBatcher(
      ctx,
      ctx.db.kind === 'pglite' ? { maxBatch: 20, concurrency: 1 } : { maxBatch: 100, concurrency: 4 },
    ));
  // Channels are read on every delivery: through the channels module's cache, which this process's
  // channel writes evict at once (a newly connected agent answers the very next message).
  const loadChannel = async (id: string): Promise<ChannelRecord> => {
    const channel = await findChannelCached(ctx.db, ctx.secrets, id);
    if (!channel) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
    return channel;
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get<{ Params: { channelId: string } }>(
    '/webhooks/:channelId',
    { schema: { hide: true } },
    async (req, reply) => {
      const channel = await loadChannel(req.params.channelId);
      const adapter = adapterFor(channel.platform);
      if (!adapter.handshake) throw new OmnifyError('OMNIFY_ERR_METHOD_NOT_ALLOWED');
      const res = adapter.handshake(toWebhookRequest(req, Buffer.alloc(0)), channel.config);
      return reply
        .status(res.status)
        .type(res.contentType ?? 'text/plain')
        .send(res.body);
    },
  );

  app.post<{ Params: { channelId: string } }>(
    '/webhooks/:channelId',
    { schema: { hide: true } },
    async (req, reply) => {
      const channel = await loadChannel(req.params.channelId);
      const adapter = adapterFor(channel.platform);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      adapter.verify(toWebhookRequest(req, raw), channel.config);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
      }
      const events = parseSanitized(adapter, body, channel.config, req);
      if (events.length === 0) return reply.status(200).send({ ok: true, stored: 0, duplicates: 0 });
      const result = await ingest().submit({ channel, events });
      req.log.debug(
        { channelId: channel.id, stored: result.stored.length, duplicates: result.duplicates },
        'webhook stored',
      );
      return reply
        .status(200)
        .send({ ok: true, stored: result.stored.length, duplicates: result.duplicates });
    },
  );
};
