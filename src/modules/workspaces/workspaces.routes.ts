import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { errorResponses, IdParams, StringEnum } from '../../kernel/http-server/schemas.ts';
import { ROLES, type Role } from './access.ts';
import { listApiKeys } from './api-keys.ts';
import { createKey, createWorkspace, listWorkspaces, revokeKey } from './workspaces.service.ts';

const RoleSchema = StringEnum(ROLES, { description: 'owner > admin > agent > viewer (docs/access.md).' });
const ApiKeyView = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  prefix: Type.String({ description: 'The key’s first 8 characters, to recognise it.' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      'When the key last authenticated a request, to within a minute (written at most once a minute); null if never.',
  }),
});
const CreatedKey = Type.Intersect([
  ApiKeyView,
  Type.Object({
    key: Type.String({ description: 'The key itself: shown this once, only its hash is stored.' }),
  }),
]);
const WorkspaceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

/**
 * `/api/v1/api-keys` (the caller's workspace: create with a role — the key is answered once —,
 * list, revoke) and `/api/v1/workspaces` (instance owner: create with an owner key, list).
 * Who may call each is in src/modules/workspaces/access.ts.
 */
export const workspacesRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['access'],
        summary: 'Create an API key with a role in this workspace (the key is shown once)',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), role: RoleSchema },
          { additionalProperties: false },
        ),
        response: { 201: CreatedKey, ...errorResponses(400, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await createKey(ctx.db, req.principal.workspaceId, {
          name: req.body.name,
          role: req.body.role as Role,
        }),
      ),
  );

  app.get(
    '/api-keys',
    {
      schema: {
        tags: ['access'],
        summary: 'List this workspace’s API keys (never the keys themselves)',
        response: { 200: Type.Object({ data: Type.Array(ApiKeyView) }), ...errorResponses(403) },
      },
    },
    async (req) => ({ data: await listApiKeys(ctx.db, req.principal.workspaceId) }),
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags: ['access'],
        summary: 'Revoke an API key (at once in this process; within 30 s in other processes)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await revokeKey(ctx.db, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/workspaces',
    {
      schema: {
        tags: ['access'],
        summary: 'Create a workspace and its first owner key (instance owner only; the key is shown once)',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ workspace: WorkspaceView, apiKey: CreatedKey }),
          ...errorResponses(400, 403),
        },
      },
    },
    async (req, reply) => reply.status(201).send(await createWorkspace(ctx.db, req.body.name)),
  );

  app.get(
    '/workspaces',
    {
      schema: {
        tags: ['access'],
        summary: 'List the instance’s workspaces (instance owner only)',
        response: { 200: Type.Object({ data: Type.Array(WorkspaceView) }), ...errorResponses(403) },
      },
    },
    async () => ({ data: await listWorkspaces(ctx.db) }),
  );
};
