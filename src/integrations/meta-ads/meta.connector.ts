import { resolveTimeZone } from '../../kernel/dates/time-zone.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type HttpClient, type HttpResponse, outboundHttp } from '../../kernel/http-client/client.ts';
import { isJsonObject, type JsonObject, stringField } from '../../kernel/http-client/json-field.ts';
import type {
  AdInsightsConnector,
  AdInsightsRecord,
  CampaignBudget,
  FetchInsightsInput,
  GetCampaignBudgetInput,
  InsightsLevel,
} from '../contract/ad-connector.ts';
import { malformedAnswer } from '../contract/ad-connector-answers.ts';
import {
  checkAccountId,
  checkAdId,
  checkBudgetInput,
  checkCampaignId,
  checkFetchInput,
  currencyMismatch,
} from '../contract/ad-connector-input.ts';
import { type MetaInsightsConfig, type ResolvedMetaConfig, resolveMetaConfig } from './meta.config.ts';
import { metaBudgetToMinor, minorToMetaBudget } from './meta.currency.ts';
import { classifyMetaError } from './meta.errors.ts';
import { type MetaInsightsPage, normalizeMetaInsightsRow } from './meta.normalize.ts';

const PLATFORM = 'Meta Marketing API';
const ACCOUNT_HINT = 'must be an ad account id: act_<digits> or <digits>';
const LEVEL_PARAM: Record<InsightsLevel, string> = { ad: 'ad', ad_set: 'adset', campaign: 'campaign' };

/** The insights `fields` requested at each level (ids and names down to the level, then the metrics). */
export function metaInsightsFields(level: InsightsLevel): string[] {
  const ids = ['account_id', 'account_name', 'account_currency', 'campaign_id', 'campaign_name'];
  if (level !== 'campaign') ids.push('adset_id', 'adset_name');
  if (level === 'ad') ids.push('ad_id', 'ad_name');
  return [...ids, 'impressions', 'clicks', 'spend', 'actions', 'action_values', 'date_start', 'date_stop'];
}

/**
 * The first-page URL of `GET /{version}/act_{accountId}/insights` (Meta docs, "Ads Insights API"):
 * `level`, `time_increment=1` (one row per day), `time_range={"since","until"}` (inclusive days in
 * the account's time zone), `fields`, `limit` (page size) and `use_unified_attribution_setting=true`
 * (conversions counted with each ad set's own attribution setting, as Ads Manager shows them).
 */
export function metaInsightsUrl(
  cfg: ResolvedMetaConfig,
  accountId: string,
  since: string,
  until: string,
): string {
  const q = new URLSearchParams({
    level: LEVEL_PARAM[cfg.level],
    time_increment: '1',
    time_range: JSON.stringify({ since, until }),
    fields: metaInsightsFields(cfg.level).join(','),
    limit: String(cfg.pageSize),
    use_unified_attribution_setting: 'true',
  });
  return `${cfg.graphUrl}/act_${accountId}/insights?${q}`;
}

/** `act_123` or `123` → `123`; undefined when it is not that shape. */
export function canonicalMetaAccountId(raw: string): string | undefined {
  return /^(?:act_)?(\d+)$/.exec(raw)?.[1];
}

/**
 * A connector to the Meta Marketing API (Graph API) for one access token.
 *
 * - `fetchDailyInsights`: `GET {graph}/act_{id}/insights` (see `metaInsightsUrl`), then each
 *   `paging.next` until absent (a `next` on another host is not followed with our token: the
 *   `cursors.after` cursor is used on our host instead); rows normalized by `normalizeMetaInsightsRow`.
 * - `getCampaignDailyBudget`: `GET {graph}/{campaign}?fields=id,account_id,daily_budget,lifetime_budget`
 *   and `GET {graph}/act_{account}?fields=currency`; budgets convert with Meta's currency offsets.
 * - `setCampaignDailyBudget`: reads the current budget (for rollback), then
 *   `POST {graph}/{campaign}` with `{daily_budget}` in Meta's budget unit.
 * - `getAccountTimeZone`: `GET {graph}/act_{id}?fields=timezone_name` (answer `{timezone_name, id}`).
 *
 * Every call goes through `http` (the outbound client; default: private addresses refused) and sends
 * `Authorization: Bearer {accessToken}`. Errors: see `AdInsightsConnector`;
 * `OMNIFY_ERR_CONFLICT` when the campaign has a lifetime budget or budgets live on its ad sets.
 */
