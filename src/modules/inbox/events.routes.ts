import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { errorResponses } from '../../kernel/http-server/schemas.ts';
import { EventHub } from './events.hub.ts';
import { SSE_DEFAULTS, SseStream } from './events.sse.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });

const InboxEvent = Type.Object({
  id: Type.String({
    description: 'The event’s position (decimal): resume after it with `Last-Event-ID` or `after`.',
  }),
  type: Type.Union([
    Type.Literal('message.created'),
    Type.Literal('message.updated'),
    Type.Literal('conversation.created'),
    Type.Literal('conversation.updated'),
  ]),
  conversationId: Type.String(),
  messageId: Type.Optional(Type.String({ description: 'On `message.*` events.' })),
  at: Type.String({ format: 'date-time', description: 'When the change was written.' }),
  message: Type.Optional(
    Type.Object(
      {
        direction: Type.String({ enum: ['inbound', 'outbound'] }),
        senderKind: Type.String({ enum: ['contact', 'user', 'agent', 'system'] }),
        private: Type.Boolean(),
        contentType: Type.String(),
        preview: Nullable(Type.String({ description: 'The first 200 characters of the text.' })),
        status: Nullable(Type.String({ enum: ['queued', 'sent', 'delivered', 'read', 'failed'] })),
        edited: Type.Boolean(),
        attempts: Type.Integer(),
        error: Nullable(Type.Object({ code: Type.String(), message: Nullable(Type.String()) })),
        createdAt: Time,
      },
      { description: 'On `message.*` events: the message after the change.' },
    ),
  ),
  conversation: Type.Optional(
    Type.Object(
      {
        status: Type.String(),
        channelId: Type.String(),
        contactId: Type.String(),
        lastMessageAt: Time,
        snoozedUntil: Nullable(Time),
        assigneeUserId: Nullable(Type.String()),
        handoff: Nullable(Type.String()),
        messageCount: Nullable(Type.Integer()),
        inboundCount: Nullable(Type.Integer()),
      },
      { description: 'On `conversation.*` events: the conversation after the change.' },
    ),
  ),
});

const EventPage = Type.Object({
  data: Type.Array(InboxEvent),
  lastEventId: Type.String({ description: 'Pass as `after` to read on.' }),
  reset: Type.Boolean({
    description: 'Events after `after` were pruned (older than 24 h): refetch what you show, then read on.',
  }),
});

/** A resume position: up to 15 digits (ids are JavaScript-safe integers); empty means none. */
const Position = Type.String({ pattern: '^[0-9]{0,15}$' });

/** Whether the client asked for the stream (EventSource always sends `Accept: text/event-stream`). */
const wantsStream = (accept: string | undefined) => /\btext\/event-stream\b/i.test(accept ?? '');

/** The first non-empty position of `values`, as a number. */
function position(...values: Array<string | undefined>): number | undefined {
  const v = values.find((x) => x !== undefined && x !== '');
  return v === undefined ? undefined : Number(v);
}

/**
 * `GET /api/v1/events`: the workspace's live events (docs/api-events.md). With
 * `Accept: text/event-stream`, a Server-Sent Events stream: `retry: 2000`, the events after
 * `Last-Event-ID` (or `?after=`), then new ones as they are committed, each with `id:` and
 * `event: <type>`, and a `: keep-alive` comment every 15 s. Otherwise one JSON page of the events
 * after `after` (polling clients; also what `app.inject` and plain `fetch` get, so they never hang).
 * The stream holds no database connection: one reader per process (`EventHub`) fans the log out.
 * Every `EVENTS_RECHECK_SECONDS` (15) the stream re-checks its credential and ends once the key is
 * revoked, the session has ended or the session moved to another workspace.
 */
export const eventsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  const hub = new EventHub(ctx.db, ctx.log);
  const streams = new Set<SseStream>();
  // Open streams would keep `close()` waiting for ever: end them first; clients reconnect elsewhere.
  app.addHook('preClose', async () => {
    for (const s of streams) s.close();
  });
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/events',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Live events (Server-Sent Events)',
        description:
          'With `Accept: text/event-stream`: a stream of the workspace’s `message.created`, `message.updated`, `conversation.created` and `conversation.updated` events (`id:` on each, `event:` its type, `data:` its JSON), after `Last-Event-ID` or `after` when given, then live; a `reset` event (no id) when events after that position were pruned. Otherwise a JSON page of the events after `after`. See docs/api-events.md.',
        headers: Type.Object({
          'last-event-id': Type.Optional({
            ...Position,
            description: 'Sent by EventSource on reconnect; wins over `after`.',
          }),
        }),
        querystring: Type.Object({
          after: Type.Optional({ ...Position, description: 'Resume after this event id.' }),
          limit: Type.Integer({
            minimum: 1,
            maximum: 1000,
            default: 100,
            description: 'JSON page only: events per page.',
          }),
        }),
        response: {
          200: {
            description: 'The stream, or a page of events.',
            content: {
              'text/event-stream': {
                schema: Type.String({
                  description:
                    '`retry: 2000`, then `id:`/`event:`/`data:` frames (data: an event as in the JSON page).',
                }),
              },
              'application/json': { schema: EventPage },
            },
          },
          ...errorResponses(400),
        },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const after = position(req.headers['last-event-id'], req.query.after);
      if (!wantsStream(req.headers.accept)) return hub.page(ws, after, req.query.limit);
      // Fails here (as a JSON error) while the database is away; the client retries.
      await hub.ready();
      // Fixed before the client sees the stream open: whatever commits later reaches it.
      const from = after ?? hub.position;
      reply.hijack();
      const stream = new SseStream(reply.raw, reply.getHeaders(), SSE_DEFAULTS);
      streams.add(stream);
      stream.onClose(() => streams.delete(stream));
      // A revoked key, an ended session or a workspace switch ends the stream; EventSource then
      // reconnects and gets 401 (or the new workspace's events).
      const recheck = setInterval(() => {
        void app.stillAuthenticated(req, reply).then((ok) => {
          if (!ok) stream.close();
        });
      }, ctx.config.eventsRecheckSeconds * 1000);
      recheck.unref();
      stream.onClose(() => clearInterval(recheck));
      hub.open(ws, from, stream, after !== undefined).then(
        (unsubscribe) => stream.onClose(unsubscribe),
        (err: unknown) => {
          req.log.warn({ err }, 'event stream could not start; the client reconnects');
          stream.close();
        },
      );
    },
  );
};
