import { eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import type { DailyMetrics } from '../../../models/daily-metrics.ts';
import { adAccounts, adCampaigns, adDailyMetrics, ads } from '../intelligence.schema.ts';

/*
 * Read-only reports over the daily ad metrics for the API: campaign totals and chart series.
 */

/** Sums of the daily metrics of the grouped rows; 0 when there are none (a campaign without data). */
const sums = {
  impressions: sql<number>`COALESCE(sum(${adDailyMetrics.impressions}), 0)`.mapWith(Number),
  clicks: sql<number>`COALESCE(sum(${adDailyMetrics.clicks}), 0)`.mapWith(Number),
  spendMinor: sql<number>`COALESCE(sum(${adDailyMetrics.spendMinor}), 0)`.mapWith(Number),
  conversions: sql<number>`COALESCE(sum(${adDailyMetrics.conversions}), 0)`.mapWith(Number),
  revenueMinor: sql<number>`COALESCE(sum(${adDailyMetrics.revenueMinor}), 0)`.mapWith(Number),
};

/** A campaign with its totals over its whole history (money in minor units of `currency`). */
export interface CampaignTotals {
  id: string;
  accountId: string;
  externalId: string;
  name: string | null;
  status: string;
  dailyBudgetMinor: number | null;
  currency: string;
  /** Ads of the campaign, with or without metrics. */
  ads: number;
  /** First and last day with metrics (`YYYY-MM-DD`), null without any. */
  firstDay: string | null;
  lastDay: string | null;
  impressions: number;
  clicks: number;
  spendMinor: number;
  conversions: number;
  revenueMinor: number;
}

/** The workspace's campaigns with their totals, biggest spend first (campaigns without data last). */
export async function listCampaignTotals(db: Queryable, workspaceId: string): Promise<CampaignTotals[]> {
  const s = scoped(db, workspaceId);
  return s.db
    .select({
      id: adCampaigns.id,
      accountId: adCampaigns.accountId,
      externalId: adCampaigns.externalId,
      name: adCampaigns.name,
      status: adCampaigns.status,
      dailyBudgetMinor: adCampaigns.dailyBudgetMinor,
      currency: adAccounts.currency,
      ads: sql<number>`count(DISTINCT ${ads.id})`.mapWith(Number),
      firstDay: sql<string | null>`min(${adDailyMetrics.day})::text`,
      lastDay: sql<string | null>`max(${adDailyMetrics.day})::text`,
      ...sums,
    })
    .from(adCampaigns)
    .innerJoin(adAccounts, eq(adAccounts.id, adCampaigns.accountId))
    .leftJoin(ads, eq(ads.campaignId, adCampaigns.id))
    .leftJoin(adDailyMetrics, eq(adDailyMetrics.adId, ads.id))
    .where(s.where(adCampaigns))
    .groupBy(adCampaigns.id, adAccounts.currency)
    .orderBy(sql`sum(${adDailyMetrics.spendMinor}) DESC NULLS LAST`, adCampaigns.id);
}

/** Which rows a series adds up: the whole workspace, one campaign or one ad; days inclusive. */
export interface SeriesQuery {
  level: 'workspace' | 'campaign' | 'ad';
  /** The campaign or ad id (a uuid; ignored for `workspace`). */
  id?: string;
  from?: string;
  to?: string;
}

/** Daily metrics summed per day over the ads `q` selects, oldest first (days without rows absent). */
export async function dailySeries(
  db: Queryable,
  workspaceId: string,
  q: SeriesQuery,
): Promise<DailyMetrics[]> {
  const s = scoped(db, workspaceId);
  const subject: SQL | undefined =
    q.level === 'campaign' && q.id
      ? eq(ads.campaignId, q.id)
      : q.level === 'ad' && q.id
        ? eq(ads.id, q.id)
        : undefined;
  return s.db
    .select({ date: sql<string>`${adDailyMetrics.day}::text`, ...sums })
    .from(adDailyMetrics)
    .innerJoin(ads, eq(ads.id, adDailyMetrics.adId))
    .where(
      s.where(
        ads,
        subject,
        q.from ? gte(adDailyMetrics.day, q.from) : undefined,
        q.to ? lte(adDailyMetrics.day, q.to) : undefined,
      ),
    )
    .groupBy(adDailyMetrics.day)
    .orderBy(adDailyMetrics.day);
}
