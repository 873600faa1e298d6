import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { adapterFor } from '../../integrations/channel-registry.ts';
import type { ChannelAdapter, WebhookRequest } from '../../integrations/contract/channel-adapter.ts';
import { DecodedWithFiles, type InboundEvent } from '../../integrations/contract/message.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type HttpClient, outboundHttp } from '../../kernel/http-client/client.ts';
import { type ChannelRecord, findChannelCached, listChannels } from '../channels/channels.service.ts';
import type { IngestItem } from './pipeline/ingest.ts';
import { IngestBatcher, ingestBatching } from './pipeline/ingest-batcher.ts';
import { parseSanitized } from './pipeline/parse-sanitized.ts';

/** The request as adapters see it; `origin` is PUBLIC_URL (without its trailing slash), else the request's scheme and Host. */
function toWebhookRequest(req: FastifyRequest, rawBody: Buffer, origin: string | undefined): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const url = `${origin ?? `${req.protocol}://${req.host}`}${req.url}`;
  return {
    method: req.method,
    headers,
    query: req.query as Record<string, string | undefined>,
    rawBody,
    url,
  };
}

/** Whether `webhook` also verifies with `channel`'s config (its secret signed the delivery too). */
function verifies(adapter: ChannelAdapter, webhook: WebhookRequest, channel: ChannelRecord): boolean {
  try {
    adapter.verify(webhook, channel.config);
    return true;
  } catch {
    return false;
  }
}

/** JSON, the default body of a webhook; 400 `OMNIFY_ERR_MALFORMED_JSON` when it is not. */
function decodeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
  }
}

/**
 * `/webhooks/{channelId}`: where platforms deliver. GET answers the platform's verification
 * handshake (WhatsApp `hub.challenge`). POST: the body is read raw (any content type, up to
 * BODY_LIMIT_BYTES, else 413), the signature is verified before anything else (401, nothing stored),
 * then parsed (400 on malformed JSON) and stored with its follow-up jobs in one transaction; the
 * answer is 200 only after that commit. Unknown channel: 404.
 */
export const webhooksRoutes: FastifyPluginAsync<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  // Verified deliveries arriving together share one transaction (group commit; `ingestBatching`).
  // Made on first use: registering routes needs no database.
  let batcher: IngestBatcher | undefined;
  const ingest = () => (batcher ??= new IngestBatcher(ctx, ingestBatching(ctx.db.kind)));
  // Channels are read on every delivery: through the channels module's cache, which this process's
  // channel writes evict at once (a newly connected agent answers the very next message).
  const loadChannel = async (id: string): Promise<ChannelRecord> => {
    const channel = await findChannelCached(ctx.db, ctx.secrets, id);
    if (!channel) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
    return channel;
  };

  // The network client (SSRF guard) for verifications that fetch keys (ChannelAdapter.verifyRemote).
  let http: HttpClient | undefined;
  const outbound = () => (http ??= outboundHttp(ctx.config));

  // Where platforms call us (PUBLIC_URL, which may hold a path prefix), for signatures over the URL (Twilio).
  const origin = ctx.config.publicUrl ? ctx.config.publicUrl.replace(/\/$/, '') : undefined;

  /**
   * The channels that store `events` (see `ChannelAdapter.account`): an event addressed to another
   * account of the same platform goes to the workspace's channel of that account when the delivery
   * also verifies with that channel's config (the same app secret); otherwise, and for events naming
   * no account, it stays with `channel`. Deliveries naming only `channel`'s account read nothing.
   */
  const routeEvents = async (
    channel: ChannelRecord,
    adapter: ChannelAdapter,
    webhook: WebhookRequest,
    events: InboundEvent[],
  ): Promise<IngestItem[]> => {
    if (events.length === 0) return [];
    const own = adapter.account?.(channel.config);
    const foreign = new Map<string, InboundEvent[]>();
    const mine: InboundEvent[] = [];
    for (const e of events) {
      if (own === undefined || e.recipient === undefined || e.recipient === own) {
        mine.push(e);
        continue;
      }
      const list = foreign.get(e.recipient);
      if (list) list.push(e);
      else foreign.set(e.recipient, [e]);
    }
    if (foreign.size === 0) return [{ channel, events: mine }];
    const siblings = (await listChannels(ctx.db, ctx.secrets, channel.workspaceId)).filter(
      (c) => c.platform === channel.platform && c.id !== channel.id && c.sandbox === channel.sandbox,
    );
    const items = new Map<string, IngestItem>();
    for (const [recipient, routed] of foreign) {
      const target = siblings.find(
        (c) => adapter.account?.(c.config) === recipient && verifies(adapter, webhook, c),
      );
      if (!target) {
        mine.push(...routed);
        continue;
      }
      const item = items.get(target.id) ?? { channel: target, events: [] };
      item.events.push(...routed);
      items.set(target.id, item);
    }
    return [...(mine.length > 0 ? [{ channel, events: mine }] : []), ...items.values()];
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
      const res = adapter.handshake(toWebhookRequest(req, Buffer.alloc(0), origin), channel.config);
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
      const webhook = toWebhookRequest(req, raw, origin);
      adapter.verify(webhook, channel.config);
      if (adapter.verifyRemote) await adapter.verifyRemote(webhook, channel.config, { http: outbound() });
      const decoded = adapter.decode ? await adapter.decode(webhook) : decodeJson(raw);
      const { body, files } =
        decoded instanceof DecodedWithFiles ? decoded : { body: decoded, files: undefined };
      const answer = adapter.respond?.(body, channel.config);
      if (answer)
        return reply
          .status(answer.status)
          .type(answer.contentType ?? 'text/plain')
          .send(answer.body);
      const events = parseSanitized(adapter, body, channel.config, req.log);
      const items = await routeEvents(channel, adapter, webhook, events);
      const results = await Promise.all(items.map((item) => ingest().submit({ ...item, files })));
      const stored = results.reduce((n, r) => n + r.stored.length, 0);
      const duplicates = results.reduce((n, r) => n + r.duplicates, 0);
      if (results.length > 0) req.log.debug({ channelId: channel.id, stored, duplicates }, 'webhook stored');
      const ack = adapter.acknowledge?.(body, channel.config);
      if (ack)
        return reply
          .status(ack.status)
          .type(ack.contentType ?? 'text/plain')
          .send(ack.body);
      return reply.status(200).send({ ok: true, stored, duplicates });
    },
  );
};
