import { isCalendarDay } from '../../kernel/dates/calendar-day.ts';
import { isOmnifyError } from '../../kernel/errors/catalog.ts';
import { amountToMinor, microsToMinor } from '../../kernel/money/convert.ts';
import type { AdInsightsRecord } from '../contract/ad-connector.ts';
import { malformedAnswer } from '../contract/ad-connector-answers.ts';
import type { GoogleRpcStatus } from './google-ads.errors.ts';

/**
 * One `GoogleAdsRow` of a search-stream answer in the REST (JSON) encoding: fields in lowerCamelCase,
 * int64 values (ids, `impressions`, `clicks`, `costMicros`) as strings, doubles (`conversions`,
 * `conversionsValue`) as numbers, and fields at their default value (0, '') omitted (proto3 JSON).
 */
export interface GoogleAdsRow {
  customer?: {
    resourceName?: string;
    id?: string;
    descriptiveName?: string;
    currencyCode?: string;
    timeZone?: string;
  };
  campaign?: { resourceName?: string; id?: string; name?: string };
  adGroup?: { resourceName?: string; id?: string; name?: string };
  adGroupAd?: { resourceName?: string; ad?: { resourceName?: string; id?: string; name?: string } };
  campaignBudget?: {
    resourceName?: string;
    amountMicros?: string;
    period?: string;
    explicitlyShared?: boolean;
  };
  metrics?: {
    impressions?: string;
    clicks?: string;
    costMicros?: string;
    conversions?: number;
    conversionsValue?: number;
  };
  segments?: { date?: string };
}

/** One element of the `searchStream` answer array: a batch of rows, or an error met mid-stream. */
export interface SearchGoogleAdsStreamResponse {
  results?: GoogleAdsRow[];
  fieldMask?: string;
  requestId?: string;
  error?: GoogleRpcStatus;
}

function int64(v: string | undefined, field: string): number {
  if (v === undefined) return 0;
  if (!/^\d+$/.test(v)) throw new Error(`${field} is "${v}", not a non-negative int64`);
  return Number(v);
}

function double(v: unknown, field: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new Error(`${field} is ${v}, not a number`);
  return v;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Normalizes one `GoogleAdsRow` to an `AdInsightsRecord`: `costMicros` → minor units (divide by
 * 10^(6 − exponent), half away from zero), `conversionsValue` (a double in the account currency) →
 * minor units through its shortest decimal form, `conversions` kept as reported (may be fractional).
 * Missing metrics are 0 (proto3 JSON omits zero values).
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_TRANSIENT` when the row lacks the customer id or currency,
 *   the campaign id or the day, or a metric is not the documented type.
 */
export function normalizeGoogleAdsRow(row: GoogleAdsRow): AdInsightsRecord {
  try {
    const currency = text(row.customer?.currencyCode)?.toUpperCase();
    if (!currency) throw new Error('a row has no customer.currencyCode');
    const account = text(row.customer?.id);
    if (!account) throw new Error('a row has no customer.id');
    const campaign = text(row.campaign?.id);
    if (!campaign) throw new Error('a row has no campaign.id');
    const date = row.segments?.date;
    if (!isCalendarDay(date)) throw new Error(`a row has segments.date "${date}"`);
    const m = row.metrics ?? {};
    const record: AdInsightsRecord = {
      accountExternalId: account,
      campaignExternalId: campaign,
      date,
      impressions: int64(m.impressions, 'metrics.impressions'),
      clicks: int64(m.clicks, 'metrics.clicks'),
      spendMinor: microsToMinor(m.costMicros ?? '0', currency),
      conversions: double(m.conversions, 'metrics.conversions'),
      revenueMinor: amountToMinor(double(m.conversionsValue, 'metrics.conversionsValue'), currency),
      currency,
    };
    const optional: Array<[keyof AdInsightsRecord, unknown]> = [
      ['accountName', row.customer?.descriptiveName],
      ['campaignName', row.campaign?.name],
      ['adSetExternalId', row.adGroup?.id],
      ['adSetName', row.adGroup?.name],
      ['adExternalId', row.adGroupAd?.ad?.id],
      ['adName', row.adGroupAd?.ad?.name],
    ];
    for (const [k, v] of optional) if (text(v)) (record as unknown as Record<string, unknown>)[k] = v;
    return record;
  } catch (e) {
    const why = isOmnifyError(e) || e instanceof Error ? e.message : String(e);
    throw malformedAnswer('Google Ads API', 200, `a result row is malformed: ${why}`);
  }
}
