import type { InsightsLevel } from '../contract/ad-connector.ts';

/** The GAQL resource each level reads (ad = `ad_group_ad`, ad set = `ad_group`). */
const RESOURCE: Record<InsightsLevel, string> = {
  ad: 'ad_group_ad',
  ad_set: 'ad_group',
  campaign: 'campaign',
};

/** The GAQL fields each level selects: customer and hierarchy ids and names, the day, then metrics. */
export function googleAdsInsightsFields(level: InsightsLevel): string[] {
  const fields = [
    'customer.id',
    'customer.descriptive_name',
    'customer.currency_code',
    'campaign.id',
    'campaign.name',
  ];
  if (level !== 'campaign') fields.push('ad_group.id', 'ad_group.name');
  if (level === 'ad') fields.push('ad_group_ad.ad.id', 'ad_group_ad.ad.name');
  return [
    ...fields,
    'segments.date',
    'metrics.impressions',
    'metrics.clicks',
    'metrics.cost_micros',
    'metrics.conversions',
    'metrics.conversions_value',
  ];
}

/**
 * The Google Ads Query Language report of daily metrics (Google Ads API guides, "Google Ads Query
 * Language" and "Date ranges"): one row per (ad / ad group / campaign, day) with activity, days in
 * the customer's time zone, `BETWEEN` inclusive at both ends. `since`/`until` must already be
 * validated `YYYY-MM-DD` days (they are inlined).
 *
 * Note: Performance Max and other campaigns without ad group ads appear only at `campaign` level.
 */
export function googleAdsInsightsQuery(level: InsightsLevel, since: string, until: string): string {
  return (
    `SELECT ${googleAdsInsightsFields(level).join(', ')} FROM ${RESOURCE[level]} ` +
    `WHERE segments.date BETWEEN '${since}' AND '${until}'`
  );
}

/**
 * The GAQL read of one campaign's budget: its resource name, amount in micros, period and whether it
 * is shared with other campaigns, plus the customer currency. `campaignId` must be digits.
 */
export function googleAdsBudgetQuery(campaignId: string): string {
  return (
    'SELECT campaign.id, campaign_budget.resource_name, campaign_budget.amount_micros, ' +
    'campaign_budget.period, campaign_budget.explicitly_shared, customer.currency_code ' +
    `FROM campaign WHERE campaign.id = ${campaignId}`
  );
}

/**
 * The GAQL read of the customer's reporting time zone (`customer.time_zone`, an IANA name; Google
 * Ads API "Customer" resource): one row, `FROM customer` needs no `WHERE`.
 */
export const GOOGLE_ADS_TIME_ZONE_QUERY = 'SELECT customer.time_zone FROM customer';
