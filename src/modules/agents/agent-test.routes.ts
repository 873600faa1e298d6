import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createAgent } from '../../integrations/agent-registry.ts';
import type { AgentInput } from '../../integrations/contract/agent.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../kernel/http-client/client.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import { findAgent } from './agent.repository.ts';

/** What `POST /agents/{id}/test` answers: the agent's reply (null: it chose not to answer) and how long it took. */
const AgentTestResult = Type.Object({
  reply: Type.Union([Type.String(), Type.Null()], {
    description:
      'The text the agent would send; null when it gives no answer (a FAQ agent with no matching entry and no fallback, an HTTP agent answering 204).',
  }),
  durationMs: Type.Integer({ description: 'How long the agent took, in milliseconds.' }),
});

/**
 * The input a test call gives the agent: `text` as a new text message from a test contact in a
 * fresh conversation without history (fresh random ids, platform `test`).
 */
export function testInput(text: string, now = new Date()): AgentInput {
  return {
    conversationId: randomUUID(),
    channelId: randomUUID(),
    platform: 'test',
    contact: { id: randomUUID(), name: 'Test contact', handle: 'test' },
    message: {
      id: randomUUID(),
      contentType: 'text',
      text,
      content: { type: 'text', text },
      createdAt: now.toISOString(),
    },
    history: [],
  };
}

/**
 * `POST /api/v1/agents/{id}/test`: asks a saved agent to answer one message, as a conversation's
 * first message would be answered, and returns its answer without storing or sending anything. The
 * call is the real one: the same outbound client (SSRF guard unless OMNIFY_ALLOW_PRIVATE_URLS,
 * timeouts), the same AGENT_TIMEOUT_MS, and the same errors: 502 `OMNIFY_ERR_AGENT_FAILED`
 * (unreachable, timeout, 5xx, 429) or `OMNIFY_ERR_AGENT_REJECTED` (4xx, private address), with the
 * endpoint's own code and text in `details.platformCode` / `details.platformMessage`.
 */
export const agentTestRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.post(
    '/agents/:id/test',
    {
      schema: {
        tags: ['agents'],
        summary: 'Test an agent: its answer to one message (nothing is stored or sent)',
        description:
          'The agent answers `text` as the first message of a new conversation from a test contact (platform `test`, random ids). Errors are those of a real call: 502 `OMNIFY_ERR_AGENT_FAILED` or `OMNIFY_ERR_AGENT_REJECTED` with the endpoint’s code and message in `details`.',
        params: IdParams,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 200: AgentTestResult, ...errorResponses(400, 404, 502) },
      },
    },
    async (req) => {
      const a = await findAgent(ctx.db, ctx.secrets, req.params.id, req.principal.workspaceId);
      if (!a) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No agent has this id.');
      const agent = createAgent(a.kind, a.config, { http: outboundHttp(ctx.config) });
      const started = performance.now();
      const reply = await agent.reply(
        testInput(req.body.text),
        AbortSignal.timeout(ctx.config.agentTimeoutMs),
      );
      return {
        reply: reply?.text?.trim() || null,
        durationMs: Math.round(performance.now() - started),
      };
    },
  );
};
