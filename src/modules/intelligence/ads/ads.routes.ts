import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  createInsightsConnector,
  insightsConnectorSpec,
  maskConnectorSecrets,
  SUPPORTED_AD_PLATFORMS,
} from '../../../integrations/ad-connector-registry.ts';
import type { OmnifyContext } from '../../../kernel/context.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import { daysBetween } from '../../../kernel/dates/calendar-day.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { assertOutboundUrls } from '../../../kernel/http-client/url-policy.ts';
import { errorResponses, IdParams, StringEnum } from '../../../kernel/http-server/schemas.ts';
import { AD_SYNC_COLUMNS, requestAdSync, toAdSyncView } from './ad-sync.job.ts';

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

/** What `ad_accounts.connector` holds once opened (it is stored sealed: docs/security.md). */
type StoredConnector = { platform: string; config: Record<string, unknown> };
const openConnector = (secrets: SecretBox, r: any): StoredConnector | null =>
  r.connector ? secrets.open<StoredConnector>(r.connector, 'ad_accounts', 'connector', r.id) : null;

const toAccount = (r: any, secrets: SecretBox) => {
  const connector = openConnector(secrets, r);
  return {
    id: r.id,
    platform: r.platform,
    externalId: r.external_id,
    name: r.name,
    currency: r.currency,
    connector: connector
      ? { platform: connector.platform, config: maskConnectorSecrets(connector.platform, connector.config) }
      : null,
  };
};
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
      return { data: r.rows.map((row: any) => toAccount(row, ctx.secrets)) };
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
      const externalId = b.externalId.replace(/^act_/, '').replace(/-/g, '');
      // The sealed connector is bound to the row id, known only after the upsert: two statements, one transaction.
      const row = await ctx.db.transaction(async (tx) => {
        const up = await tx.query<{ id: string }>(
          `INSERT INTO ad_accounts (workspace_id, platform, external_id, name, currency)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (workspace_id, platform, external_id)
           DO UPDATE SET name = COALESCE(EXCLUDED.name, ad_accounts.name)
           RETURNING id`,
          [req.principal.workspaceId, b.platform, externalId, b.name ?? null, b.currency],
        );
        const id = up.rows[0]!.id;
        const sealed = ctx.secrets.seal(
          { platform: b.platform, config: b.config },
          'ad_accounts',
          'connector',
          id,
        );
        const r = await tx.query('UPDATE ad_accounts SET connector = $2::jsonb WHERE id = $1 RETURNING *', [
          id,
          JSON.stringify(sealed),
        ]);
        return r.rows[0];
      });
      return reply.status(201).send(toAccount(row, ctx.secrets));
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
      const r = isUuid(req.params.id)
        ? await ctx.db.query('SELECT * FROM ad_accounts WHERE id = $1 AND workspace_id = $2', [
            req.params.id,
            ws,
          ])
        : { rows: [] };
      const account = r.rows[0] as any;
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
        req.principal.apiKeyId,
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
      const r = isUuid(req.params.id)
        ? await ctx.db.query(
            `SELECT ${AD_SYNC_COLUMNS} FROM ad_sync_runs WHERE id = $1 AND workspace_id = $2`,
            [req.params.id, req.principal.workspaceId],
          )
        : { rows: [] };
      if (!r.rows[0]) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No sync has this id.');
      return toAdSyncView(r.rows[0]);
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
