import { resolveTimeZone } from '../../kernel/dates/time-zone.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type HttpClient, type HttpResponse, outboundHttp } from '../../kernel/http-client/client.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import { microsToMinor, minorToMicros } from '../../kernel/money/convert.ts';
import type {
  AdInsightsConnector,
  AdInsightsRecord,
  CampaignBudget,
  GetCampaignBudgetInput,
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
import { createAccessTokenSource } from './google-ads.auth.ts';
import {
  canonicalCustomerId,
  type GoogleAdsInsightsConfig,
  googleAdsConfigProblems,
  resolveGoogleAdsConfig,
} from './google-ads.config.ts';
import { classifyGoogleAdsError } from './google-ads.errors.ts';
import {
  type GoogleAdsRow,
  normalizeGoogleAdsRow,
  type SearchGoogleAdsStreamResponse,
} from './google-ads.normalize.ts';
import {
  GOOGLE_ADS_TIME_ZONE_QUERY,
  googleAdsBudgetQuery,
  googleAdsInsightsQuery,
} from './google-ads.query.ts';

const PLATFORM = 'Google Ads API';
const CUSTOMER_HINT = 'must be a Google Ads customer id: 10 digits, dashes allowed';

/**
 * A connector to the Google Ads API REST interface for one developer token and OAuth credentials.
 *
 * - `fetchDailyInsights`: `POST {api}/customers/{id}/googleAds:searchStream` with `{query}` (the GAQL
 *   of `googleAdsInsightsQuery`); the answer is a JSON array of batches `{results, fieldMask,
 *   requestId}` read in order (an `{error}` element mid-stream is raised as the classified error).
 * - `getCampaignDailyBudget`: the same stream with `googleAdsBudgetQuery`.
 * - `setCampaignDailyBudget`: reads the budget (for rollback) then `POST {api}/customers/{id}/
 *   campaignBudgets:mutate` with `{operations:[{update:{resourceName, amountMicros}, updateMask:
 *   'amount_micros'}]}`.
 * - `getAccountTimeZone`: the same stream with `GOOGLE_ADS_TIME_ZONE_QUERY` (`customer.timeZone` of
 *   the first row).
 *
 * Headers: `Authorization: Bearer`, `developer-token`, and `login-customer-id` when configured. A 401
 * with refresh-token credentials is retried once with a fresh token. Errors: see `AdInsightsConnector`;
 * `OMNIFY_ERR_CONFLICT` for a shared or non-daily budget; `OMNIFY_ERR_PLATFORM_REJECTED` with
 * `platformCode: 'campaign_not_found'` when the campaign does not exist in that customer.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the config has neither an access token nor
 *   complete refresh-token credentials.
 */
export function createGoogleAdsInsightsConnector(
  config: GoogleAdsInsightsConfig,
  http: HttpClient = outboundHttp({ allowPrivateUrls: false }),
): AdInsightsConnector {
  const problems = googleAdsConfigProblems(config);
  if (problems.length > 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The Google Ads config has no usable credentials.', {
      fields: problems,
    });
  }
  const cfg = resolveGoogleAdsConfig(config);
  const tokens = createAccessTokenSource(config, cfg.tokenUrl, cfg.timeoutMs, http);

  const post = async (path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse> => {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get(signal);
      const res = await http.request({
        method: 'POST',
        url: `${cfg.apiUrl}/${path}`,
        body,
        secrets: [token, cfg.developerToken],
        label: PLATFORM,
        headers: {
          authorization: `Bearer ${token}`,
          'developer-token': cfg.developerToken,
          ...(cfg.loginCustomerId ? { 'login-customer-id': cfg.loginCustomerId } : {}),
        },
        timeoutMs: cfg.timeoutMs,
        signal,
      });
      if (res.status === 401 && tokens.refreshable && attempt === 0) {
        tokens.invalidate();
        continue;
      }
      if (res.status < 200 || res.status >= 300)
        throw classifyGoogleAdsError(res.status, res.json, res.headers);
      return res;
    }
  };

  async function* stream(
    customerId: string,
    query: string,
    signal?: AbortSignal,
  ): AsyncGenerator<GoogleAdsRow> {
    const res = await post(`customers/${customerId}/googleAds:searchStream`, { query }, signal);
    if (!Array.isArray(res.json))
      throw malformedAnswer(PLATFORM, res.status, 'the search stream is not a JSON array');
    for (const batch of res.json as SearchGoogleAdsStreamResponse[]) {
      if (batch?.error) throw classifyGoogleAdsError(batch.error.code ?? 500, [batch], res.headers);
      for (const row of batch?.results ?? []) yield row;
    }
  }

  async function* records(
    customerId: string,
    query: string,
    signal?: AbortSignal,
  ): AsyncGenerator<AdInsightsRecord> {
    for await (const row of stream(customerId, query, signal)) yield normalizeGoogleAdsRow(row);
  }

  const customerFor = (accountId: string | undefined): string => {
    const id = accountId !== undefined ? canonicalCustomerId(accountId.trim()) : cfg.customerId;
    if (!id) {
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Google Ads budget calls need the customer id.', {
        fields: [{ path: '/accountId', message: `${CUSTOMER_HINT} (or set customerId in the config)` }],
      });
    }
    return id;
  };

  async function readBudget(input: GetCampaignBudgetInput) {
    checkCampaignId(input.campaignId);
    const customerId = customerFor(input.accountId);
    const rows: GoogleAdsRow[] = [];
    for await (const row of stream(customerId, googleAdsBudgetQuery(input.campaignId), input.signal))
      rows.push(row);
    const row = rows[0];
    if (!row) {
      throw new OmnifyError(
        'OMNIFY_ERR_PLATFORM_REJECTED',
        `Campaign ${input.campaignId} was not found in customer ${customerId}.`,
        { platformCode: 'campaign_not_found', platformMessage: 'the budget query returned no row' },
      );
    }
    const b = row.campaignBudget;
    const currency = row.customer?.currencyCode?.toUpperCase();
    if (!b?.resourceName || !currency) {
      throw malformedAnswer(PLATFORM, 200, 'the budget row has no campaignBudget.resourceName or currency');
    }
    if (b.explicitlyShared === true) {
      throw new OmnifyError(
        'OMNIFY_ERR_CONFLICT',
        `Campaign ${input.campaignId} uses a shared budget; changing it would change other campaigns too.`,
        { platformCode: 'shared_budget' },
      );
    }
    if (b.period !== undefined && b.period !== 'DAILY') {
      throw new OmnifyError(
        'OMNIFY_ERR_CONFLICT',
        `Campaign ${input.campaignId} has a ${b.period} budget, not a daily one.`,
        {
          platformCode: 'non_daily_budget',
        },
      );
    }
    return { customerId, resourceName: b.resourceName, amountMicros: b.amountMicros ?? '0', currency };
  }

  return {
    platform: 'google_ads',

    fetchDailyInsights(input) {
      const customerId = checkFetchInput(input, canonicalCustomerId, CUSTOMER_HINT);
      return records(customerId, googleAdsInsightsQuery(cfg.level, input.since, input.until), input.signal);
    },

    async getAccountTimeZone(input) {
      const customerId = checkAccountId(input.accountId, canonicalCustomerId, CUSTOMER_HINT);
      for await (const row of stream(customerId, GOOGLE_ADS_TIME_ZONE_QUERY, input.signal)) {
        const name = row.customer?.timeZone;
        return typeof name === 'string' ? resolveTimeZone(name) : null;
      }
      return null;
    },

    async getCampaignDailyBudget(input): Promise<CampaignBudget> {
      const b = await readBudget(input);
      return {
        campaignId: input.campaignId,
        dailyBudgetMinor: microsToMinor(b.amountMicros, b.currency),
        currency: b.currency,
      };
    },

    async setCampaignDailyBudget(input) {
      checkBudgetInput(input);
      const b = await readBudget(input);
      if (b.currency !== input.currency) throw currencyMismatch(input.currency, b.currency);
      const amountMicros = minorToMicros(input.dailyBudgetMinor, b.currency);
      const res = await post(
        `customers/${b.customerId}/campaignBudgets:mutate`,
        {
          operations: [
            { update: { resourceName: b.resourceName, amountMicros }, updateMask: 'amount_micros' },
          ],
        },
        input.signal,
      );
      if (field(res.json, 'results', 0, 'resourceName') !== b.resourceName) {
        throw malformedAnswer(PLATFORM, res.status, 'the mutate answer does not name the updated budget');
      }
      return {
        previousDailyBudgetMinor: microsToMinor(b.amountMicros, b.currency),
        dailyBudgetMinor: input.dailyBudgetMinor,
      };
    },

    async setAdStatus(input) {
      checkAdId(input.adId);
      checkAdId(input.adSetId, '/adSetId');
      const customerId = customerFor(input.accountId);
      const resourceName = `customers/${customerId}/adGroupAds/${input.adSetId}~${input.adId}`;
      const res = await post(
        `customers/${customerId}/adGroupAds:mutate`,
        {
          operations: [
            {
              update: { resourceName, status: input.status === 'paused' ? 'PAUSED' : 'ENABLED' },
              updateMask: 'status',
            },
          ],
        },
        input.signal,
      );
      if (field(res.json, 'results', 0, 'resourceName') !== resourceName) {
        throw malformedAnswer(PLATFORM, res.status, 'the mutate answer does not name the updated ad');
      }
      return {};
    },
  };
}
