import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  createInsightsConnector,
  insightsConnectorSpec,
  SUPPORTED_AD_PLATFORMS,
} from '../../../integrations/ad-connector-registry.ts';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { daysBetween } from '../../../kernel/dates/calendar-day.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { assertOutboundUrls } from '../../../kernel/http-client/url-policy.ts';
import { errorResponses, IdParams, StringEnum } from '../../../kernel/http-server/schemas.ts';
import {
  connectAdAccount,
  findAdAccount,
  listAdAccounts,
  openConnector,
  toAdAccountView,
} from './ad-accounts.repository.ts';
import { dailySeries, listCampaignTotals, type SeriesQuery } from './ad-reports.repository.ts';
import { findAdSync, requestAdSync } from './ad-sync.job.ts';

const Totals = {
  impressions: Type.Integer(),
  clicks: Type.Integer(),
  spendMinor: Type.Integer(),
  conversions: Type.Number(),
  revenueMinor: Type.Integer(),
};
const AccountView = Type.Object({
  id: Type.String(),
  platform: Type.String(),
  externalId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  connector: Type.Union([
    Type.Object({ platform: Type.String(), config: Type.Record(Type.String(), Type.Unknown()) }),
    Type.Null(),
  ]),
});
const CampaignView = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  externalId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  dailyBudgetMinor: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.String(),
  ads: Type.Integer(),
  firstDay: Type.Union([Type.String(), Type.Null()]),
  lastDay: Type.Union([Type.String(), Type.Null()]),
  ...Totals,
});
const SeriesPoint = Type.Object({ date: Type.String({ format: 'date' }), ...Totals });
const JobErrorView = Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]);
const AdSyncRunView = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  since: Type.String({ format: 'date' }),
  until: Type.String({ format: 'date' }),
  state: StringEnum(['queued', 'running', 'succeeded', 'failed'] as const),
  records: Type.Union([Type.Integer(), Type.Null()], { description: 'Rows stored, once succeeded.' }),
  runId: Type.Union([Type.String(), Type.Null()], {
    description: 'The model run it asked for, once succeeded.',
  }),
  error: JobErrorView,
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

/** Longest range one connector sync may fetch (days). */
export const MAX_SYNC_DAYS = 93;

/**
 * `/api/v1/intelligence/ads/…`: ad accounts (with an optional platform connector), campaigns with
 * totals, daily series per campaign or ad for charts, and a connector sync that pulls daily insights
 * from Meta or Google Ads and reruns the ad models.
 */
export const adsRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  app.get(
    '/intelligence/ads/accounts',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Ad accounts (secrets of connectors masked)',
        response: { 200: Type.Object({ data: Type.Array(AccountView) }) },
      },
    },
    async (req) => {
      const rows = await listAdAccounts(ctx.db, req.principal.workspaceId);
      return { data: rows.map((row) => toAdAccountView(row, ctx.secrets)) };
    },
  );

  app.post(
    '/intelligence/ads/accounts',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Connect an ad account through a platform connector (Meta, Google Ads)',
        body: Type.Object(
          {
            platform: StringEnum(SUPPORTED_AD_PLATFORMS),
            externalId: Type.String({
              minLength: 1,
              maxLength: 64,
              description: 'Meta ad account id / Google Ads customer id.',
            }),
            name: Type.Optional(Type.String({ maxLength: 200 })),
            currency: Type.String({ pattern: '^[A-Z]{3}$' }),
            config: Type.Record(Type.String(), Type.Unknown()),
          },
          { additionalProperties: false },
        ),
        response: { 201: AccountView, ...errorResponses(400) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const platform = String(b.platform);
      createInsightsConnector(platform, b.config); // validates, with field errors under /config
      await assertOutboundUrls(b.config, insightsConnectorSpec(platform).urlFields, `${platform} connector`, {
        allowPrivate: ctx.config.allowPrivateUrls,
        pathPrefix: '/config',
      });
      const row = await connectAdAccount(ctx.db, ctx.secrets, req.principal.workspaceId, {
        platform,
        externalId: b.externalId.replace(/^act_/, '').replace(/-/g, ''),
        name: b.name ?? null,
        currency: b.currency,
        connector: { platform, config: b.config },
      });
      return reply.status(201).send(toAdAccountView(row, ctx.secrets));
    },
  );

  app.post(
    '/intelligence/ads/accounts/:id/sync',
    {
      schema: {
        tags: ['intelligence'],
        summary:
          'Pull daily insights from the platform for a date range and rerun the ad models (a durable job: poll the sync)',
        params: IdParams,
        body: Type.Object(
          { since: Type.String({ format: 'date' }), until: Type.String({ format: 'date' }) },
          { additionalProperties: false },
        ),
        response: { 202: AdSyncRunView, ...errorResponses(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const { since, until } = req.body;
      const span = daysBetween(since, until);
      if (span < 0 || span >= MAX_SYNC_DAYS) {
        throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Sync 1 to ${MAX_SYNC_DAYS} days at a time.`, {
          fields: [
            { path: '/body/until', message: `must be on or after since and within ${MAX_SYNC_DAYS} days` },
          ],
        });
      }
      const account = await findAdAccount(ctx.db, ws, req.params.id);
      if (!account) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No ad account has this id.');
      const stored = openConnector(ctx.secrets, account);
      if (!stored)
        throw new OmnifyError('OMNIFY_ERR_CONFLICT', 'This account has no connector; import a CSV instead.');
      const sync = await requestAdSync(
        ctx.db,
        ctx.queue,
        ws,
        account.id,
        { since, until },
        req.principal.actorId,
      );
      return reply.status(202).send(sync);
    },
  );

  app.get(
    '/intelligence/ads/syncs/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'A sync run: queued, running, succeeded (records, model run) or failed (error)',
        params: IdParams,
        response: { 200: AdSyncRunView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const sync = await findAdSync(ctx.db, req.principal.workspaceId, req.params.id);
      if (!sync) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No sync has this id.');
      return sync;
    },
  );

  app.get(
    '/intelligence/ads/campaigns',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Campaigns with totals over their whole history, by spend',
        response: { 200: Type.Object({ data: Type.Array(CampaignView) }) },
      },
    },
    async (req) => ({ data: await listCampaignTotals(ctx.db, req.principal.workspaceId) }),
  );

  app.get(
    '/intelligence/ads/series',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Daily metrics of a campaign, an ad or the whole workspace (chart data)',
        querystring: Type.Object({
          level: StringEnum(['workspace', 'campaign', 'ad'] as const, { default: 'workspace' }),
          id: Type.Optional(Type.String({ description: 'Campaign or ad id (not for workspace).' })),
          from: Type.Optional(Type.String({ format: 'date' })),
          to: Type.Optional(Type.String({ format: 'date' })),
        }),
        response: { 200: Type.Object({ data: Type.Array(SeriesPoint) }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const { level, id, from, to } = req.query;
      if (level !== 'workspace') {
        if (!id) {
          throw new OmnifyError('OMNIFY_ERR_VALIDATION', `level=${level} needs an id.`, {
            fields: [{ path: '/querystring/id', message: 'is required for this level' }],
          });
        }
        if (!isUuid(id)) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', `No ${level} has this id.`);
      }
      // The querystring schema admits only these levels (its enum types as unknown through the provider).
      const query = { level: level as SeriesQuery['level'], id, from, to };
      return { data: await dailySeries(ctx.db, req.principal.workspaceId, query) };
    },
  );
};
