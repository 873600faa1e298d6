import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isUuid } from '../db/uuid.ts';
import { OmnifyError } from '../errors/catalog.ts';
import { storeAdRecords } from '../intelligence/ads/ads.repository.ts';
import {
  createInsightsConnector,
  maskConnectorSecrets,
  SUPPORTED_AD_PLATFORMS,
} from '../intelligence/ads/connectors/registry.ts';
import type { AdInsightsRecord } from '../intelligence/ads/connectors/types.ts';
import { daysBetween } from '../intelligence/ads/daily-metrics.ts';
import { requestRun } from '../intelligence/runs/runs.repository.ts';
import type { OmnifyContext } from '../server/context.ts';
import { errorResponses, IdParams, StringEnum } from '../server/schemas.ts';

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

const toAccount = (r: any) => ({
  id: r.id,
  platform: r.platform,
  externalId: r.external_id,
  name: r.name,
  currency: r.currency,
  connector: r.connector
    ? {
        platform: r.connector.platform,
        config: maskConnectorSecrets(r.connector.platform, r.connector.config),
      }
    : null,
});
const num = (v: unknown) => Number(v ?? 0);
const point = (r: any) => ({
  date: r.day,
  impressions: num(r.impressions),
  clicks: num(r.clicks),
  spendMinor: num(r.spend),
  conversions: num(r.conversions),
  revenueMinor: num(r.revenue),
});
const SUMS = `sum(m.impressions)::text AS impressions, sum(m.clicks)::text AS clicks, sum(m.spend_minor)::text AS spend,
  sum(m.conversions) AS conversions, sum(m.revenue_minor)::text AS revenue`;

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
      const r = await ctx.db.query(
        'SELECT * FROM ad_accounts WHERE workspace_id = $1 ORDER BY created_at, id',
        [req.principal.workspaceId],
      );
      return { data: r.rows.map(toAccount) };
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
      const externalId = b.externalId.replace(/^act_/, '').replace(/-/g, '');
      const r = await ctx.db.query(
        `INSERT INTO ad_accounts (workspace_id, platform, external_id, name, currency, connector)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb)
         ON CONFLICT (workspace_id, platform, external_id)
         DO UPDATE SET connector = EXCLUDED.connector, name = COALESCE(EXCLUDED.name, ad_accounts.name)
         RETURNING *`,
        [
          req.principal.workspaceId,
          b.platform,
          externalId,
          b.name ?? null,
          b.currency,
          JSON.stringify({ platform: b.platform, config: b.config }),
        ],
      );
      return reply.status(201).send(toAccount(r.rows[0]));
    },
  );

  app.post(
    '/intelligence/ads/accounts/:id/sync',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Pull daily insights from the platform for a date range and rerun the ad models',
        params: IdParams,
        body: Type.Object(
          { since: Type.String({ format: 'date' }), until: Type.String({ format: 'date' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ records: Type.Integer(), runId: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(400, 404, 409, 429, 502),
        },
      },
    },
    async (req) => {
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
      const r = isUuid(req.params.id)
        ? await ctx.db.query('SELECT * FROM ad_accounts WHERE id = $1 AND workspace_id = $2', [
            req.params.id,
            ws,
          ])
        : { rows: [] };
      const account = r.rows[0] as any;
      if (!account) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No ad account has this id.');
      if (!account.connector)
        throw new OmnifyError('OMNIFY_ERR_CONFLICT', 'This account has no connector; import a CSV instead.');
      const connector = createInsightsConnector(account.connector.platform, account.connector.config);
      const records: AdInsightsRecord[] = [];
      for await (const rec of connector.fetchDailyInsights({ accountId: account.external_id, since, until }))
        records.push(rec);
      const runId = await ctx.db.transaction(async (tx) => {
        await storeAdRecords(tx, ws, { platform: account.platform }, records);
        return records.length > 0
          ? requestRun(
              ctx.queue,
              ctx.db,
              ws,
              ['anomaly', 'fatigue', 'forecast', 'budget'],
              `sync ${account.id}`,
              tx,
            )
          : null;
      });
      return { records: records.length, runId };
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
    async (req) => {
      const r = await ctx.db.query(
        `SELECT c.id, c.account_id, c.external_id, c.name, c.status, c.daily_budget_minor::text AS budget, acc.currency,
           (SELECT count(*) FROM ads a WHERE a.campaign_id = c.id)::int AS ads,
           min(m.day)::text AS first_day, max(m.day)::text AS last_day, ${SUMS}
         FROM ad_campaigns c JOIN ad_accounts acc ON acc.id = c.account_id
         LEFT JOIN ads a ON a.campaign_id = c.id LEFT JOIN ad_daily_metrics m ON m.ad_id = a.id
         WHERE c.workspace_id = $1 GROUP BY c.id, acc.currency ORDER BY sum(m.spend_minor) DESC NULLS LAST, c.id`,
        [req.principal.workspaceId],
      );
      return {
        data: r.rows.map((x: any) => ({
          id: x.id,
          accountId: x.account_id,
          externalId: x.external_id,
          name: x.name,
          status: x.status,
          dailyBudgetMinor: x.budget === null ? null : Number(x.budget),
          currency: x.currency,
          ads: x.ads,
          firstDay: x.first_day,
          lastDay: x.last_day,
          ...point(x),
        })),
      };
    },
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
      const params: unknown[] = [req.principal.workspaceId];
      const where = ['a.workspace_id = $1'];
      if (level !== 'workspace') {
        if (!id) {
          throw new OmnifyError('OMNIFY_ERR_VALIDATION', `level=${level} needs an id.`, {
            fields: [{ path: '/querystring/id', message: 'is required for this level' }],
          });
        }
        if (!isUuid(id)) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', `No ${level} has this id.`);
        params.push(id);
        where.push(`${level === 'campaign' ? 'a.campaign_id' : 'a.id'} = $2`);
      }
      if (from) where.push(`m.day >= $${params.push(from)}::date`);
      if (to) where.push(`m.day <= $${params.push(to)}::date`);
      const r = await ctx.db.query(
        `SELECT m.day::text AS day, ${SUMS} FROM ad_daily_metrics m JOIN ads a ON a.id = m.ad_id
         WHERE ${where.join(' AND ')} GROUP BY m.day ORDER BY m.day`,
        params,
      );
      return { data: r.rows.map(point) };
    },
  );
};
