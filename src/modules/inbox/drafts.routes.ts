import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses } from '../../kernel/http-server/schemas.ts';
import { conversationRef } from './conversation.repository.ts';
import { claimDraft, draftState } from './draft.repository.ts';
import { insertReply } from './message.repository.ts';
import type { OutboundSendJob } from './pipeline/deps.ts';
import { findMessage } from './timeline.repository.ts';

/** Most characters of a reply, as `POST /conversations/{id}/messages` takes it. */
const TEXT_MAX = 4096;

const DraftParams = Type.Object({
  id: Type.String({ description: 'The conversation id (UUID).' }),
  messageId: Type.String({
    description:
      'The draft: an agent message with `private: true` (`senderKind: agent`) of this conversation.',
  }),
});

const SendDraftBody = Type.Object(
  {
    text: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: TEXT_MAX,
        description: 'The text to send, as the person edited it; the draft’s own text when absent.',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * The reply as the timeline lists it (the `Message` of `GET /conversations/{id}/messages`, all of
 * its fields): the fields a sender follows are declared here, the others pass through.
 */
const SentReply = Type.Object(
  {
    id: Type.String({ description: 'The new reply (not the draft).' }),
    conversationId: Type.String(),
    senderKind: Type.String({ enum: ['user'], description: 'Always `user`: the person sends it.' }),
    private: Type.Boolean({ description: 'Always false: it goes to the contact.' }),
    senderUserId: Type.Union([Type.String(), Type.Null()], {
      description: 'The signed-in user who sent it (null for an API key).',
    }),
    text: Type.Union([Type.String(), Type.Null()], {
      description: 'What is sent: the edited text, or the draft’s.',
    }),
    status: Type.Union([
      Type.String({ enum: ['queued', 'sent', 'delivered', 'read', 'failed'] }),
      Type.Null(),
    ]),
    createdAt: Type.String({ format: 'date-time', description: 'Also the draft’s `sentAt`.' }),
  },
  {
    additionalProperties: true,
    description: 'The reply, as `GET /conversations/{id}/messages` lists it (every field of a message).',
  },
);

const conversationNotFound = () => new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No conversation has this id.');

/**
 * `POST /api/v1/conversations/{id}/drafts/{messageId}/send`: a person sends an agent's draft
 * (handoff `assisted`), as written or edited, as their own reply. The reply takes the path of
 * `POST /conversations/{id}/messages` (insertReply and the `outbound-send` job, one transaction);
 * in the same transaction the draft is claimed (draft.repository.ts) and stays in the timeline,
 * marked sent by its `sentAt`, so a second send is refused (409) and the agent does not draft that
 * message again. Errors: 404 for a conversation or draft the workspace does not have (or a message
 * that is no agent draft), 409 `OMNIFY_ERR_CONFLICT` (`details.reason: "draft_already_sent"`).
 */
export const draftsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.post(
    '/conversations/:id/drafts/:messageId/send',
    {
      // `curl -X POST` sends no body and no content type: that means "send the draft as it is".
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['inbox'],
        summary: "Send an agent's draft as a human reply",
        description: [
          'In handoff `assisted` the agent stores its answer as a draft: a message with `private: true`, `senderKind: agent`, no `status`, `replyToMessageId` = the inbound message it answers. This sends it, with `text` when given (the person’s edit), else as the agent wrote it, exactly like `POST /conversations/{id}/messages`: a new message of sender `user`, `queued`, sent through the channel by the send job (follow its `status`); a conversation in handoff `agent` becomes `human`. The same live events as that reply (`message.created`, `conversation.updated`).',
          'The draft stays in the timeline with the agent’s own text, marked used: its `sentAt` is set to the moment of the reply (the reply’s `createdAt`); a pending draft has `sentAt: null`. Both happen in one transaction.',
          'A draft is sent once: sending it again (or two sends at the same time) answers 409 `OMNIFY_ERR_CONFLICT` with `details: { reason: "draft_already_sent", sentAt, messageId }` (`messageId`: the reply it was sent as). 404 `OMNIFY_ERR_NOT_FOUND` for a conversation the workspace does not have, a message id that is not one of this conversation, or a message that is no agent draft (`details.reason: "not_a_draft"`: reply with `POST /conversations/{id}/messages` instead). Needs the agent role, as replying does.',
        ].join('\n\n'),
        params: DraftParams,
        body: Type.Optional(SendDraftBody),
        response: { 202: SentReply, ...errorResponses(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const conv = await conversationRef(ctx.db, ws, req.params.id);
      if (!conv) throw conversationNotFound();
      const draftId = req.params.messageId;
      const edited = req.body?.text;
      const id = await ctx.db.transaction(async (tx) => {
        // Claim first: the row lock orders concurrent sends of this draft (one of them wins).
        const draft = await claimDraft(tx, ws, conv.id, draftId);
        if (!draft) throw await refusal(tx, ws, conv.id, draftId);
        const text = edited ?? draft.text;
        if (!text) {
          throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'This draft has no text: give the text to send.', {
            fields: [{ path: '/body/text', message: 'required: the draft has no text' }],
          });
        }
        // The path of a person's reply: the message, counted in its conversation, and its send job.
        const mid = await insertReply(tx, {
          workspaceId: ws,
          conversationId: conv.id,
          channelId: conv.channelId,
          text,
          senderUserId: req.principal.userId ?? null,
        });
        const job: OutboundSendJob = { messageId: mid, attempt: 0 };
        await ctx.queue.enqueue('outbound-send', job, {}, tx);
        return mid;
      });
      return reply.status(202).send((await findMessage(ctx.db, ws, id))!);
    },
  );
};

/** Why draft `draftId` could not be claimed, as the error to answer with. */
async function refusal(
  tx: Parameters<typeof draftState>[0],
  ws: string,
  conversationId: string,
  draftId: string,
): Promise<OmnifyError> {
  const s = await draftState(tx, ws, conversationId, draftId);
  if (s.state === 'sent') {
    return new OmnifyError('OMNIFY_ERR_CONFLICT', `This draft was sent already, at ${s.sentAt}.`, {
      reason: 'draft_already_sent',
      sentAt: s.sentAt,
      messageId: s.replyMessageId,
    });
  }
  if (s.state === 'not-draft') {
    return new OmnifyError(
      'OMNIFY_ERR_NOT_FOUND',
      'This message is no agent draft: reply with POST /conversations/{id}/messages instead.',
      { reason: 'not_a_draft' },
    );
  }
  // `unsent` cannot follow a failed claim in the same transaction; treat it as absent all the same.
  return new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'This conversation has no draft with this id.');
}
