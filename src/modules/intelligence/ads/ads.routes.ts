import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  createInsightsConnector,
  insightsConnectorSpec,
  SUPPORTED_AD_PLATFORMS,
} from '../../../integrations/ad-connector-registry.ts';
import type { OmnifyContext } from '../../../kernel/context.ts';
import { requireTimeZone } from '../../../kernel/dates/time-zone.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { assertOutboundUrls } from '../../../kernel/http-client/url-policy.ts';
import { errorResponses, IdParams, StringEnum } from '../../../kernel/http-server/schemas.ts';
import { workspaceTimeZone } from '../../workspaces/workspaces.service.ts';
import {
  connectAdAccount,
  findAdAccount,
  listAdAccounts,
  openConnector,
  toAdAccountView,
  updateAdAccount,
} from './ad-accounts.repository.ts';
import { dailySeries, listCampaignTotals, type SeriesQuery } from './ad-reports.repository.ts';
import { findAdSync, requestAdSync } from './ad-sync.job.ts';
import { accountTimeZone, DEFAULT_SYNC_DAYS, MAX_SYNC_DAYS, syncRange } from './sync-range.ts';

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
  timeZone: Type.Union([Type.String(), Type.Null()], {
    description: 'The account’s own reporting time zone (IANA name); null: it follows the workspace’s.',
  }),
  effectiveTimeZone: Type.String({
    description:
      'The zone its days are read in (its own, else the workspace’s): a sync’s default "yesterday".',
  }),
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

const TimeZoneField = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'IANA time zone the platform reports this account’s days in (Meta: the ad account’s `timezone_name`; Google Ads: the customer’s `time_zone`). Unknown names are a 400 naming the closest zone.',
  examples: ['America/Los_Angeles'],
});

/**
 * `/api/v1/intelligence/ads/…`: ad accounts (with an optional platform connector and reporting time
 * zone), campaigns with totals, daily series per campaign or ad for charts, and a connector sync
 * that pulls daily insights from Meta or Google Ads — by default the last 30 days up to yesterday in
 * the account's zone (sync-range.ts) — and reruns the ad models.
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
      const ws = req.principal.workspaceId;
      const [rows, zone] = await Promise.all([listAdAccounts(ctx.db, ws), workspaceTimeZone(ctx.db, ws)]);
      return { data: rows.map((row) => toAdAccountView(row, ctx.secrets, zone)) };
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
            timeZone: Type.Optional(TimeZoneField),
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
      const timeZone = b.timeZone === undefined ? null : requireTimeZone(b.timeZone, '/body/timeZone');
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
        timeZone,
        connector: { platform, config: b.config },
      });
      const zone = await workspaceTimeZone(ctx.db, req.principal.workspaceId);
      return reply.status(201).send(toAdAccountView(row, ctx.secrets, zone));
    },
  );

  app.patch(
    '/intelligence/ads/accounts/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Rename an ad account or set its reporting time zone (null: follow the workspace’s)',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
            timeZone: Type.Optional(Type.Union([TimeZoneField, Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: AccountView, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const ws = req.principal.workspaceId;
      const { name, timeZone } = req.body;
      const row = await updateAdAccount(ctx.db, ws, req.params.id, {
        name,
        timeZone: timeZone == null ? timeZone : requireTimeZone(timeZone, '/body/timeZone'),
      });
      if (!row) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No ad account has this id.');
      return toAdAccountView(row, ctx.secrets, await workspaceTimeZone(ctx.db, ws));
    },
  );

  app.post(
    '/intelligence/ads/accounts/:id/sync',
    {
      // `curl -X POST` sends no body and no content type: that means the default days, not a 400.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['intelligence'],
        summary:
          'Pull daily insights from the platform for a date range and rerun the ad models (a durable job: poll the sync)',
        description: `Days are the account’s reporting days (its \`effectiveTimeZone\`). Left out, \`until\` is yesterday there and \`since\` ${DEFAULT_SYNC_DAYS - 1} days before \`until\` (${DEFAULT_SYNC_DAYS} days, so late-attributed conversions are pulled again); at most ${MAX_SYNC_DAYS} days.`,
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            {
              since: Type.Optional(Type.String({ format: 'date' })),
              until: Type.Optional(Type.String({ format: 'date' })),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 202: AdSyncRunView, ...errorResponses(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const ws = req.principal.workspaceId;
      const account = await findAdAccount(ctx.db, ws, req.params.id);
      if (!account) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No ad account has this id.');
      const zone = accountTimeZone(account.timeZone, await workspaceTimeZone(ctx.db, ws));
      const { since, until } = syncRange(req.body, zone, new Date());
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
        req.body ?? {},
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
