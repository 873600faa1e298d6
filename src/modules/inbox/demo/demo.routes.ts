import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { canSimulateInbound } from '../../../integrations/sandbox/inbound.ts';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { errorResponses, IdParams } from '../../../kernel/http-server/schemas.ts';
import { findChannel } from '../../channels/channels.service.ts';
import { loadDemoInbox, markDemoPeople, removeDemoInbox } from './demo-inbox.ts';
import { deliverToSandbox, findInbound, type Inject } from './sandbox-deliver.ts';

/** The test sender of a simulated message when the request names none, per platform. */
const TEST_SENDER: Record<string, { handle: string; name: string }> = {
  whatsapp: { handle: '15550100199', name: 'You (test)' },
  telegram: { handle: '7100000299', name: 'You (test)' },
  webhook: { handle: 'sandbox-tester', name: 'You (test)' },
};

/** The caller's own credentials, so the demo's API steps run with exactly its rights. */
function credentials(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of ['authorization', 'cookie', 'x-csrf-token']) {
    const v = req.headers[h];
    if (typeof v === 'string') out[h] = v;
  }
  return out;
}

/**
 * The inbox demo and simulated customers (docs/inbox.md, "Trying it without a platform account"):
 * - `POST /demo/inbox` loads sandbox channels marked `demo`, a FAQ agent and eight sample
 *   conversations replayed through the real pipeline (409 when loaded already);
 * - `DELETE /demo/inbox` removes all of it, and nothing else;
 * - `POST /channels/{id}/sandbox/messages` has a (test) contact write to a sandbox channel: a signed
 *   webhook of the platform delivered in-process, answered by the channel's agent as usual.
 */
export const demoRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  const inject: Inject = async (r) => {
    const res = await app.inject(r);
    return { statusCode: res.statusCode, body: res.body };
  };

  app.post(
    '/demo/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Load the inbox demo: sandbox channels, a FAQ agent and sample conversations',
        description:
          'Creates two sandbox channels marked `demo: true` (WhatsApp and Telegram) answered by a FAQ agent, then replays eight sample conversations through the real pipeline (signed webhooks, agent replies sent to the sandbox emulators, teammates’ replies, a failed delivery, a resolved conversation). Answers when the replay is done (a few seconds). 409 when the workspace already holds the demo.',
        response: {
          201: Type.Object({
            channels: Type.Array(
              Type.Object({ id: Type.String(), platform: Type.String(), name: Type.String() }),
            ),
            agentId: Type.String(),
            conversations: Type.Integer(),
          }),
          ...errorResponses(409),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await loadDemoInbox(ctx, inject, req.principal.workspaceId, credentials(req))),
  );

  app.delete(
    '/demo/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Remove the inbox demo',
        description:
          'Deletes the demo channels with their conversations and messages, the demo contacts who wrote only to them, and their agent unless another channel uses it. Real data stays. Without a demo it removes nothing.',
        response: {
          200: Type.Object({
            channels: Type.Integer(),
            conversations: Type.Integer(),
            contacts: Type.Integer(),
            agents: Type.Integer(),
          }),
        },
      },
    },
    async (req) => removeDemoInbox(ctx, req.principal.workspaceId),
  );

  app.post(
    '/channels/:id/sandbox/messages',
    {
      schema: {
        tags: ['channels'],
        summary: 'Simulate a customer message on a sandbox channel',
        description:
          'Delivers `text` from `from` (default: a test contact “You (test)”) as the platform would: a signed webhook processed in-process, stored, and answered by the channel’s agent through the sandbox. Answers once the message is stored; follow the conversation for the reply. 409 for a channel connected to the real platform.',
        params: IdParams,
        body: Type.Object({
          text: Type.String({ minLength: 1, maxLength: 4096 }),
          from: Type.Optional(
            Type.Object({
              handle: Type.String({
                minLength: 1,
                maxLength: 64,
                pattern: '^[A-Za-z0-9_.:-]+$',
                description: 'WhatsApp: digits of the phone number; Telegram: the numeric user id.',
              }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
            }),
          ),
        }),
        response: {
          202: Type.Object({ conversationId: Type.String(), messageId: Type.String() }),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const channel = await findChannel(ctx.db, ctx.secrets, req.params.id, ws);
      if (!channel) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
      if (!canSimulateInbound(channel.platform)) {
        throw new OmnifyError(
          'OMNIFY_ERR_CONFLICT',
          `The sandbox cannot simulate ${channel.platform} messages.`,
        );
      }
      const from = req.body.from ?? TEST_SENDER[channel.platform]!;
      const pid = await deliverToSandbox(inject, channel, { kind: 'message', from, text: req.body.text });
      const stored = pid ? await findInbound(ctx.db, ws, channel.id, pid) : null;
      if (!stored) throw new OmnifyError('OMNIFY_ERR_INTERNAL', 'The simulated message was not stored.');
      if (channel.demo) await markDemoPeople(ctx.db, ws, [channel.id]);
      return reply.status(202).send({ conversationId: stored.conversationId, messageId: stored.id });
    },
  );
};
