import type { AdInsightsRecord } from '../../integrations/contract/ad-connector.ts';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { Database, Queryable } from '../../kernel/db/database.ts';
import type { JobQueue } from '../../kernel/queue/queue.ts';
import { hasNonDemoContacts, markDemoContacts } from '../contacts/contacts.service.ts';
import { workspaceTimeZone } from '../workspaces/workspaces.service.ts';
import { storeAdRecords } from './ads/ads.repository.ts';
import { demoEndDate, generateAdDemo } from './demo/ad-demo.ts';
import { generateCustomerDemo } from './demo/customer-demo.ts';
import { storeOrders } from './orders/orders.repository.ts';
import { MODEL_NAMES, requestRun } from './runs/runs.repository.ts';

/** What {@link loadDemoData} stored. */
export interface DemoLoad {
  orders: number;
  customers: number;
  adRows: number;
  campaigns: number;
  runId: string;
}

/** Weeks of demo order history (the simulated window ends yesterday). */
const DEMO_WEEKS = 78;

/**
 * Loads the generated demo data (src/modules/intelligence/demo; our own simulation with known parameters)
 * into a workspace so every model, insight and chart can be tried through the API: 2,000 customers
 * with fictional names, example.com e-mails and 555 phone numbers and their orders over the last 78
 * weeks, and a demo ad account (platform `demo`) with 120 days of daily metrics ending on the last Saturday before today
 * (today in the workspace's time zone) and
 * the campaigns' daily budgets. Then queues a full model run. Idempotent: loading twice with the
 * same seed in the same week stores nothing new (orders and ad days are keyed).
 */
export async function loadDemoData(
  deps: { db: Database; queue: JobQueue },
  workspaceId: string,
  seed = 42,
  now = new Date(),
): Promise<DemoLoad> {
  // The window ends on the anchored weekday (at most 6 days ago) so the data, and what the models
  // find in it, are the same whichever day the demo is loaded.
  const yesterday = demoEndDate(now, await workspaceTimeZone(deps.db, workspaceId));
  const customers = generateCustomerDemo({
    seed,
    start: addDays(yesterday, -DEMO_WEEKS * 7 + 1),
    weeks: DEMO_WEEKS,
  });
  const ads = generateAdDemo({ seed, endDate: yesterday });
  const contact = new Map(customers.contacts.map((c) => [c.customerId, c]));
  const records: AdInsightsRecord[] = ads.campaigns.flatMap((c) =>
    c.adSets.flatMap((s) =>
      s.ads.flatMap((a) =>
        a.series.points.map((p) => ({
          accountExternalId: ads.account.externalId,
          accountName: ads.account.name,
          campaignExternalId: c.externalId,
          campaignName: c.name,
          adSetExternalId: s.externalId,
          adSetName: s.name,
          adExternalId: a.externalId,
          adName: a.name,
          currency: ads.account.currency,
          ...p,
        })),
      ),
    ),
  );
  return deps.db.transaction(async (tx) => {
    const stored = await storeOrders(
      tx,
      workspaceId,
      customers.orders.map((o) => {
        const c = contact.get(o.customerId)!;
        return {
          customer: {
            customerId: o.customerId,
            email: c.email,
            phone: c.phoneE164 ?? undefined,
            name: c.name,
          },
          date: o.date,
          amountMinor: o.amountMinor,
          currency: o.currency,
          orderId: o.orderId,
        };
      }),
    );
    // Marked so a later load can tell demo customers from real ones (hasRealContacts).
    await markDemoContacts(
      tx,
      workspaceId,
      customers.contacts.map((c) => c.customerId),
    );
    await storeAdRecords(tx, workspaceId, { platform: 'demo' }, records);
    for (const c of ads.campaigns) {
      await tx.query(
        `UPDATE ad_campaigns SET daily_budget_minor = $3 WHERE workspace_id = $1 AND external_id = $2
           AND account_id IN (SELECT id FROM ad_accounts WHERE workspace_id = $1 AND platform = 'demo')`,
        [workspaceId, c.externalId, c.dailyBudgetMinor],
      );
    }
    const runId = await requestRun(deps.queue, deps.db, workspaceId, MODEL_NAMES, 'demo data loaded', tx);
    return {
      orders: stored.filter((s) => !s.duplicate).length,
      customers: customers.contacts.length,
      adRows: records.length,
      campaigns: ads.campaigns.length,
      runId,
    };
  });
}

/**
 * True when the workspace holds a contact the demo did not create (from a webhook, an order or an
 * import): the demo then refuses to mix fictional customers into real data.
 */
export async function hasRealContacts(db: Queryable, workspaceId: string): Promise<boolean> {
  return hasNonDemoContacts(db, workspaceId);
}
