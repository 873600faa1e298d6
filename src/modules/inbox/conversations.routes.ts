import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import {
  errorResponses,
  IdParams,
  keysetPage,
  Page,
  PageQuery,
  readCursor,
} from '../../kernel/http-server/schemas.ts';
import { findConversation, listConversations, setConversationStatus } from './conversation.repository.ts';
import { insertOutbound, MESSAGE_COLUMNS, toMessageView } from './message.repository.ts';
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
      const cur = readCursor(q.cursor);
      const rows = await listConversations(ctx.db, {
        workspaceId: req.principal.workspaceId,
        channelId: q.channelId,
        contactId: q.contactId,
        status: q.status,
        limit: q.limit,
        after: cur ? { lastMessageAt: cur.at, id: cur.id } : undefined,
      });
      return keysetPage(
        rows,
        q.limit,
        (c) => ({ at: c.cursor, id: c.id }),
        ({ cursor, ...c }) => c,
      );
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
      const { limit, order } = req.query;
      const cur = readCursor(req.query.cursor);
      const cmp = order === 'asc' ? '>' : '<';
      const dir = order === 'asc' ? 'ASC' : 'DESC';
      const params: unknown[] = [conv.id, limit + 1];
      let where = 'conversation_id = $1';
      if (cur) {
        params.push(cur.at, cur.id);
        where += ` AND (created_at, id) ${cmp} ($3::timestamptz, $4::uuid)`;
      }
      const r = await ctx.db.query(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE ${where} ORDER BY created_at ${dir}, id ${dir} LIMIT $2`,
        params,
      );
      // The cursor keeps the database's microsecond timestamp: an ISO string (ms) could skip rows.
      return keysetPage(r.rows as any[], limit, (row) => ({ at: row.cursor_ts, id: row.id }), toMessageView);
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
        await tx.query('UPDATE conversations SET last_message_at = now() WHERE id = $1', [conv.id]);
        const job: OutboundSendJob = { messageId: mid, attempt: 0 };
        await ctx.queue.enqueue('outbound-send', job, {}, tx);
        return mid;
      });
      const r = await ctx.db.query(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1`, [id]);
      return reply.status(202).send(toMessageView(r.rows[0]));
    },
  );
};
