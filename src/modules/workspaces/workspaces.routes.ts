import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams, StringEnum } from '../../kernel/http-server/schemas.ts';
import { ROLES, type Role } from './access.ts';
import { listApiKeys } from './api-keys.ts';
import {
  createKey,
  createWorkspace,
  getWorkspace,
  listWorkspaces,
  revokeKey,
  updateWorkspace,
} from './workspaces.service.ts';

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
const TimeZoneField = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'IANA time zone name (e.g. "Europe/Berlin", "America/New_York", "UTC"), matched case-insensitively. An unknown name is a 400 `OMNIFY_ERR_VALIDATION` whose field error names the closest known zone.',
  examples: ['Europe/Berlin'],
});
const WorkspaceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String({
    description:
      'IANA time zone name: the workspace’s days, "today" and "yesterday", the as-of day of its model runs and the hour of its scheduled run follow it (docs/intelligence.md, "Time zones").',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

/**
 * `/api/v1/workspace` (the caller's workspace: read; admins change its name and time zone),
 * `/api/v1/api-keys` (the caller's workspace: create with a role — the key is answered once —,
 * list, revoke) and `/api/v1/workspaces` (instance owner: create with an owner key, list).
 * Who may call each is in src/modules/workspaces/access.ts.
 */
export const workspacesRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/workspace',
    {
      schema: {
        tags: ['access'],
        summary: 'This workspace’s settings (name, time zone)',
        response: { 200: WorkspaceView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const ws = await getWorkspace(ctx.db, req.principal.workspaceId);
      if (!ws) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'The workspace does not exist any more.');
      return ws;
    },
  );

  app.patch(
    '/workspace',
    {
      schema: {
        tags: ['access'],
        summary: 'Change this workspace’s name or time zone (admins)',
        description:
          'The time zone decides what "today" and "yesterday" are for the workspace: the as-of day of its churn/LTV runs, the default sync range of its ad accounts that have no zone of their own, and the local hour of its scheduled model run (INTEL_SCHEDULE).',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            timeZone: Type.Optional(TimeZoneField),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: WorkspaceView, ...errorResponses(400, 403, 404) },
      },
    },
    async (req) => updateWorkspace(ctx.db, req.principal.workspaceId, req.body),
  );

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
          { name: Type.String({ minLength: 1, maxLength: 200 }), timeZone: Type.Optional(TimeZoneField) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ workspace: WorkspaceView, apiKey: CreatedKey }),
          ...errorResponses(400, 403),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createWorkspace(ctx.db, req.body.name, req.body.timeZone)),
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
