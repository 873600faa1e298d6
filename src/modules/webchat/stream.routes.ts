import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { conversationIdByThread } from '../inbox/contact-feed.ts';
import type { EventHub } from '../inbox/events.hub.ts';
import { webchatContext } from './cors.ts';
import type { WebchatSignals } from './live-signals.ts';
import { requireSession } from './visitor-session.ts';
import { VisitorStream } from './visitor-stream.ts';
import { StreamHeaders } from './webchat.schemas.ts';

/** What the stream route shares with the rest of the web chat plugin. */
export interface StreamRoutesOptions {
  ctx: OmnifyContext;
  /** The process's reader of the inbox's event log for the web chat streams. */
  hub: EventHub;
  signals: WebchatSignals;
  /** Open streams, closed before the server closes. */
  streams: Set<VisitorStream>;
}

/**
 * `GET /webchat/{channelId}/stream` (session in `Authorization`, as every widget route): the
 * visitor's live Server-Sent Events (visitor-stream.ts), from `Last-Event-ID` when the widget
 * resumes (it reads the stream with `fetch`, which can send the session header EventSource cannot),
 * else from now. A database that cannot be reached answers a JSON 503 before the stream opens.
 */
export const streamRoutes: FastifyPluginAsyncTypebox<StreamRoutesOptions> = async (
  app,
  { ctx, hub, signals, streams },
) => {
  app.get(
    '/webchat/:channelId/stream',
    { schema: { hide: true, headers: StreamHeaders } },
    async (req, reply) => {
      const { channel } = webchatContext(req);
      const session = await requireSession(ctx.db, channel, req);
      const header = req.headers['last-event-id'];
      const after = header ? Number(header) : undefined;
      await hub.ready();
      const from = after ?? hub.position;
      const conversationId = await conversationIdByThread(
        ctx.db,
        channel.workspaceId,
        channel.id,
        session.threadKey,
      );
      const target = {
        db: ctx.db,
        log: req.log,
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        threadKey: session.threadKey,
        conversationId,
      };
      reply.hijack();
      const stream = new VisitorStream(reply.raw, reply.getHeaders(), target, from);
      streams.add(stream);
      stream.onClose(() => streams.delete(stream));
      signals
        .subscribe(session.threadKey, (s) => stream.signal(s))
        .then(
          (off) => stream.onClose(off),
          (err: unknown) => req.log.warn({ err }, 'web chat stream: no live signals (typing)'),
        );
      hub.open(channel.workspaceId, from, stream, after !== undefined).then(
        (unsubscribe) => stream.onClose(unsubscribe),
        (err: unknown) => {
          req.log.warn({ err }, 'web chat stream could not start; the visitor reconnects');
          stream.close();
        },
      );
    },
  );
};
