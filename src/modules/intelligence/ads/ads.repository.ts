import { eq, sql } from 'drizzle-orm';
import type { AdInsightsRecord } from '../../../integrations/contract/ad-connector.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { SERVER_STATEMENT } from '../../../kernel/db/statement-size.ts';
import type { DailyMetrics, DailySeries } from '../../../models/daily-metrics.ts';
import { adAccounts, adCampaigns, adDailyMetrics, adSets, ads } from '../intelligence.schema.ts';

/** Where ad records come from: a CSV import (platform `csv`, or the platform the user named) or a connector. */
export interface AdSource {
  platform: string;
}

const CHUNK = 2_000;

/** Outcome of {@link storeAdRecords}: rows written (inserted or updated) and the entities created. */
export interface StoredAds {
  metricRows: number;
  accounts: number;
  campaigns: number;
  ads: number;
}

/**
 * Stores normalized ad records (CSV import or platform connector) in the caller's transaction:
 * upserts the account → campaign → ad set → ad hierarchy by external ids, then the daily metrics
 * keyed by (ad, day) — a later import or sync of the same day replaces that day's numbers, so
 * importing a file twice changes nothing. Records without an ad set or ad are kept at the level they
 * have (a synthetic "(all)" ad set / ad stands for the campaign or ad set as a whole). Set-based in
 * chunks, so a 100k-row import is a handful of statements per chunk.
 */
export async function storeAdRecords(
  tx: Queryable,
  workspaceId: string,
  source: AdSource,
  records: readonly AdInsightsRecord[],
): Promise<StoredAds> {
  const out: StoredAds = { metricRows: 0, accounts: 0, campaigns: 0, ads: 0 };
  records = sumSameDay(records);
  for (let i = 0; i < records.length; i += CHUNK) {
    const s = records.slice(i, i + CHUNK);
    const col = <T>(f: (r: AdInsightsRecord) => T) => s.map(f);
    const adSet = (r: AdInsightsRecord) => r.adSetExternalId ?? '(all)';
    const ad = (r: AdInsightsRecord) => r.adExternalId ?? '(all)';
    // One CTE chain: entity upserts (DO UPDATE so RETURNING sees existing rows), then metrics.
    const res = await tx.query<{ metrics: string; accounts: string; campaigns: string; ads: string }>(
      `WITH input AS (
         SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
           $10::text[], $11::date[], $12::bigint[], $13::bigint[], $14::bigint[], $15::float8[], $16::bigint[], $17::text[])
         AS t(account, account_name, campaign, campaign_name, ad_set, ad_set_name, ad, ad_name, day, impressions,
              clicks, spend, conversions, revenue, currency)
       ),
       acc AS (
         INSERT INTO ad_accounts (workspace_id, platform, external_id, name, currency)
         SELECT DISTINCT ON (account) $1::uuid, $2, account, account_name, currency FROM input ORDER BY account
         ON CONFLICT (workspace_id, platform, external_id)
         DO UPDATE SET name = COALESCE(EXCLUDED.name, ad_accounts.name)
         RETURNING id, external_id, (xmax = 0) AS created
       ),
       camp AS (
         INSERT INTO ad_campaigns (workspace_id, account_id, external_id, name)
         SELECT DISTINCT ON (acc.id, i.campaign) $1::uuid, acc.id, i.campaign, i.campaign_name
         FROM input i JOIN acc ON acc.external_id = i.account ORDER BY acc.id, i.campaign
         ON CONFLICT (account_id, external_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, ad_campaigns.name)
         RETURNING id, account_id, external_id, (xmax = 0) AS created
       ),
       aset AS (
         INSERT INTO ad_sets (campaign_id, external_id, name)
         SELECT DISTINCT ON (camp.id, i.ad_set) camp.id, i.ad_set, i.ad_set_name
         FROM input i JOIN acc ON acc.external_id = i.account
           JOIN camp ON camp.account_id = acc.id AND camp.external_id = i.campaign
         ORDER BY camp.id, i.ad_set
         ON CONFLICT (campaign_id, external_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, ad_sets.name)
         RETURNING id, campaign_id, external_id
       ),
       adr AS (
         INSERT INTO ads (workspace_id, campaign_id, ad_set_id, external_id, name)
         SELECT DISTINCT ON (aset.id, i.ad) $1::uuid, camp.id, aset.id, i.ad, i.ad_name
         FROM input i JOIN acc ON acc.external_id = i.account
           JOIN camp ON camp.account_id = acc.id AND camp.external_id = i.campaign
           JOIN aset ON aset.campaign_id = camp.id AND aset.external_id = i.ad_set
         ORDER BY aset.id, i.ad
         ON CONFLICT (ad_set_id, external_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, ads.name)
         RETURNING id, ad_set_id, external_id, (xmax = 0) AS created
       ),
       met AS (
         INSERT INTO ad_daily_metrics (ad_id, day, impressions, clicks, spend_minor, conversions, revenue_minor)
         SELECT adr.id, i.day, sum(i.impressions), sum(i.clicks), sum(i.spend), sum(i.conversions), sum(i.revenue)
         FROM input i JOIN acc ON acc.external_id = i.account
           JOIN camp ON camp.account_id = acc.id AND camp.external_id = i.campaign
           JOIN aset ON aset.campaign_id = camp.id AND aset.external_id = i.ad_set
           JOIN adr ON adr.ad_set_id = aset.id AND adr.external_id = i.ad
         GROUP BY adr.id, i.day
         ON CONFLICT (ad_id, day) DO UPDATE SET impressions = EXCLUDED.impressions, clicks = EXCLUDED.clicks,
           spend_minor = EXCLUDED.spend_minor, conversions = EXCLUDED.conversions, revenue_minor = EXCLUDED.revenue_minor
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM met)::text AS metrics,
              (SELECT count(*) FROM acc WHERE created)::text AS accounts,
              (SELECT count(*) FROM camp WHERE created)::text AS campaigns,
              (SELECT count(*) FROM adr WHERE created)::text AS ads`,
      [
        workspaceId,
        source.platform,
        col((r) => r.accountExternalId),
        col((r) => r.accountName ?? null),
        col((r) => r.campaignExternalId),
        col((r) => r.campaignName ?? null),
        col(adSet),
        col((r) => r.adSetName ?? null),
        col(ad),
        col((r) => r.adName ?? (r.adExternalId ? null : '(all)')),
        col((r) => r.date),
        col((r) => r.impressions),
        col((r) => r.clicks),
        col((r) => r.spendMinor),
        col((r) => r.conversions),
        col((r) => r.revenueMinor),
        col((r) => r.currency),
      ],
    );
    const row = res.rows[0]!;
    out.metricRows += Number(row.metrics);
    out.accounts += Number(row.accounts);
    out.campaigns += Number(row.campaigns);
    out.ads += Number(row.ads);
  }
  return out;
}

