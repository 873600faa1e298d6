import { createInsightsConnector } from '../../../integrations/ad-connector-registry.ts';
import type { AdInsightsConnector } from '../../../integrations/contract/ad-connector.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import type { HttpClient } from '../../../kernel/http-client/client.ts';
import type { PlatformGateway } from './actions.ts';

/** The connector of an ad account and its platform id, or null for accounts without one (CSV data). */
async function connectorOf(
  q: Queryable,
  secrets: SecretBox,
  accountId: string,
  http?: HttpClient,
): Promise<{ connector: AdInsightsConnector; externalId: string } | null> {
  const r = await q.query<{ external_id: string; connector: { platform: string; config: unknown } | null }>(
    'SELECT external_id, connector FROM ad_accounts WHERE id = $1',
    [accountId],
  );
  const account = r.rows[0];
  if (!account?.connector) return null;
  const stored = secrets.open<{ platform: string; config: unknown }>(
    account.connector,
    'ad_accounts',
    'connector',
    accountId,
  );
  return {
    connector: createInsightsConnector(stored.platform, stored.config, { http }),
    externalId: account.external_id,
  };
}

/**
 * The {@link PlatformGateway} of a running Omnify: for an ad account with a stored connector config
 * (`ad_accounts.connector` = `{ platform, config }`), calls the platform's budget or ad-status API
 * through the connector and returns what was there before; for accounts without one (CSV imports),
 * returns null so the change is only recorded. `secrets` opens the sealed connector config. Platform errors propagate as OmnifyErrors (502/429),
 * aborting the apply or rollback. Calls go through `http` (the outbound client; default: private
 * addresses refused).
 */
export function platformGateway(secrets: SecretBox, http?: HttpClient): PlatformGateway {
  return {
    async setBudget(q, accountId, change) {
      const c = await connectorOf(q, secrets, accountId, http);
      if (!c) return null;
      const res = await c.connector.setCampaignDailyBudget({
        campaignId: change.campaignExternalId,
        dailyBudgetMinor: change.dailyBudgetMinor,
        currency: change.currency,
        accountId: c.externalId,
      });
      return { previousDailyBudgetMinor: res.previousDailyBudgetMinor };
    },
    async getBudget(q, accountId, campaignExternalId) {
      const c = await connectorOf(q, secrets, accountId, http);
      if (!c?.connector.getCampaignDailyBudget) return null;
      const got = await c.connector.getCampaignDailyBudget({
        campaignId: campaignExternalId,
        accountId: c.externalId,
      });
      return got.dailyBudgetMinor;
    },
    async setAdStatus(q, accountId, change) {
      const c = await connectorOf(q, secrets, accountId, http);
      if (!c) return null;
      return c.connector.setAdStatus({
        adId: change.adExternalId,
        adSetId: change.adSetExternalId,
        accountId: c.externalId,
        status: change.status,
      });
    },
  };
}
