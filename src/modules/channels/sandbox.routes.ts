import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import { findChannel } from './channel.repository.ts';
import { listSandboxRequests } from './sandbox.repository.ts';

const SandboxRequest = Type.Object({
  id: Type.Integer(),
  method: Type.String(),
  path: Type.String(),
  body: Type.Unknown(),
  response: Type.Object({ status: Type.Integer(), body: Type.Unknown() }),
  createdAt: Type.String({ format: 'date-time' }),
});

/**
 * `GET /api/v1/channels/{id}/sandbox/requests`: what a sandbox channel would have sent, newest first
 * (last 200). A sandbox channel's sends never leave the process: its adapter's requests go to the
 * platform's emulator (src/integrations/sandbox/), which records them here with secrets redacted.
 */
export const sandboxApiRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/channels/:id/sandbox/requests',
    {
      schema: {
        tags: ['channels'],
        summary: 'Requests a sandbox channel sent to the emulated platform API',
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(SandboxRequest) }), ...errorResponses(404) },
      },
    },
    async (req) => {
      const channel = await findChannel(ctx.db, ctx.secrets, req.params.id, req.principal.workspaceId);
      if (!channel) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
      return { data: await listSandboxRequests(ctx.db, channel.id) };
    },
  );
};