export function createMetaInsightsConnector(
  config: MetaInsightsConfig,
  http: HttpClient = outboundHttp({ allowPrivateUrls: false }),
): AdInsightsConnector {
  const cfg = resolveMetaConfig(config);
  const graphOrigin = new URL(cfg.graphUrl).origin;
  const headers = { authorization: `Bearer ${cfg.accessToken}` };
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<JsonObject> => {
    const res: HttpResponse = await http.request({
      method,
      url,
      body,
      headers,
      timeoutMs: cfg.timeoutMs,
      signal,
      secrets: [cfg.accessToken],
      label: PLATFORM,
    });
    if (res.status < 200 || res.status >= 300) throw classifyMetaError(res, cfg.accessToken);
    if (!isJsonObject(res.json)) throw malformedAnswer(PLATFORM, res.status, 'the body is not a JSON object');
    return res.json;
  };
  const rule = { actionTypes: cfg.conversionActionTypes, mode: cfg.conversionActionMode };

  async function* pages(
    accountId: string,
    firstUrl: string,
    signal?: AbortSignal,
  ): AsyncGenerator<AdInsightsRecord> {
    let url: string | undefined = firstUrl;
    const seen = new Set<string>();
    while (url) {
      seen.add(url);
      const page = await call('GET', url, undefined, signal);
      const rows: MetaInsightsPage['data'] | undefined = Array.isArray(page.data) ? page.data : undefined;
      if (!rows) throw malformedAnswer(PLATFORM, 200, 'the insights page has no data array');
      for (const row of rows) yield normalizeMetaInsightsRow(row, accountId, rule);
      const next = stringField(page, 'paging', 'next');
      const after = stringField(page, 'paging', 'cursors', 'after');
      if (!next) url = undefined;
      else if (new URL(next).origin === graphOrigin) url = next;
      else if (after) url = `${firstUrl}&after=${encodeURIComponent(after)}`;
      else throw malformedAnswer(PLATFORM, 200, 'paging.next points to another host and has no cursor');
      if (url && seen.has(url)) throw malformedAnswer(PLATFORM, 200, 'paging.next repeats a page');
    }
  }

  async function readBudget(input: GetCampaignBudgetInput) {
    checkCampaignId(input.campaignId);
    const campaign = await call(
      'GET',
      `${cfg.graphUrl}/${input.campaignId}?fields=id,name,account_id,daily_budget,lifetime_budget`,
      undefined,
      input.signal,
    );
    if (typeof campaign.account_id !== 'string') {
      throw malformedAnswer(PLATFORM, 200, 'the campaign has no account_id');
    }
    const account = await call(
      'GET',
      `${cfg.graphUrl}/act_${campaign.account_id}?fields=currency`,
      undefined,
      input.signal,
    );
    const currency = typeof account.currency === 'string' ? account.currency.toUpperCase() : '';
    if (!currency) throw malformedAnswer(PLATFORM, 200, 'the ad account has no currency');
    const daily = Number(campaign.daily_budget ?? 0);
    if (!Number.isSafeInteger(daily) || daily <= 0) {
      const lifetime = Number(campaign.lifetime_budget ?? 0) > 0;
      throw new OmnifyError(
        'OMNIFY_ERR_CONFLICT',
        lifetime
          ? `Campaign ${input.campaignId} has a lifetime budget, not a daily one.`
          : `Campaign ${input.campaignId} has no campaign budget; its budgets are set on its ad sets.`,
        { platformCode: lifetime ? 'lifetime_budget' : 'adset_budgets' },
      );
    }
    return { daily, currency };
  }

  return {
    platform: 'meta',

    fetchDailyInsights(input: FetchInsightsInput): AsyncIterable<AdInsightsRecord> {
      const accountId = checkFetchInput(input, canonicalMetaAccountId, ACCOUNT_HINT);
      return pages(accountId, metaInsightsUrl(cfg, accountId, input.since, input.until), input.signal);
    },

    async getAccountTimeZone(input) {
      const accountId = checkAccountId(input.accountId, canonicalMetaAccountId, ACCOUNT_HINT);
      const account = await call(
        'GET',
        `${cfg.graphUrl}/act_${accountId}?fields=timezone_name`,
        undefined,
        input.signal,
      );
      const name = account.timezone_name;
      return typeof name === 'string' ? resolveTimeZone(name) : null;
    },

    async getCampaignDailyBudget(input: GetCampaignBudgetInput): Promise<CampaignBudget> {
      const { daily, currency } = await readBudget(input);
      return { campaignId: input.campaignId, dailyBudgetMinor: metaBudgetToMinor(daily, currency), currency };
    },

    async setCampaignDailyBudget(input) {
      checkBudgetInput(input);
      const { daily, currency } = await readBudget(input);
      if (currency !== input.currency) throw currencyMismatch(input.currency, currency);
      const target = minorToMetaBudget(input.dailyBudgetMinor, currency);
      if (target.value <= 0) {
        throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The budget rounds to zero in Meta budget units.', {
          fields: [{ path: '/dailyBudgetMinor', message: `too small for ${currency} budgets on Meta` }],
        });
      }
      const res = await call(
        'POST',
        `${cfg.graphUrl}/${input.campaignId}`,
        { daily_budget: target.value },
        input.signal,
      );
      if (res.success !== true)
        throw malformedAnswer(PLATFORM, 200, 'the budget update did not answer success: true');
      return {
        previousDailyBudgetMinor: metaBudgetToMinor(daily, currency),
        dailyBudgetMinor: target.appliedMinor,
      };
    },

    async setAdStatus(input) {
      checkAdId(input.adId);
      const ad = (await call(
        'GET',
        `${cfg.graphUrl}/${input.adId}?fields=status`,
        undefined,
        input.signal,
      )) as {
        status?: string;
      };
      const res = await call(
        'POST',
        `${cfg.graphUrl}/${input.adId}`,
        { status: input.status === 'paused' ? 'PAUSED' : 'ACTIVE' },
        input.signal,
      );
      if (res.success !== true)
        throw malformedAnswer(PLATFORM, 200, 'the status update did not answer success: true');
      const before = ad.status === 'PAUSED' ? 'paused' : ad.status === 'ACTIVE' ? 'active' : undefined;
      return before ? { previousStatus: before } : {};
    },
  };
}
