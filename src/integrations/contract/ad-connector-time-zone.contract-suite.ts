import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/errors.ts';
import type { ProgrammedResponse, RecordedRequest, RecordingServer } from '../../testing/http-recorder.ts';
import type { AdInsightsConnector } from './ad-connector.ts';

/** What a connector with `getAccountTimeZone` supplies to the contract (answers in the platform's shapes). */
export interface TimeZoneContractInput {
  /** The platform's answer naming the account's zone. */
  answer: ProgrammedResponse;
  /** The IANA name that answer must resolve to. */
  zone: string;
  /** An answer naming a zone that is no IANA name (the connector must say null, not guess). */
  unknownZoneAnswer: ProgrammedResponse;
  /** An answer without any zone (the field absent). */
  noZoneAnswer: ProgrammedResponse;
  /** Checks the exact request of the read (path, query or body, headers). */
  assertRequest(req: RecordedRequest): void;
}

/** What the shared insights contract hands over: its fake API, connectors and platform errors. */
export interface TimeZoneContractContext {
  api: RecordingServer;
  /** The connector under test (built once the fake API listens). */
  connector(): AdInsightsConnector;
  /** Whether the platform's connector has `getAccountTimeZone` (decided when the suite is defined). */
  present: boolean;
  accountId: string;
  timeZone?: TimeZoneContractInput;
  errors: { serverError: ProgrammedResponse; rejected: ProgrammedResponse & { platformCode: string } };
}

/**
 * The contract of the optional `AdInsightsConnector.getAccountTimeZone`, run inside
 * `defineInsightsConnectorContract` only when the connector has the method (which then must give
 * its answers): one request of the documented shape, the IANA name as `resolveTimeZone` spells it,
 * null for an unknown or absent zone, the account id checked before any request, and the platform
 * errors classified as the other calls classify them.
 */
export function defineAccountTimeZoneContract(ctx: TimeZoneContractContext): void {
  describe.runIf(ctx.present)('account time zone', () => {
    const read = (accountId = ctx.accountId, signal?: AbortSignal) =>
      ctx.connector().getAccountTimeZone!({ accountId, signal });
    const tz = () => {
      expect(ctx.timeZone, 'a connector with getAccountTimeZone gives its answers').toBeDefined();
      return ctx.timeZone!;
    };

    it("reads the account's IANA time zone in one documented request", async () => {
      const before = ctx.api.requests.length;
      ctx.api.enqueue(tz().answer);
      expect(await read()).toBe(tz().zone);
      expect(ctx.api.requests.length).toBe(before + 1);
      tz().assertRequest(ctx.api.requests.at(-1)!);
    });

    it('answers null for a zone that is no IANA name or for none at all, never a guess', async () => {
      ctx.api.enqueue(tz().unknownZoneAnswer, tz().noZoneAnswer);
      expect(await read()).toBeNull();
      expect(await read()).toBeNull();
    });

    it('refuses a malformed account id before calling the platform', async () => {
      const before = ctx.api.requests.length;
      const err = await rejectionOf(read('not an id'));
      expect(err.code).toBe('OMNIFY_ERR_VALIDATION');
      expect(err.details.fields?.[0]?.path).toBe('/accountId');
      expect(ctx.api.requests.length).toBe(before);
    });

    it('classifies platform failures as the other calls do', async () => {
      ctx.api.enqueue(ctx.errors.serverError);
      expect((await rejectionOf(read())).code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
      ctx.api.enqueue(ctx.errors.rejected);
      const rejected = await rejectionOf(read());
      expect([rejected.code, rejected.details.platformCode]).toEqual([
        'OMNIFY_ERR_PLATFORM_REJECTED',
        ctx.errors.rejected.platformCode,
      ]);
    });

    it("stops with the caller's abort reason", async () => {
      const ctl = new AbortController();
      ctl.abort();
      await expect(read(ctx.accountId, ctl.signal)).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
}
