import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import { conversationRef, countConversations, findConversation } from './conversation.repository.ts';
import {
  BulkBodySchema,
  BulkResultSchema,
  ConversationPatchSchema,
  ConversationSchema,
  CountsSchema,
  StatusSchema,
} from './conversation.schemas.ts';
import { bulkUpdate, markRead, updateConversation } from './conversation-workflow.ts';
import { enqueueReadReceipt } from './pipeline/read-receipt.job.ts';

const notFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');

/**
 * The signed-in user of the request; 400 for an API key, which has no user, naming what needed one
 * (`what`, e.g. "Marking a conversation read").
 */
export function requireUser(req: FastifyRequest, what: string): string {
  const userId = req.principal.userId;
  if (!userId) {
    throw new OmnifyError(
      'OMNIFY_ERR_VALIDATION',
      `${what} needs a signed-in user (the session cookie): an API key has no user.`,
    );
  }
  return userId;
}

/**
 * The inbox workflow under `/api/v1/conversations`: change one conversation (status and snooze,
 * assignee, handoff), change many at once, mark one read for the signed-in user, and the tab
 * counts (Mine / Unassigned / All).
 */
export const conversationWorkflowRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/conversations/counts',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Count conversations per tab (Mine, Unassigned, All)',
        description:
          'For the `status` (and `channelId`) filter of the list. `mine` counts those assigned to the signed-in user; 0 for API keys.',
        querystring: Type.Object({
          status: Type.Optional(StatusSchema),
          channelId: Type.Optional(Type.String()),
        }),
        response: { 200: CountsSchema, ...errorResponses(400) },
      },
    },
    async (req) =>
      countConversations(ctx.db, {
        workspaceId: req.principal.workspaceId,
        viewer: req.principal.userId,
        status: req.query.status,
        channelId: req.query.channelId,
      }),
  );

  app.patch(
    '/conversations/:id',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Change a conversation (status, snooze, assignee, handoff)',
        description:
          'Any of the fields, at least one. `status: snoozed` needs `snoozedUntil` in the future (it reopens then, or when the contact writes); another status clears it. `assigneeUserId` must be a member of the workspace (null unassigns). 400 names the field.',
        params: IdParams,
        body: ConversationPatchSchema,
        response: { 200: ConversationSchema, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      if (!(await updateConversation(ctx, ws, req.params.id, req.body))) throw notFound();
      const view = await findConversation(ctx.db, req.params.id, ws, req.principal.userId);
      if (!view) throw notFound();
      return view;
    },
  );

  app.post(
    '/conversations/bulk',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Change the status or assignee of many conversations',
        description:
          'Up to 500 ids in one request, changed in one statement. Answers one result per id, in order: an id that names no conversation of the workspace is reported as `OMNIFY_ERR_NOT_FOUND` and does not stop the others. 400 when neither `status` nor `assigneeUserId` is given, or the assignee is not a member.',
        body: BulkBodySchema,
        response: { 200: BulkResultSchema, ...errorResponses(400) },
      },
    },
    async (req) => ({ data: await bulkUpdate(ctx.db, req.principal.workspaceId, req.body) }),
  );

  app.post(
    '/conversations/:id/read',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Mark a conversation read for the signed-in user',
        description:
          "Its inbound messages so far stop counting in the user's `unreadCount`. The first time someone reads a conversation's newest messages, the contact is told on platforms with read receipts (WhatsApp, Messenger, Instagram: job `read-receipt`). Needs a signed-in user: an API key gets 400.",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      // 404 before 400: another workspace's id is not found, whoever asks.
      if (!(await conversationRef(ctx.db, ws, req.params.id))) throw notFound();
      const userId = requireUser(req, 'Marking a conversation read');
      // The platform's read receipt is queued with the read mark, in one transaction: both or neither.
      await ctx.db.transaction(async (tx) => {
        await enqueueReadReceipt(ctx, tx, ws, req.params.id);
        if (!(await markRead(tx, ws, req.params.id, userId))) throw notFound();
      });
      return reply.status(204).send(null);
    },
  );
};
