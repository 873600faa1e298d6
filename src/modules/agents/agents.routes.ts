import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AGENT_KINDS,
  agentSecretFields,
  agentUrlFields,
  createAgent,
  isAgentKind,
} from '../../integrations/agent-registry.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { maskSecrets } from '../../kernel/crypto/mask.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { assertOutboundUrls } from '../../kernel/http-client/url-policy.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import {
  type AgentRecord,
  deleteAgent,
  findAgent,
  insertAgent,
  listAgents,
  updateAgent,
} from './agent.repository.ts';

const AgentView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Agent config; secrets masked.' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** Validates `config` for `kind` by building the agent once (throws OMNIFY_ERR_VALIDATION with field paths). */
function validated(kind: string, config: Record<string, unknown>): Record<string, unknown> {
  try {
    createAgent(kind as (typeof AGENT_KINDS)[number], config);
  } catch (e) {
    if (e instanceof OmnifyError && e.details.fields) {
      const fields = e.details.fields.map((f) => ({
        ...f,
        path: f.path.startsWith('/config') ? f.path : `/config${f.path}`,
      }));
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', e.message, { fields });
    }
    throw e;
  }
  return config;
}

/**
 * `/api/v1/agents`: create, list, read, update and delete agents (`openai`, `http`, `faq`).
 * Put an agent on a channel with `PATCH /api/v1/channels/{id}` `{"agentId"}`.
 */
export const agentsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  /** 400 with the field when the agent's url/baseUrl points at a non-public address (SSRF guard). */
  const checkUrls = (kind: string, config: Record<string, unknown>) =>
    assertOutboundUrls(config, isAgentKind(kind) ? agentUrlFields[kind] : [], `${kind} agent`, {
      allowPrivate: ctx.config.allowPrivateUrls,
      pathPrefix: '/config',
    });
  const view = (a: AgentRecord) => ({
    id: a.id,
    kind: a.kind,
    name: a.name,
    config: maskSecrets(a.config, agentSecretFields[a.kind as (typeof AGENT_KINDS)[number]] ?? []),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  });

  app.post(
    '/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'Create an agent',
        description:
          '`openai`: {baseUrl, apiKey, model, systemPrompt?} for any OpenAI-compatible Chat Completions endpoint. ' +
          '`http`: {url, secret}: we POST the message and history, signed. `faq`: {entries:[{question, answer}], fallback?, threshold?}.',
        body: Type.Object({
          kind: Type.String({ enum: [...AGENT_KINDS] }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          config: Type.Record(Type.String(), Type.Unknown()),
        }),
        response: { 201: AgentView, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const config = validated(req.body.kind, req.body.config);
      await checkUrls(req.body.kind, config);
      const a = await insertAgent(ctx.db, ctx.secrets, {
        workspaceId: req.principal.workspaceId,
        kind: req.body.kind,
        name: req.body.name ?? `${req.body.kind} agent`,
        config,
      });
      return reply.status(201).send(view(a));
    },
  );

  app.get(
    '/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'List agents',
        response: { 200: Type.Object({ data: Type.Array(AgentView) }) },
      },
    },
    async (req) => ({ data: (await listAgents(ctx.db, ctx.secrets, req.principal.workspaceId)).map(view) }),
  );

  app.get(
    '/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Get an agent',
        params: IdParams,
        response: { 200: AgentView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const a = await findAgent(ctx.db, ctx.secrets, req.params.id, req.principal.workspaceId);
      if (!a) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No agent has this id.');
      return view(a);
    },
  );

  app.patch(
    '/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Update an agent (config fields are merged)',
        params: IdParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
        response: { 200: AgentView, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const a = await findAgent(ctx.db, ctx.secrets, req.params.id, ws);
      if (!a) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No agent has this id.');
      const config = req.body.config ? validated(a.kind, { ...a.config, ...req.body.config }) : undefined;
      if (config) await checkUrls(a.kind, config);
      return view((await updateAgent(ctx.db, ctx.secrets, a.id, ws, { name: req.body.name, config }))!);
    },
  );

  app.delete(
    '/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Delete an agent',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const ok = await deleteAgent(ctx.db, req.params.id, req.principal.workspaceId);
      if (!ok) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No agent has this id.');
      return reply.status(204).send(null);
    },
  );
};
