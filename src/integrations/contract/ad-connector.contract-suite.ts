import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import {
  type ProgrammedResponse,
  type RecordedRequest,
  RecordingServer,
} from '../../testing/http-recorder.ts';
import { createInsightsConnector, insightsConnectorSpec } from '../ad-connector-registry.ts';
import { type AdInsightsConnector, type AdPlatform, collectInsights } from './ad-connector.ts';
import {
  defineAccountTimeZoneContract,
  type TimeZoneContractInput,
} from './ad-connector-time-zone.contract-suite.ts';

/** The fake APIs listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

/** Totals a fixture set must normalize to (hand-computed in fixtures/SOURCE.md). */
export interface ExpectedTotals {
  rows: number;
  impressions: number;
  clicks: number;
  spendMinor: number;
  conversions: number;
  revenueMinor: number;
  currency: string;
  accountExternalId: string;
}

/** What each connector's test file supplies to `defineInsightsConnectorContract`. */
export interface InsightsContractInput {
  platform: AdPlatform;
  /** A valid stored config (test secrets); `withApiBaseUrl` points it at the local fake API. */
  config: Record<string, unknown>;
  withApiBaseUrl(config: Record<string, unknown>, baseUrl: string): Record<string, unknown>;
  accountId: string;
  since: string;
  until: string;
  /** The platform's answers, in order, to one complete fetch (pages or one stream). */
  insightsResponses(baseUrl: string): ProgrammedResponse[];
  expected: ExpectedTotals;
  /** Checks the exact requests of that fetch (paths, query, headers, body). */
  assertInsightsRequests(requests: RecordedRequest[], baseUrl: string): void;
  /** Platform-shaped failures of the first insights request. */
  errors: {
    serverError: ProgrammedResponse;
    rejected: ProgrammedResponse & { platformCode: string };
    rateLimited: ProgrammedResponse & { retryAfterMs?: number };
  };
  budget: {
    campaignId: string;
    accountId?: string;
    currency: string;
    previousDailyBudgetMinor: number;
    newDailyBudgetMinor: number;
    /** Answers to the reads that precede the change. */
    readResponses(): ProgrammedResponse[];
    /** Answer to the change itself. */
    mutateResponse: ProgrammedResponse;
    /** Checks the exact change request (the last request of `setCampaignDailyBudget`). */
    assertMutateRequest(req: RecordedRequest): void;
  };
  /** The answers of `getAccountTimeZone`; required when the connector has that optional method. */
  timeZone?: TimeZoneContractInput;
}

function sum(records: { [k: string]: unknown }[], key: string): number {
  return records.reduce((s, r) => s + (r[key] as number), 0);
}

/**
 * The one contract every `AdInsightsConnector` passes (the shared-suite pattern of
 * `src/integrations/contract/channel.contract-suite.ts`): registry config and secrets, exact requests and normalized totals
 * against a real local HTTP server answering in the platform's shapes, input validation before any
 * request, error classification (5xx, permanent 4xx, throttling, network, timeout, abort), the
 * budget change with the value returned for rollback, and — when the connector has it — the account
 * time zone read (`ad-connector-time-zone.contract-suite.ts`).
 */