/**
 * Adds up records of the same ad and day (a file may list a placement twice on one day), so that a
 * day is never split across chunks and overwritten by its second half.
 */
function sumSameDay(records: readonly AdInsightsRecord[]): AdInsightsRecord[] {
  const byKey = new Map<string, AdInsightsRecord>();
  for (const r of records) {
    const key = JSON.stringify([
      r.accountExternalId,
      r.campaignExternalId,
      r.adSetExternalId,
      r.adExternalId,
      r.date,
    ]);
    const acc = byKey.get(key);
    if (!acc) {
      byKey.set(key, { ...r });
      continue;
    }
    acc.impressions += r.impressions;
    acc.clicks += r.clicks;
    acc.spendMinor += r.spendMinor;
    acc.conversions += r.conversions;
    acc.revenueMinor += r.revenueMinor;
  }
  return [...byKey.values()];
}

/** One ad's daily series with the ids the API and insights refer to. */
export interface AdSeries extends DailySeries {
  adId: string;
  adName: string | null;
  adStatus: string;
  /** The ad set (ad group) it belongs to; absent where the caller did not say (then no ad-set totals). */
  adSetId?: string;
  adSetName?: string | null;
  campaignId: string;
  campaignName: string | null;
  accountId: string;
}

/**
 * Every ad of the workspace with its daily metrics (days without a row are absent), sorted by day,
 * the ads in id order. Read `batch` rows per query (default 10,000; a model run passes 1,000 on the
 * embedded database, where one of 1,680 rows took 30–55 ms on the API's thread:
 * kernel/db/statement-size.ts), by keyset on the metrics' primary key
 * (ad_id, day), and turned into series batch by batch: ten thousand ads' 900,000 rows never live as
 * row objects at once on the API's thread (as one result, their collection stalled it, as the LTV
 * orders' did; `loadOrderColumns`).
 */
export async function loadAdSeries(
  db: Queryable,
  workspaceId: string,
  batch = SERVER_STATEMENT.readRows,
): Promise<AdSeries[]> {
  const s = scoped(db, workspaceId);
  const out: AdSeries[] = [];
  let cur: AdSeries | undefined;
  let after: { adId: string; day: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`(${adDailyMetrics.adId}, ${adDailyMetrics.day}) > (${after.adId}::uuid, ${after.day}::date)`
      : undefined;
    const rows = await s.db
      .select({
        adId: ads.id,
        adName: ads.name,
        adStatus: ads.status,
        adExternalId: ads.externalId,
        adSetId: ads.adSetId,
        adSetName: adSets.name,
        adSetExternalId: adSets.externalId,
        campaignId: adCampaigns.id,
        campaignName: adCampaigns.name,
        accountId: adCampaigns.accountId,
        currency: adAccounts.currency,
        // As text: the pg driver would read a date as local midnight (a day off east of UTC).
        date: sql<string>`${adDailyMetrics.day}::text`,
        impressions: adDailyMetrics.impressions,
        clicks: adDailyMetrics.clicks,
        spendMinor: adDailyMetrics.spendMinor,
        conversions: adDailyMetrics.conversions,
        revenueMinor: adDailyMetrics.revenueMinor,
      })
      .from(ads)
      .innerJoin(adSets, eq(adSets.id, ads.adSetId))
      .innerJoin(adCampaigns, eq(adCampaigns.id, ads.campaignId))
      .innerJoin(adAccounts, eq(adAccounts.id, adCampaigns.accountId))
      .innerJoin(adDailyMetrics, eq(adDailyMetrics.adId, ads.id))
      .where(s.where(ads, keyset))
      .orderBy(adDailyMetrics.adId, adDailyMetrics.day)
      .limit(batch);
    for (const x of rows) {
      if (!cur || cur.adId !== x.adId) {
        cur = {
          key: x.adId,
          adId: x.adId,
          adName: x.adName ?? x.adExternalId,
          adStatus: x.adStatus,
          adSetId: x.adSetId,
          adSetName: x.adSetName ?? x.adSetExternalId,
          campaignId: x.campaignId,
          campaignName: x.campaignName,
          accountId: x.accountId,
          currency: x.currency,
          points: [],
        };
        out.push(cur);
      }
      const p: DailyMetrics = {
        date: x.date,
        impressions: x.impressions,
        clicks: x.clicks,
        spendMinor: x.spendMinor,
        conversions: x.conversions,
        revenueMinor: x.revenueMinor,
      };
      cur.points.push(p);
    }
    if (rows.length < batch) return out;
    const last = rows[rows.length - 1];
    after = { adId: last.adId, day: last.date };
  }
}
