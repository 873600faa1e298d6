import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { SnapshotCache } from '../../kernel/db/snapshot-cache.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { sendCachedPage } from '../../kernel/http-server/cached-page.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { conversationRef, findConversation, listConversations } from './conversation.repository.ts';
import {
  ConversationDetailSchema,
  ConversationSchema,
  HandoffSchema,
  MessageIdSchema,
  StatusSchema,
} from './conversation.schemas.ts';
import { conversationWorkflowRoutes, requireUser } from './conversation-workflow.routes.ts';
import { insertNote, insertReply } from './message.repository.ts';
import { REPLY_PREVIEW_CHARS } from './message-view.ts';
import type { OutboundSendJob } from './pipeline/deps.ts';
import { findMessage, firstUnreadMessageId, listMessages } from './timeline.repository.ts';

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');

const SenderKind = Type.String({ enum: ['contact', 'user', 'agent', 'system'] });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description ? { description } : {});

const ReplyPreview = Type.Object(
  {
    messageId: Nullable(
      Type.String(),
      'The quoted message; null when it is not stored (then all fields are null).',
    ),
    senderKind: Nullable(SenderKind),
    contentType: Nullable(Type.String()),
    text: Nullable(
      Type.String({ maxLength: REPLY_PREVIEW_CHARS }),
      `Its text (a media message's caption), at most ${REPLY_PREVIEW_CHARS} characters.`,
    ),
  },
  { description: 'The message this one quotes (a reply on the platform).' },
);

const Media = Type.Object(
  {
    type: Type.String({
      description:
        '`image`, `audio`, `voice`, `video`, `document`, `sticker`, `animation`, `location` or `contacts`.',
    }),
    caption: Nullable(Type.String()),
    mimeType: Nullable(Type.String()),
    fileName: Nullable(Type.String()),
    size: Nullable(Type.Integer({ minimum: 0 }), 'Bytes, when the platform says.'),
    durationSeconds: Nullable(Type.Number({ minimum: 0 }), 'Audio and video, when the platform says.'),
    title: Nullable(Type.String(), "A location's name or address; the shared contacts' names."),
  },
  {
    description:
      'The attachment (kept as a reference; its bytes from `GET …/messages/{messageId}/media`), location or contacts.',
  },
);

const Reaction = Type.Object({
  emoji: Type.String(),
  count: Type.Integer({ minimum: 1, description: 'Reactors whose latest reaction is this emoji.' }),
  fromContact: Type.Boolean({ description: 'The contact is one of them.' }),
});

