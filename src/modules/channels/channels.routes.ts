import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isSupportedCountry } from 'libphonenumber-js';
import { adapterFor, SUPPORTED_PLATFORMS } from '../../integrations/channel-registry.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { maskSecrets } from '../../kernel/crypto/mask.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { assertOutboundUrls } from '../../kernel/http-client/url-policy.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import { findAgent } from '../agents/agents.service.ts';
import {
  type ChannelRecord,
  deleteChannel,
  findChannel,
  insertChannel,
  listChannels,
  updateChannel,
} from './channel.repository.ts';

const ChannelView = Type.Object({
  id: Type.String(),
  platform: Type.String(),
  name: Type.String(),
  sandbox: Type.Boolean(),
  demo: Type.Boolean({
    description: 'Demo data loaded by `POST /api/v1/demo/inbox`; removed by `DELETE /api/v1/demo/inbox`.',
  }),
  agentId: Type.Union([Type.String(), Type.Null()]),
  defaultCountry: Type.Union([Type.String(), Type.Null()], {
    description: 'Country (ISO 3166-1 alpha-2) in which national phone numbers of this channel are read.',
  }),
  webhookUrl: Type.String({ description: 'Give this URL to the platform as the webhook / callback URL.' }),
  config: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Channel config; secrets masked (last 4 characters).',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const DefaultCountry = Type.Optional(
  Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()], {
    description:
      'Country (ISO 3166-1 alpha-2, e.g. `GB`) in which national phone numbers of this channel are read when identities are normalized to E.164; null: numbers are international.',
  }),
);

/** `country` when libphonenumber knows it (null and undefined pass); else 400 naming `/body/defaultCountry`. */
function checkCountry<T extends string | null | undefined>(country: T): T {
  if (typeof country === 'string' && !isSupportedCountry(country)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Unknown country "${country}".`, {
      fields: [
        {
          path: '/body/defaultCountry',
          message: 'must be an ISO 3166-1 alpha-2 code with phone numbering, e.g. GB',
        },
      ],
    });
  }
  return country;
}

/**
 * Validates a platform config against its adapter's schema, after the adapter's `normalizeConfig`;
 * returns the config to store. Throws OMNIFY_ERR_VALIDATION with `/config/...` paths.
 */
function validateConfig(platform: string, given: unknown): Record<string, unknown> {
  const adapter = adapterFor(platform);
  const config = adapter.normalizeConfig ? adapter.normalizeConfig(given) : given;
  const errors = [...Value.Errors(adapter.configSchema, config)];
  if (errors.length > 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Invalid ${platform} channel config.`, {
      fields: errors.map((e) => ({ path: `/config${e.path}`, message: e.message })),
    });
  }
  return config as Record<string, unknown>;
}

/**
 * `/api/v1/channels`: connect, list, read, update (name, config, agent) and delete channels.
 * Secrets in `config` are write-only: answers mask them. `sandbox: true` sends outbound messages
 * to Omnify's built-in emulator of the platform API (in-process) instead of the real one. Outbound
 * URL fields are refused when they point at non-public addresses, unless OMNIFY_ALLOW_PRIVATE_URLS.
 */
export const channelsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  const view = (c: ChannelRecord) => ({
    id: c.id,
    platform: c.platform,
    name: c.name,
    sandbox: c.sandbox,
    demo: c.demo,
    agentId: c.agentId,
    defaultCountry: c.defaultCountry,
    webhookUrl: `${ctx.publicUrl()}/webhooks/${c.id}`,
    config: maskSecrets(c.config, adapterFor(c.platform).secretFields),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  });

  /** 400 with the field when a callbackUrl/apiBaseUrl points at a non-public address (SSRF guard). */
  const checkUrls = (platform: string, config: Record<string, unknown>) =>
    assertOutboundUrls(config, adapterFor(platform).urlFields, `${platform} channel`, {
      allowPrivate: ctx.config.allowPrivateUrls,
      pathPrefix: '/config',
    });

  const checkAgent = async (agentId: string | null | undefined, workspaceId: string) => {
    if (agentId && !(await findAgent(ctx.db, ctx.secrets, agentId, workspaceId))) {
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'No agent has this id.', {
        fields: [{ path: '/body/agentId', message: 'no such agent in this workspace' }],
      });
    }
  };

  app.post(
    '/channels',
    {
      schema: {
        tags: ['channels'],
        summary: 'Connect a channel',
        body: Type.Object({
          platform: Type.String({
            enum: SUPPORTED_PLATFORMS,
            description: 'The platform (docs/channels.md; setup per platform in docs/channels/).',
          }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          config: Type.Record(Type.String(), Type.Unknown()),
          sandbox: Type.Optional(Type.Boolean({ default: false })),
          agentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
          defaultCountry: DefaultCountry,
        }),
        response: { 201: ChannelView, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const { platform, config, sandbox = false, agentId = null } = req.body;
      const valid = validateConfig(platform, config);
      await checkUrls(platform, valid);
      await checkAgent(agentId, req.principal.workspaceId);
      const defaultCountry = checkCountry(req.body.defaultCountry);
      const c = await insertChannel(ctx.db, ctx.secrets, {
        id: randomUUID(),
        workspaceId: req.principal.workspaceId,
        platform,
        name: req.body.name ?? `${platform} channel`,
        config: valid,
        sandbox,
        agentId,
        defaultCountry,
      });
      return reply.status(201).send(view(c));
    },
  );

  app.get(
    '/channels',
    {
      schema: {
        tags: ['channels'],
        summary: 'List channels',
        response: { 200: Type.Object({ data: Type.Array(ChannelView) }) },
      },
    },
    async (req) => ({ data: (await listChannels(ctx.db, ctx.secrets, req.principal.workspaceId)).map(view) }),
  );

  app.get(
    '/channels/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Get a channel',
        params: IdParams,
        response: { 200: ChannelView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const c = await findChannel(ctx.db, ctx.secrets, req.params.id, req.principal.workspaceId);
      if (!c) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
      return view(c);
    },
  );

  app.patch(
    '/channels/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Update a channel (name, config fields, agent)',
        description: 'Config fields are merged into the current config; `agentId: null` removes the agent.',
        params: IdParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          agentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
          defaultCountry: DefaultCountry,
        }),
        response: { 200: ChannelView, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const current = await findChannel(ctx.db, ctx.secrets, req.params.id, ws);
      if (!current) throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
      const config = req.body.config
        ? validateConfig(current.platform, { ...current.config, ...req.body.config })
        : undefined;
      if (config) await checkUrls(current.platform, config);
      await checkAgent(req.body.agentId, ws);
      const updated = await updateChannel(ctx.db, ctx.secrets, current.id, ws, {
        name: req.body.name,
        config,
        agentId: req.body.agentId,
        defaultCountry: checkCountry(req.body.defaultCountry),
      });
      return view(updated!);
    },
  );

  app.delete(
    '/channels/:id',
    {
      schema: {
        tags: ['channels'],
        summary: 'Delete a channel and its conversations',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      if (!(await deleteChannel(ctx.db, req.params.id, req.principal.workspaceId)))
        throw new OmnifyError('OMNIFY_ERR_CHANNEL_NOT_FOUND');
      return reply.status(204).send(null);
    },
  );
};