export function defineInsightsConnectorContract(input: InsightsContractInput): void {
  describe(`AdInsightsConnector contract: ${input.platform}`, () => {
    const api = new RecordingServer(() => ({ status: 500, body: { error: 'unexpected request' } }));
    let connector: AdInsightsConnector;
    const make = (extra: Record<string, unknown> = {}) =>
      createInsightsConnector(
        input.platform,
        { ...input.withApiBaseUrl(input.config, api.baseUrl), ...extra },
        { http },
      );
    const fetchAll = (c = connector) =>
      collectInsights(
        c.fetchDailyInsights({ accountId: input.accountId, since: input.since, until: input.until }),
      );
    beforeAll(async () => {
      await api.start();
      connector = make();
    });
    afterAll(() => api.stop());

    defineAccountTimeZoneContract({
      api,
      connector: () => connector,
      // Building a connector makes no request: the method's presence is known when the suite is defined.
      present:
        typeof createInsightsConnector(
          input.platform,
          input.withApiBaseUrl(input.config, 'http://127.0.0.1:9'),
          { http },
        ).getAccountTimeZone === 'function',
      accountId: input.accountId,
      timeZone: input.timeZone,
      errors: input.errors,
    });

    it('is registered with a config schema and secret fields, and refuses an empty config', () => {
      const spec = insightsConnectorSpec(input.platform);
      expect(spec.secretFields.length).toBeGreaterThan(0);
      expect(connector.platform).toBe(input.platform);
      const err = thrownBy(() => createInsightsConnector(input.platform, {}));
      expect(err?.code).toBe('OMNIFY_ERR_VALIDATION');
      expect(err?.details.fields?.every((f) => f.path.startsWith('/config'))).toBe(true);
    });

    it('fetches every page or batch and normalizes them to the hand-computed totals', async () => {
      const before = api.requests.length;
      const responses = input.insightsResponses(api.baseUrl);
      api.enqueue(...responses);
      const records = await fetchAll();
      const e = input.expected;
      expect(records).toHaveLength(e.rows);
      expect(sum(records as never, 'impressions')).toBe(e.impressions);
      expect(sum(records as never, 'clicks')).toBe(e.clicks);
      expect(sum(records as never, 'spendMinor')).toBe(e.spendMinor);
      expect(sum(records as never, 'conversions')).toBeCloseTo(e.conversions, 9);
      expect(sum(records as never, 'revenueMinor')).toBe(e.revenueMinor);
      for (const r of records) {
        expect(r.currency).toBe(e.currency);
        expect(r.accountExternalId).toBe(e.accountExternalId);
        expect(r.campaignExternalId).toMatch(/^\d+$/);
        expect(r.date >= input.since && r.date <= input.until).toBe(true);
        for (const k of ['impressions', 'clicks', 'spendMinor', 'revenueMinor'] as const) {
          expect(Number.isSafeInteger(r[k]) && r[k] >= 0, k).toBe(true);
        }
      }
      const made = api.requests.slice(before);
      expect(made).toHaveLength(responses.length);
      input.assertInsightsRequests(made, api.baseUrl);
    });

    it('refuses a bad range or account before calling the platform', () => {
      const before = api.requests.length;
      const bad = [
        { accountId: input.accountId, since: '2026-11-02', until: '2026-11-01' },
        { accountId: input.accountId, since: '2026-02-30', until: '2026-03-01' },
        { accountId: input.accountId, since: '2026-11-01', until: 'yesterday' },
        { accountId: 'not an id', since: input.since, until: input.until },
      ];
      for (const b of bad) {
        const err = thrownBy(() => connector.fetchDailyInsights(b));
        expect(err?.code).toBe('OMNIFY_ERR_VALIDATION');
        expect(err?.details.fields?.length).toBeGreaterThan(0);
      }
      expect(api.requests.length).toBe(before);
    });

    it('classifies a 5xx as transient', async () => {
      api.enqueue(input.errors.serverError);
      const err = await rejectionOf(fetchAll());
      expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
      expect(err.retryable).toBe(true);
    });

    it('classifies a permanent refusal as rejected, with the platform code and message', async () => {
      api.enqueue(input.errors.rejected);
      const err = await rejectionOf(fetchAll());
      expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
      expect(err.retryable).toBe(false);
      expect(err.details.platformCode).toBe(input.errors.rejected.platformCode);
      expect(err.details.platformMessage).toBeTruthy();
    });

    it('classifies throttling as rate limited and keeps the wait the platform names', async () => {
      api.enqueue(input.errors.rateLimited);
      const err = await rejectionOf(fetchAll());
      expect(err.code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
      expect(err.retryable).toBe(true);
      if (input.errors.rateLimited.retryAfterMs !== undefined) {
        expect(err.details.retryAfterMs).toBe(input.errors.rateLimited.retryAfterMs);
      }
    });

    it('classifies a network failure and a timeout as transient', async () => {
      const dead = createInsightsConnector(
        input.platform,
        input.withApiBaseUrl(input.config, 'http://127.0.0.1:9'),
        { http },
      );
      expect((await rejectionOf(fetchAll(dead))).code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
      api.enqueue({ ...input.insightsResponses(api.baseUrl)[0], delayMs: 1_000 });
      const slow = await rejectionOf(fetchAll(make({ timeoutMs: 150 })));
      expect(slow.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    });

    it('refuses a private API address before connecting unless private URLs are allowed', async () => {
      const before = api.requests.length;
      const guarded = createInsightsConnector(
        input.platform,
        input.withApiBaseUrl(input.config, api.baseUrl),
        {
          http: createHttpClient({ allowPrivateUrls: false }),
        },
      );
      const err = await rejectionOf(fetchAll(guarded));
      expect([err.code, err.details.platformCode]).toEqual([
        'OMNIFY_ERR_PLATFORM_REJECTED',
        'private_address',
      ]);
      expect(api.requests.length).toBe(before);
    });

    it("stops with the caller's abort reason, not a platform error", async () => {
      const ctl = new AbortController();
      ctl.abort();
      const records = connector.fetchDailyInsights({
        accountId: input.accountId,
        since: input.since,
        until: input.until,
        signal: ctl.signal,
      });
      await expect(records[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'AbortError' });
    });

    describe('budget', () => {
      const b = input.budget;
      it('sets the daily budget and returns the previous value for rollback', async () => {
        const before = api.requests.length;
        const reads = b.readResponses();
        api.enqueue(...reads, b.mutateResponse);
        const change = await connector.setCampaignDailyBudget({
          campaignId: b.campaignId,
          accountId: b.accountId,
          dailyBudgetMinor: b.newDailyBudgetMinor,
          currency: b.currency,
        });
        expect(change).toEqual({
          previousDailyBudgetMinor: b.previousDailyBudgetMinor,
          dailyBudgetMinor: b.newDailyBudgetMinor,
        });
        expect(api.requests.length).toBe(before + reads.length + 1);
        b.assertMutateRequest(api.requests.at(-1)!);
      });

      it('reads the current daily budget', async () => {
        api.enqueue(...b.readResponses());
        const got = await connector.getCampaignDailyBudget!({
          campaignId: b.campaignId,
          accountId: b.accountId,
        });
        expect(got).toEqual({
          campaignId: b.campaignId,
          dailyBudgetMinor: b.previousDailyBudgetMinor,
          currency: b.currency,
        });
      });

      it('refuses another currency than the account one, without changing anything', async () => {
        const before = api.requests.length;
        const reads = b.readResponses();
        api.enqueue(...reads);
        const other = b.currency === 'EUR' ? 'USD' : 'EUR';
        const err = await rejectionOf(
          connector.setCampaignDailyBudget({
            ...b,
            dailyBudgetMinor: b.newDailyBudgetMinor,
            currency: other,
          }),
        );
        expect(err.code).toBe('OMNIFY_ERR_VALIDATION');
        expect(err.details.fields?.[0]?.path).toBe('/currency');
        expect(api.requests.length).toBe(before + reads.length);
      });

      it('refuses a non-positive or fractional budget before any request', async () => {
        const before = api.requests.length;
        for (const dailyBudgetMinor of [0, -100, 12.5, Number.NaN]) {
          const err = await rejectionOf(connector.setCampaignDailyBudget({ ...b, dailyBudgetMinor }));
          expect(err.code).toBe('OMNIFY_ERR_VALIDATION');
        }
        expect(api.requests.length).toBe(before);
      });
    });
  });
}
