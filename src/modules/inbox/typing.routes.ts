import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import { conversationRef } from './conversation.repository.ts';
import { showTyping, TYPING_EVERY_MS } from './pipeline/typing.ts';

/**
 * `POST /api/v1/conversations/{id}/typing`: the composer says a person is writing a reply, and the
 * contact is shown "typing…" on the platform (pipeline/typing.ts). Answers 204 at once, before the
 * platform call, which is made only every few seconds per conversation and whose failure the typist
 * never sees (it is logged).
 */
export const typingRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.post(
    '/conversations/:id/typing',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Show the contact that a reply is being written',
        description: `Call it while a person types a reply (the web app's composer does, every few seconds). The contact sees a typing indicator where the platform has one (WhatsApp, Telegram, Messenger, Instagram, Discord, WhatsApp through Twilio); elsewhere nothing happens. At most one platform call per conversation every ${TYPING_EVERY_MS / 1000} s; 204 whatever the platform answers. 404 for a conversation the workspace does not have.`,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const workspaceId = req.principal.workspaceId;
      const conversation = await conversationRef(ctx.db, workspaceId, req.params.id);
      if (!conversation) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');
      // Not awaited: the indicator is the platform's business; showTyping never rejects.
      void showTyping(ctx, { conversationId: conversation.id, workspaceId });
      return reply.status(204).send(null);
    },
  );
};
