import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { findChannel } from '../channels/channel.repository.ts';
import { adapterFor } from '../channels/registry.ts';
import { redact } from '../core/secrets.ts';
import { OmnifyError } from '../errors/catalog.ts';
import type { OmnifyContext } from '../server/context.ts';
import { errorResponses, IdParams } from '../server/schemas.ts';

/**
 * `/sandbox/{channelId}/*`: Omnify's built-in emulator of a platform's send API, for channels
 * created with `sandbox: true`. Outbound calls of such channels land here, get the platform's real
 * response shape (labelled sandbox: ids start with a sandbox marker), and are recorded so the user
 * can see what would have been sent. Secrets in recorded paths (e.g. Telegram's bot token) are redacted.
 */
export const sandboxEmulatorRoutes: FastifyPluginAsync<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.all<{ Params: { channelId: string; '*': string } }>(
    '/sandbox/:channelId/*',
    { schema: { hide: true } },
    async (req: FastifyRequest<{ Params: { channelId: string; '*': string } }>, reply) => {
      const channel = await findChannel(ctx.db, req.params.channelId);
      if (!channel?.sandbox)
        throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND', 'No sandbox channel has this id.');
      const adapter = adapterFor(channel.platform);
      const path = `/${req.params['*']}`;
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const res = adapter.emulate({ method: req.method, path, headers, body: req.body });
      const secrets = adapter.secretFields.map((f) => channel.config[f]);
      await ctx.db.query(
        `INSERT INTO sandbox_requests (channel_id, method, path, body, response_status, response_body) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          channel.id,
          req.method,
          redact(path, secrets),
          JSON.stringify(req.body ?? null),
          res.status,
          JSON.stringify(res.body),
        ],
      );
      return reply.status(res.status).send(res.body);
    },
  );
};

const SandboxRequest = Type.Object({
  id: Type.Integer(),
  method: Type.String(),
  path: Type.String(),
  body: Type.Unknown(),
  response: Type.Object({ status: Type.Integer(), body: Type.Unknown() }),
  createdAt: Type.String({ format: 'date-time' }),
});

/** `GET /api/v1/channels/{id}/sandbox/requests`: what a sandbox channel would have sent, newest first (last 200). */
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
      const channel = await findChannel(ctx.db, req.params.id, req.principal.workspaceId);
      if (!channel) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
      const r = await ctx.db.query<any>(
        `SELECT id, method, path, body, response_status, response_body, created_at FROM sandbox_requests
          WHERE channel_id = $1 ORDER BY id DESC LIMIT 200`,
        [channel.id],
      );
      return {
        data: r.rows.map((x) => ({
          id: Number(x.id),
          method: x.method,
          path: x.path,
          body: x.body,
          response: { status: x.response_status, body: x.response_body },
          createdAt: new Date(x.created_at).toISOString(),
        })),
      };
    },
  );
};
