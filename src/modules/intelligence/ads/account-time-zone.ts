/**
 * An ad account's reporting time zone, learned from the platform by the sync job. Meta and Google Ads
 * cut their days in the account's own zone, so an account that follows its workspace's zone (null
 * `ad_accounts.time_zone`) while the platform reports in another has every day shifted by one.
 * The first sync of such an account asks the connector (`getAccountTimeZone`) and stores the answer —
 * only while the account has no zone, so a zone a user set by hand is never overwritten.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { AdInsightsConnector } from '../../../integrations/contract/ad-connector.ts';
import type { CalendarDay } from '../../../kernel/dates/calendar-day.ts';
import type { TimeZone } from '../../../kernel/dates/time-zone.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { adAccounts, adSyncRuns } from '../intelligence.schema.ts';
import { syncRange } from './sync-range.ts';

/** The days a sync request named; the ones left out were defaults ("yesterday" in the zone then known). */
export interface RequestedDays {
  since?: CalendarDay;
  until?: CalendarDay;
}

/** The account and sync run the zone is learned for. */
export interface ZoneLookup {
  workspaceId: string;
  /** `ad_accounts.id`. */
  accountId: string;
  /** The platform's account id (Meta ad account, Google Ads customer). */
  externalId: string;
  syncId: string;
  /** The days the request named; undefined for a sync whose job predates this (its days are kept). */
  requested?: RequestedDays;
}

/**
 * Asks `connector` for the account's time zone (outside any transaction) and, when it names one,
 * stores it where the account still has none. Then, in the same transaction, when the account now
 * has a zone (this one, or one a user or another sync stored meanwhile) and `lookup.requested` is
 * known, the sync run's defaulted days are computed again in that zone at `now` ({@link syncRange})
 * and written to the run. Returns the run's days to fetch: the new ones, or null to keep the run's
 * (nothing learned, or the recomputed range would be refused).
 *
 * Never throws for the platform: a connector without the method, a failed call (logged as a warning
 * with the error code and the platform's code only, no message, so no secret) or a null answer
 * records nothing and the sync goes on in the zone it had. Safe to run twice: the store is
 * conditional on `time_zone IS NULL` and the days are written with it in one transaction.
 */
export async function learnAccountTimeZone(
  deps: { db: Database; log: { warn(obj: object, msg: string): void } },
  connector: AdInsightsConnector,
  lookup: ZoneLookup,
  now: Date,
): Promise<{ since: CalendarDay; until: CalendarDay } | null> {
  if (!connector.getAccountTimeZone) return null;
  let zone: TimeZone | null;
  try {
    zone = await connector.getAccountTimeZone({ accountId: lookup.externalId });
  } catch (e) {
    deps.log.warn(
      {
        syncId: lookup.syncId,
        accountId: lookup.accountId,
        code: isOmnifyError(e) ? e.code : 'unexpected',
        platformCode: isOmnifyError(e) ? e.details.platformCode : undefined,
      },
      "ad account time zone lookup failed; the sync keeps the workspace's zone",
    );
    return null;
  }
  if (!zone) return null;
  return deps.db.transaction(async (tx) => {
    const ws = scoped(tx, lookup.workspaceId);
    await ws.db
      .update(adAccounts)
      .set({ timeZone: zone })
      .where(ws.where(adAccounts, and(eq(adAccounts.id, lookup.accountId), isNull(adAccounts.timeZone))));
    const [account] = await ws.db
      .select({ timeZone: adAccounts.timeZone })
      .from(adAccounts)
      .where(ws.where(adAccounts, eq(adAccounts.id, lookup.accountId)));
    const inForce = account?.timeZone;
    if (!inForce || !lookup.requested) return null;
    let days: { since: CalendarDay; until: CalendarDay };
    try {
      days = syncRange(lookup.requested, inForce, now);
    } catch {
      return null; // e.g. a named `since` now a day past the longest range: keep the accepted days
    }
    await ws.db
      .update(adSyncRuns)
      .set({ since: days.since, until: days.until })
      .where(ws.where(adSyncRuns, eq(adSyncRuns.id, lookup.syncId)));
    return days;
  });
}
