import type { Database } from '../../../kernel/db/database.ts';
import { removeActionSegmentMembers } from '../../contacts/contacts.service.ts';
import type { PlatformGateway } from './actions.ts';

/**
 * Undoes an action: removes the segment members it added, or restores each ad status and campaign
 * budget it changed (on the platform first when it went there: absolute values, safe to repeat),
 * then marks it `rolled_back` and its insight `acknowledged`. `a` is the action's row; used by the
 * `insight-action` job (action.job.ts) for a queued rollback.
 */
export async function rollback(db: Database, gw: PlatformGateway, a: any): Promise<void> {
  const onPlatform = a.target === 'platform';
  if (a.kind === 'pause_ad' && a.before?.adId) {
    const ad = await db.query<any>(
      `SELECT a.external_id, s.external_id AS set_external_id, c.account_id
       FROM ads a JOIN ad_sets s ON s.id = a.ad_set_id JOIN ad_campaigns c ON c.id = a.campaign_id WHERE a.id = $1`,
      [a.before.adId],
    );
    const row = ad.rows[0];
    if (row && onPlatform) {
      await gw.setAdStatus(db, row.account_id, {
        adExternalId: row.external_id,
        adSetExternalId: row.set_external_id,
        status: a.before.status,
      });
    }
    await db.query('UPDATE ads SET status = $2 WHERE id = $1', [a.before.adId, a.before.status]);
  } else if (a.kind === 'set_campaign_budgets') {
    for (const c of (a.before?.campaigns ?? []) as {
      campaignId: string;
      dailyBudgetMinor: number | null;
    }[]) {
      const camp = await db.query<{ account_id: string; external_id: string }>(
        'SELECT account_id, external_id FROM ad_campaigns WHERE id = $1',
        [c.campaignId],
      );
      const row = camp.rows[0];
      if (onPlatform && row && c.dailyBudgetMinor !== null) {
        await gw.setBudget(db, row.account_id, {
          campaignExternalId: row.external_id,
          dailyBudgetMinor: c.dailyBudgetMinor,
          currency: a.before.currency,
        });
      }
      await db.query('UPDATE ad_campaigns SET daily_budget_minor = $2 WHERE id = $1', [
        c.campaignId,
        c.dailyBudgetMinor,
      ]);
    }
  }
  await db.transaction(async (tx) => {
    if (a.kind === 'add_to_segment') await removeActionSegmentMembers(tx, a.id);
    await tx.query(
      `UPDATE insight_actions SET status = 'rolled_back', state = 'succeeded', error = NULL, rolled_back_at = now()
       WHERE id = $1`,
      [a.id],
    );
    await tx.query(`UPDATE insights SET status = 'acknowledged', updated_at = now() WHERE id = $1`, [
      a.insight_id,
    ]);
  });
}
