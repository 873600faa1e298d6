import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import { conversationRef, findConversation, listConversations } from './conversation.repository.ts';
import { ConversationSchema, HandoffSchema, StatusSchema } from './conversation.schemas.ts';
import { conversationWorkflowRoutes, requireUser } from './conversation-workflow.routes.ts';
import { findMessage, insertNote, insertReply, listMessages } from './message.repository.ts';
import type { OutboundSendJob } from './pipeline/deps.ts';

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');

const Message = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  channelId: Type.String(),
  direction: Type.String({ enum: ['inbound', 'outbound'] }),
  senderKind: Type.String({ enum: ['contact', 'user', 'agent', 'system'] }),
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
});

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
    async (req) => {
      const q = req.query;
      if (q.assignee === 'me') requireUser(req, 'The filter assignee=me');
      if (q.unread) requireUser(req, 'The filter unread=true');
      return listConversations(ctx.db, {
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
    },
  );

  app.get(
    '/conversations/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Get a conversation',
        params: IdParams,
        response: { 200: ConversationSchema, ...errorResponses(404) },
      },
    },
    async (req) => {
      const c = await findConversation(
        ctx.db,
        req.params.id,
        req.principal.workspaceId,
        req.principal.userId,
      );
      if (!c) throw notFound();
      return c;
    },
  );

  app.get(
    '/conversations/:id/messages',
    {
      schema: {
        tags: ['inbox'],
        summary: "List a conversation's messages",
        description: '`order=desc` (default) pages from the newest message back; `order=asc` from the first.',
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery,
          order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
        }),
        response: { 200: Page(Message), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      // A primary-key probe: the page never counts the conversation's messages.
      const conv = await conversationRef(ctx.db, req.principal.workspaceId, req.params.id);
      if (!conv) throw notFound();
      const { limit, order, cursor } = req.query;
      return listMessages(ctx.db, req.principal.workspaceId, conv.id, { limit, order, cursor });
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
