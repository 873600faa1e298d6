/**
 * The contract every ad-platform insights connector implements (Meta Marketing API, Google Ads API, …).
 * The core only sees these shapes: platform payloads stay inside `connectors/<platform>/`.
 */

import type { TimeZone } from '../../kernel/dates/time-zone.ts';
import type { AdRecord } from '../../models/daily-metrics.ts';

/** Ad platforms with an insights connector. */
export type AdPlatform = 'meta' | 'google_ads';

/** The reporting level rows are broken down to: one row per ad, per ad set (Google: ad group) or per campaign. */
export type InsightsLevel = 'ad' | 'ad_set' | 'campaign';

/**
 * One day of one ad (or ad set / campaign, per the connector's `level`) as reported by a platform,
 * normalized: the shared {@link AdRecord}. Money is converted exactly from the platform's decimal
 * strings or micros (exponent from `currencyExponent`); conversions may be fractional (Google
 * data-driven attribution).
 */
export type AdInsightsRecord = AdRecord;

/** What `fetchDailyInsights` reads: one account, an inclusive range of reporting days. */
export interface FetchInsightsInput {
  /** Meta: ad account id, with or without `act_`; Google Ads: customer id, with or without dashes. */
  accountId: string;
  /** First day, `YYYY-MM-DD`, inclusive. */
  since: string;
  /** Last day, `YYYY-MM-DD`, inclusive; not before `since`. */
  until: string;
  /** Aborts the in-flight request; the iterator then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A campaign daily budget change (apply a recommendation, or roll it back). */
export interface SetCampaignBudgetInput {
  campaignId: string;
  /** New daily budget, integer minor units of `currency` (> 0). */
  dailyBudgetMinor: number;
  /** ISO 4217 code the caller believes the account uses; a mismatch is refused (no silent conversion). */
  currency: string;
  /**
   * The account owning the campaign. Google Ads needs it (campaign ids are scoped to a customer) and
   * falls back to the config's `customerId`; Meta ignores it (campaign ids are global).
   */
  accountId?: string;
  signal?: AbortSignal;
}

/** What a budget change did: the value to restore for a rollback and the value now in force. */
export interface CampaignBudgetChange {
  /** The daily budget before the change, minor units; undefined when the platform reported none. */
  previousDailyBudgetMinor?: number;
  /**
   * The daily budget now set, minor units. It can differ from the request when the platform's budget
   * unit is coarser than the currency's minor unit (Meta counts TWD in whole dollars): the request
   * is rounded half away from zero to that unit.
   */
  dailyBudgetMinor: number;
}

/** Pause or resume one ad (apply a fatigue recommendation, or roll it back). */
export interface SetAdStatusInput {
  /** The platform's ad id (Meta ad id; Google Ads ad id). */
  adId: string;
  /** Google Ads: the ad group id (an ad group ad is named by both); Meta ignores it. */
  adSetId?: string;
  /** Google Ads: the customer id (falls back to the config's); Meta ignores it. */
  accountId?: string;
  status: 'active' | 'paused';
  signal?: AbortSignal;
}

/** A campaign's current daily budget. */
export interface CampaignBudget {
  campaignId: string;
  /** Daily budget, integer minor units of `currency`. */
  dailyBudgetMinor: number;
  currency: string;
}

/** The budget read request: campaign id and, for Google Ads, the customer id (see `SetCampaignBudgetInput`). */
export interface GetCampaignBudgetInput {
  campaignId: string;
  accountId?: string;
  signal?: AbortSignal;
}

/** The account time zone read: one account (same id forms as {@link FetchInsightsInput.accountId}). */
export interface GetAccountTimeZoneInput {
  accountId: string;
  /** Aborts the in-flight request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * One ad platform's reporting and budget API. Implementations: `meta/meta.connector.ts`,
 * `google-ads/google-ads.connector.ts`; all pass `defineInsightsConnectorContract` (contract.ts).
 *
 * Errors (all `OmnifyError`): `OMNIFY_ERR_VALIDATION` for bad input (thrown synchronously by
 * `fetchDailyInsights`); `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (retry later; `details.retryAfterMs`
 * when the platform said), `OMNIFY_ERR_PLATFORM_TRANSIENT` (network, timeout, 5xx, malformed answer)
 * and `OMNIFY_ERR_PLATFORM_REJECTED` (auth, permissions, bad ids; do not retry) with
 * `details.platformCode` / `details.platformMessage` from the platform's error body;
 * `OMNIFY_ERR_CONFLICT` when a budget cannot be changed as asked (lifetime or shared budget).
 */
export interface AdInsightsConnector {
  platform: AdPlatform;
  /**
   * Daily insights of every ad (or ad set / campaign) of the account with activity in
   * `[since, until]`, streamed page by page (Meta) or batch by batch (Google) in platform order.
   */
  fetchDailyInsights(input: FetchInsightsInput): AsyncIterable<AdInsightsRecord>;
  /** Sets a campaign-level daily budget and returns the previous value for rollback. */
  setCampaignDailyBudget(input: SetCampaignBudgetInput): Promise<CampaignBudgetChange>;
  /**
   * Pauses or resumes an ad (Meta: `POST /{ad-id}` `status`; Google Ads: `adGroupAds:mutate` with
   * `update_mask: status`) and returns its status before the change when the platform reports it.
   */
  setAdStatus(input: SetAdStatusInput): Promise<{ previousStatus?: 'active' | 'paused' }>;
  /** Reads a campaign-level daily budget. */
  getCampaignDailyBudget?(input: GetCampaignBudgetInput): Promise<CampaignBudget>;
  /**
   * The account's reporting time zone: the zone in which the platform cuts its days (both platforms
   * report insights on the account's own calendar days). Read from
   * - Meta: `GET /{version}/act_{accountId}?fields=timezone_name` (Graph API Ad Account field
   *   `timezone_name`, an IANA name such as `America/Los_Angeles`);
   * - Google Ads: GAQL `SELECT customer.time_zone FROM customer` on the `searchStream` endpoint the
   *   insights use (`customer.time_zone`, "the local timezone ID of the customer", an IANA name).
   *
   * Resolves to the name as `resolveTimeZone` (kernel/dates/time-zone.ts) spells it, or null when
   * the platform names no zone, or one that is no IANA name this runtime knows (never a guess).
   * Optional: callers without it keep the zone they have.
   *
   * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (field `/accountId`) for a malformed id, before any
   *   request; the platform errors of the other calls, classified the same way.
   */
  getAccountTimeZone?(input: GetAccountTimeZoneInput): Promise<TimeZone | null>;
}

/** Drains `fetchDailyInsights` into an array (small accounts, tests). */
export async function collectInsights(records: AsyncIterable<AdInsightsRecord>): Promise<AdInsightsRecord[]> {
  const out: AdInsightsRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}