const Message = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  channelId: Type.String(),
  direction: Type.String({ enum: ['inbound', 'outbound'] }),
  senderKind: SenderKind,
  private: Type.Boolean({ description: 'A private note of the team: never sent to the contact.' }),
  senderUserId: Type.Union([Type.String(), Type.Null()], { description: 'The signed-in user who wrote it.' }),
  contentType: Type.String(),
  text: Type.Union([Type.String(), Type.Null()]),
  content: Type.Unknown(),
  platformMessageId: Type.Union([Type.String(), Type.Null()]),
  replyToMessageId: Type.Union([Type.String(), Type.Null()]),
  edited: Type.Boolean(),
  status: Type.Union([Type.String({ enum: ['queued', 'sent', 'delivered', 'read', 'failed'] }), Type.Null()]),
  error: Type.Union([
    Type.Object({ code: Type.String(), message: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
  replyTo: Nullable(ReplyPreview),
  media: Nullable(Media),
  reactions: Type.Array(Reaction, {
    description:
      "Reactions it has now, most frequent first. Reaction messages are not listed themselves: each counts here on the message it reacts to (a reactor's latest reaction; a removed one counts no more).",
  }),
});

const MessagePage = Type.Object({
  data: Type.Array(Message),
  nextCursor: Nullable(
    Type.String(),
    "The plain listing's next page; null on its last page and in a window.",
  ),
  hasOlder: Type.Boolean({ description: 'Older messages exist before the first of this page.' }),
  hasNewer: Type.Boolean({ description: 'Newer messages exist after the last of this page.' }),
});

const WINDOW_PARAMS = ['before', 'after', 'around'] as const;

/**
 * `/api/v1/conversations`: the inbox. List (filter by channel, status, contact, assignee, handoff,
 * unread; newest activity first; cursor-paginated), read one, read its messages (paginated), answer
 * as a human user (sent through the conversation's channel by the durable send job) and add private
 * notes. The workflow routes (change, bulk, read marks, tab counts) are conversation-workflow.routes.ts.
 */
export const conversationsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (
  app,
  { ctx },
) => {
  await app.register(conversationWorkflowRoutes, { ctx });
  // The two pages the inbox reads most, answered from memory while the database is unchanged.
  const pages = new SnapshotCache(ctx.config.pageCacheMb * 1024 * 1024);

  app.get(
    '/conversations',
    {
      schema: {
        tags: ['inbox'],
        summary: 'List conversations, newest activity first',
        description:
          '`assignee=me` and `unread=true` are for the signed-in user (400 with an API key); `assignee` also takes `unassigned` or a user id.',
        querystring: Type.Object({
          ...PageQuery,
          channelId: Type.Optional(Type.String()),
          contactId: Type.Optional(Type.String()),
          status: Type.Optional(StatusSchema),
          assignee: Type.Optional(
            Type.String({
              pattern:
                '^(me|unassigned|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
              description: '`me`, `unassigned` or a user id.',
            }),
          ),
          handoff: Type.Optional(HandoffSchema),
          unread: Type.Optional(
            Type.Boolean({
              description: 'Only conversations with messages the signed-in user has not read.',
            }),
          ),
        }),
        response: { 200: Page(ConversationSchema), ...errorResponses(400) },
      },
    },
    async (req, reply) => {
      const q = req.query;
      if (q.assignee === 'me') requireUser(req, 'The filter assignee=me');
      if (q.unread) requireUser(req, 'The filter unread=true');
      const load = () =>
        listConversations(ctx.db, {
          workspaceId: req.principal.workspaceId,
          viewer: req.principal.userId,
          channelId: q.channelId,
          contactId: q.contactId,
          status: q.status,
          assignee: q.assignee,
          handoff: q.handoff,
          unread: q.unread,
          limit: q.limit,
          cursor: q.cursor,
        });
      return sendCachedPage(req, reply, pages, ctx.db, load);
    },
  );

  app.get(
    '/conversations/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Get a conversation',
        params: IdParams,
        response: { 200: ConversationDetailSchema, ...errorResponses(404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const c = await findConversation(ctx.db, req.params.id, ws, req.principal.userId);
      if (!c) throw notFound();
      const firstUnread = await firstUnreadMessageId(ctx.db, ws, c.id, req.principal.userId, c.unreadCount);
      return { ...c, firstUnreadMessageId: firstUnread };
    },
  );

  app.get(
    '/conversations/:id/messages',
    {
      schema: {
        tags: ['inbox'],
        summary: "List a conversation's messages",
        description: [
          'The plain listing: `order=desc` (default) pages from the newest message back with `cursor`; `order=asc` from the first.',
          'A window, oldest first, for a timeline opened anywhere in the history: `around=<messageId>` (that message, up to `(limit - 1) / 2` older ones and newer ones to fill the page), `before=<messageId>` (the `limit` messages just before it) or `after=<messageId>` (just after it). Page on with `before=<first id>` and `after=<last id>` while `hasOlder` / `hasNewer`: the pages meet without gaps or repeats. At most one of them, and not with `cursor` (`order` is ignored); an id that names no message of the conversation is a 400 naming the parameter.',
          'Reaction messages are not listed: they count in the `reactions` of the message they react to.',
        ].join('\n\n'),
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery,
          order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
          before: Type.Optional(MessageIdSchema('The messages just before this one.')),
          after: Type.Optional(MessageIdSchema('The messages just after this one.')),
          around: Type.Optional(MessageIdSchema('This message and those around it.')),
        }),
        response: { 200: MessagePage, ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const q = req.query;
      const given = WINDOW_PARAMS.filter((name) => q[name] !== undefined);
      if (given.length > 1 || (given.length === 1 && q.cursor !== undefined)) {
        const names = q.cursor !== undefined ? [...given, 'cursor'] : given;
        throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Give one of ${names.join(', ')}, not several.`, {
          fields: names.map((name) => ({
            path: `/querystring/${name}`,
            message: 'only one of before, after, around, cursor',
          })),
        });
      }
      if (!isUuid(req.params.id)) throw notFound();
      const load = async () => {
        // A window's anchor must be a message of an existing conversation: that one is checked first.
        // A plain page is scoped to the workspace and the conversation, so only an empty one needs the
        // (primary-key) probe telling an empty conversation from none.
        if (given.length > 0 && !(await conversationRef(ctx.db, ws, req.params.id))) throw notFound();
        const page = await listMessages(ctx.db, ws, req.params.id, {
          limit: q.limit,
          order: q.order,
          cursor: q.cursor,
          before: q.before,
          after: q.after,
          around: q.around,
        });
        if (
          given.length === 0 &&
          page.data.length === 0 &&
          !(await conversationRef(ctx.db, ws, req.params.id))
        ) {
          throw notFound();
        }
        return page;
      };
      return sendCachedPage(req, reply, pages, ctx.db, load);
    },
  );

  app.post(
    '/conversations/:id/messages',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Reply as a human user',
        description:
          'Stores the message as `queued` and sends it through the channel; follow `status` on the message. A conversation in handoff `agent` becomes `human` in the same transaction (the agent falls silent).',
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 202: Message, ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const conv = await conversationRef(ctx.db, ws, req.params.id);
      if (!conv) throw notFound();
      const id = await ctx.db.transaction(async (tx) => {
        // One statement: the message, and its conversation counted, bumped and handed over to humans.
        const mid = await insertReply(tx, {
          workspaceId: ws,
          conversationId: conv.id,
          channelId: conv.channelId,
          text: req.body.text,
          senderUserId: req.principal.userId ?? null,
        });
        const job: OutboundSendJob = { messageId: mid, attempt: 0 };
        await ctx.queue.enqueue('outbound-send', job, {}, tx);
        return mid;
      });
      return reply.status(202).send((await findMessage(ctx.db, ws, id))!);
    },
  );

  app.post(
    '/conversations/:id/notes',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Add a private note',
        description:
          'A note for the team, shown in the timeline with `private: true`. It is never sent to the contact: it has no delivery status, and the database refuses one.',
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 201: Message, ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const conv = await conversationRef(ctx.db, ws, req.params.id);
      if (!conv) throw notFound();
      const id = await insertNote(ctx.db, {
        workspaceId: ws,
        conversationId: conv.id,
        channelId: conv.channelId,
        text: req.body.text,
        senderUserId: req.principal.userId,
      });
      return reply.status(201).send((await findMessage(ctx.db, ws, id))!);
    },
  );
};
