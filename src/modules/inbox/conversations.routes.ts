import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, Page, PageQuery } from '../../kernel/http-server/schemas.ts';
import {
  findConversation,
  listConversations,
  setConversationStatus,
  touchConversation,
} from './conversation.repository.ts';
import { findMessage, insertOutbound, listMessages } from './message.repository.ts';
import type { OutboundSendJob } from './pipeline/deps.ts';

const Status = Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('resolved')]);
const Conversation = Type.Object({
  id: Type.String(),
  channelId: Type.String(),
  platform: Type.String(),
  status: Type.String(),
  threadKey: Type.String(),
  contact: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  lastMessageAt: Type.String({ format: 'date-time' }),
  lastMessage: Type.Union([
    Type.Object({
      direction: Type.String(),
      senderKind: Type.String(),
      text: Type.Union([Type.String(), Type.Null()]),
      contentType: Type.String(),
    }),
    Type.Null(),
  ]),
  messageCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
const Message = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  channelId: Type.String(),
  direction: Type.String({ enum: ['inbound', 'outbound'] }),
  senderKind: Type.String({ enum: ['contact', 'user', 'agent', 'system'] }),
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
 * `/api/v1/conversations`: the inbox. List (filter by channel, status, contact; newest activity first;
 * cursor-paginated), read one, change its status, read its messages (paginated) and answer as a
 * human user (sent through the conversation's channel by the durable send job).
 */
export const conversationsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/conversations',
    {
      schema: {
        tags: ['inbox'],
        summary: 'List conversations, newest activity first',
        querystring: Type.Object({
          ...PageQuery,
          channelId: Type.Optional(Type.String()),
          contactId: Type.Optional(Type.String()),
          status: Type.Optional(Status),
        }),
        response: { 200: Page(Conversation), ...errorResponses(400) },
      },
    },
    async (req) => {
      const q = req.query;
      return listConversations(ctx.db, {
        workspaceId: req.principal.workspaceId,
        channelId: q.channelId,
        contactId: q.contactId,
        status: q.status,
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
        response: { 200: Conversation, ...errorResponses(404) },
      },
    },
    async (req) => {
      const c = await findConversation(ctx.db, req.params.id, req.principal.workspaceId);
      if (!c) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');
      return c;
    },
  );

  app.patch(
    '/conversations/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Change a conversation status',
        params: IdParams,
        body: Type.Object({ status: Status }),
        response: { 200: Conversation, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      if (!(await setConversationStatus(ctx.db, req.params.id, req.principal.workspaceId, req.body.status))) {
        throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');
      }
      return (await findConversation(ctx.db, req.params.id, req.principal.workspaceId))!;
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
      const conv = await findConversation(ctx.db, req.params.id, req.principal.workspaceId);
      if (!conv) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');
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
          'Stores the message as `queued` and sends it through the channel; follow `status` on the message.',
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 202: Message, ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const conv = await findConversation(ctx.db, req.params.id, ws);
      if (!conv) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');
      const id = await ctx.db.transaction(async (tx) => {
        const mid = (await insertOutbound(tx, {
          workspaceId: ws,
          conversationId: conv.id,
          channelId: conv.channelId,
          senderKind: 'user',
          text: req.body.text,
        }))!;
        await touchConversation(tx, ws, conv.id);
        const job: OutboundSendJob = { messageId: mid, attempt: 0 };
        await ctx.queue.enqueue('outbound-send', job, {}, tx);
        return mid;
      });
      return reply.status(202).send((await findMessage(ctx.db, ws, id))!);
    },
  );
};
