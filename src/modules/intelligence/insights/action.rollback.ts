import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { removeActionSegmentMembers } from '../../contacts/contacts.service.ts';
import { adCampaigns, adSets, ads, insightActions, insights } from '../intelligence.schema.ts';
import type { ActionRow, PlatformGateway } from './actions.ts';

/** What an applied action recorded before changing anything (the shapes summarize() writes). */
interface Before {
  adId?: string;
  status?: 'active' | 'paused';
  currency?: string;
  campaigns?: { campaignId: string; dailyBudgetMinor: number | null }[];
}

/**
 * Undoes an action: removes the segment members it added, or restores each ad status and campaign
 * budget it changed (on the platform first when it went there: absolute values, safe to repeat),
 * then marks it `rolled_back` and its insight `acknowledged`. `a` is the action's row; used by the
 * `insight-action` job (action.job.ts) for a queued rollback.
 */
export async function rollback(db: Database, gw: PlatformGateway, a: ActionRow): Promise<void> {
  const onPlatform = a.target === 'platform';
  const before = (a.before ?? {}) as Before;
  const s = scoped(db, a.workspaceId);
  if (a.kind === 'pause_ad' && before.adId) {
    const [row] = await s.db
      .select({
        externalId: ads.externalId,
        setExternalId: adSets.externalId,
        accountId: adCampaigns.accountId,
      })
      .from(ads)
      .innerJoin(adSets, eq(adSets.id, ads.adSetId))
      .innerJoin(adCampaigns, eq(adCampaigns.id, ads.campaignId))
      .where(s.where(ads, eq(ads.id, before.adId)));
    if (row && onPlatform) {
      await gw.setAdStatus(db, row.accountId, {
        adExternalId: row.externalId,
        adSetExternalId: row.setExternalId,
        status: before.status!,
      });
    }
    await s.db
      .update(ads)
      .set({ status: before.status! })
      .where(s.where(ads, eq(ads.id, before.adId)));
  } else if (a.kind === 'set_campaign_budgets') {
    for (const c of before.campaigns ?? []) {
      const [row] = await s.db
        .select({ accountId: adCampaigns.accountId, externalId: adCampaigns.externalId })
        .from(adCampaigns)
        .where(s.where(adCampaigns, eq(adCampaigns.id, c.campaignId)));
      if (onPlatform && row && c.dailyBudgetMinor !== null) {
        await gw.setBudget(db, row.accountId, {
          campaignExternalId: row.externalId,
          dailyBudgetMinor: c.dailyBudgetMinor,
          currency: before.currency!,
        });
      }
      await s.db
        .update(adCampaigns)
        .set({ dailyBudgetMinor: c.dailyBudgetMinor })
        .where(s.where(adCampaigns, eq(adCampaigns.id, c.campaignId)));
    }
  }
  await db.transaction(async (tx) => {
    if (a.kind === 'add_to_segment') await removeActionSegmentMembers(tx, a.id);
    const t = scoped(tx, a.workspaceId);
    await t.db
      .update(insightActions)
      .set({ status: 'rolled_back', state: 'succeeded', error: null, rolledBackAt: sql`now()` })
      .where(t.where(insightActions, eq(insightActions.id, a.id)));
    await t.db
      .update(insights)
      .set({ status: 'acknowledged', updatedAt: sql`now()` })
      .where(t.where(insights, eq(insights.id, a.insightId)));
  });
}
