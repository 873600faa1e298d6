import type { Queryable } from '../../db/database.ts';
import { createInsightsConnector } from '../ads/connectors/registry.ts';
import type { BudgetSetter } from './actions.ts';

/**
 * The {@link BudgetSetter} of a running Omnify: for an ad account with a stored connector config
 * (`ad_accounts.connector` = `{ platform, config }`), calls the platform's budget API through the
 * connector and returns the previous budget; for accounts without one (CSV imports), returns null so
 * the change is only recorded. Platform errors propagate as OmnifyErrors (502/429), aborting the apply.
 */
export function budgetSetterFor(): BudgetSetter {
  return async (q: Queryable, accountId, change) => {
    const r = await q.query<{
      external_id: string;
      connector: { platform: string; config: unknown } | null;
    }>('SELECT external_id, connector FROM ad_accounts WHERE id = $1', [accountId]);
    const account = r.rows[0];
    if (!account?.connector) return null;
    const connector = createInsightsConnector(account.connector.platform, account.connector.config);
    const res = await connector.setCampaignDailyBudget({
      campaignId: change.campaignExternalId,
      dailyBudgetMinor: change.dailyBudgetMinor,
      currency: change.currency,
      accountId: account.external_id,
    });
    return { previousDailyBudgetMinor: res.previousDailyBudgetMinor };
  };
}
