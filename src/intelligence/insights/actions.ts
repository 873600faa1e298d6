import type { Database, Queryable } from '../../db/database.ts';
import { OmnifyError } from '../../errors/catalog.ts';
import type { Recommendation } from './insights.repository.ts';

/**
 * Changes made on the ad platform: each returns what was there before, or null when the ad account
 * has no connector (then the change is only recorded in Omnify for the user to make). `q` is the
 * caller's transaction (reads must go through it: PGlite has one connection).
 */
export interface PlatformGateway {
  setBudget(
    q: Queryable,
    accountId: string,
    change: { campaignExternalId: string; dailyBudgetMinor: number; currency: string },
  ): Promise<{ previousDailyBudgetMinor?: number } | null>;
  setAdStatus(
    q: Queryable,
    accountId: string,
    change: { adExternalId: string; adSetExternalId: string; status: 'active' | 'paused' },
  ): Promise<{ previousStatus?: 'active' | 'paused' } | null>;
}

/** An applied (or rolled back) recommendation: the audit record. */
export interface ActionView {
  id: string;
  insightId: string;
  kind: string;
  status: 'applied' | 'rolled_back';
  /** `omnify`: done inside Omnify (segments); `platform`: the ad platform's API was called; `recorded`: for the user to make. */
  target: 'omnify' | 'platform' | 'recorded';
  before: unknown;
  after: unknown;
  appliedBy: string | null;
  appliedAt: string;
  rolledBackBy: string | null;
  rolledBackAt: string | null;
}

/** Maps an `insight_actions` row. */
export function toActionView(r: any): ActionView {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id,
    insightId: r.insight_id,
    kind: r.kind,
    status: r.status,
    target: r.target,
    before: r.before,
    after: r.after,
    appliedBy: r.applied_by,
    appliedAt: iso(r.applied_at)!,
    rolledBackBy: r.rolled_back_by,
    rolledBackAt: iso(r.rolled_back_at),
  };
}

const conflict = (message: string) => new OmnifyError('OMNIFY_ERR_CONFLICT', message);

/**
 * Applies an insight's recommendation in one transaction and records the auditable action (before,
 * after, who, when); the insight becomes `applied`. Budget changes and ad pauses go to the platform
 * when the ad account has a connector (`platform`; a platform error aborts everything: nothing is
 * recorded), else they are recorded in Omnify for the user to make. Throws NOT_FOUND for an unknown insight and CONFLICT when
 * it has no recommendation or is already applied.
 */
export async function applyInsight(
  db: Database,
  workspaceId: string,
  insightId: string,
  appliedBy: string,
  platform: PlatformGateway | null,
): Promise<ActionView> {
  return db.transaction(async (tx) => {
    const found = await tx.query<{ status: string; recommendation: Recommendation | null }>(
      'SELECT status, recommendation FROM insights WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
      [insightId, workspaceId],
    );
    const insight = found.rows[0];
    if (!insight) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No insight has this id.');
    if (!insight.recommendation) throw conflict('This insight has no recommendation to apply.');
    if (insight.status === 'applied')
      throw conflict('This insight is already applied; roll its action back first.');
    const rec = insight.recommendation;
    const { target, before, after, fill } = await perform(tx, workspaceId, rec, platform);
    const action = await tx.query(
      `INSERT INTO insight_actions (workspace_id, insight_id, kind, status, target, before, after, applied_by)
       VALUES ($1, $2, $3, 'applied', $4, $5::jsonb, $6::jsonb, $7) RETURNING *`,
      [workspaceId, insightId, rec.action, target, JSON.stringify(before), JSON.stringify(after), appliedBy],
    );
    const row = action.rows[0] as any;
    await fill?.(row.id);
    await tx.query(`UPDATE insights SET status = 'applied', updated_at = now() WHERE id = $1`, [insightId]);
    return toActionView(row);
  });
}

type Performed = {
  target: ActionView['target'];
  before: unknown;
  after: unknown;
  /** Work that needs the action id (segment members remember which action added them). */
  fill?: (actionId: string) => Promise<void>;
};

async function perform(
  tx: Queryable,
  workspaceId: string,
  rec: Recommendation,
  platform: PlatformGateway | null,
): Promise<Performed> {
  switch (rec.action) {
    case 'add_to_segment': {
      const seg = await tx.query<{ id: string }>(
        `INSERT INTO segments (workspace_id, name, description) VALUES ($1, $2, 'Created by a churn-risk insight')
         ON CONFLICT (workspace_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [workspaceId, rec.segmentName],
      );
      const segmentId = seg.rows[0]!.id;
      const count = async () =>
        Number(
          (
            await tx.query<{ n: string }>(
              'SELECT count(*)::text AS n FROM segment_members WHERE segment_id = $1',
              [segmentId],
            )
          ).rows[0]!.n,
        );
      const membersBefore = await count();
      const after: { segmentId: string; added: string[] } = { segmentId, added: [] };
      return {
        target: 'omnify',
        before: { segmentId, members: membersBefore },
        after,
        fill: async (actionId) => {
          const added = await tx.query<{ contact_id: string }>(
            `INSERT INTO segment_members (segment_id, contact_id, added_by_action)
             SELECT $1, c.id, $3 FROM contacts c WHERE c.workspace_id = $4 AND c.id = ANY($2::uuid[])
             ON CONFLICT DO NOTHING RETURNING contact_id`,
            [segmentId, rec.contactIds, actionId, workspaceId],
          );
          after.added = added.rows.map((r) => r.contact_id);
          await tx.query('UPDATE insight_actions SET after = $2::jsonb WHERE id = $1', [
            actionId,
            JSON.stringify({ ...after, members: membersBefore + after.added.length }),
          ]);
        },
      };
    }
    case 'pause_ad': {
      const ad = await tx.query<{
        status: string;
        external_id: string;
        set_external_id: string;
        account_id: string;
      }>(
        `SELECT a.status, a.external_id, s.external_id AS set_external_id, c.account_id
         FROM ads a JOIN ad_sets s ON s.id = a.ad_set_id JOIN ad_campaigns c ON c.id = a.campaign_id
         WHERE a.id = $1 AND a.workspace_id = $2 FOR UPDATE OF a`,
        [rec.adId, workspaceId],
      );
      const row = ad.rows[0];
      if (!row) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'The ad of this insight no longer exists.');
      const res = platform
        ? await platform.setAdStatus(tx, row.account_id, {
            adExternalId: row.external_id,
            adSetExternalId: row.set_external_id,
            status: 'paused',
          })
        : null;
      await tx.query(`UPDATE ads SET status = 'paused' WHERE id = $1`, [rec.adId]);
      return {
        target: res ? 'platform' : 'recorded',
        before: { adId: rec.adId, status: res?.previousStatus ?? row.status },
        after: { adId: rec.adId, status: 'paused' },
      };
    }
    case 'set_campaign_budgets': {
      const before: { campaignId: string; dailyBudgetMinor: number | null }[] = [];
      let onPlatform = false;
      for (const c of rec.changes) {
        const camp = await tx.query<{
          daily_budget_minor: string | null;
          account_id: string;
          external_id: string;
        }>(
          'SELECT daily_budget_minor::text, account_id, external_id FROM ad_campaigns WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
          [c.campaignId, workspaceId],
        );
        const row = camp.rows[0];
        if (!row) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', `Campaign ${c.campaignId} no longer exists.`);
        let previous = row.daily_budget_minor === null ? null : Number(row.daily_budget_minor);
        const res = platform
          ? await platform.setBudget(tx, row.account_id, {
              campaignExternalId: row.external_id,
              dailyBudgetMinor: c.toDailyBudgetMinor,
              currency: rec.currency,
            })
          : null;
        if (res) {
          onPlatform = true;
          previous = res.previousDailyBudgetMinor ?? previous;
        }
        before.push({ campaignId: c.campaignId, dailyBudgetMinor: previous ?? c.fromDailyBudgetMinor });
        await tx.query('UPDATE ad_campaigns SET daily_budget_minor = $2 WHERE id = $1', [
          c.campaignId,
          c.toDailyBudgetMinor,
        ]);
      }
      return {
        target: onPlatform ? 'platform' : 'recorded',
        before: { currency: rec.currency, campaigns: before },
        after: {
          currency: rec.currency,
          campaigns: rec.changes.map((c) => ({
            campaignId: c.campaignId,
            dailyBudgetMinor: c.toDailyBudgetMinor,
          })),
        },
      };
    }
  }
}

/**
 * Rolls an applied action back: removes the segment members it added, restores the ad's status, or
 * restores each campaign's previous daily budget (on the platform too when the action went there).
 * The action becomes `rolled_back` (who, when) and its insight `acknowledged`. CONFLICT when it is
 * already rolled back.
 */
export async function rollbackAction(
  db: Database,
  workspaceId: string,
  actionId: string,
  by: string,
  platform: PlatformGateway | null,
): Promise<ActionView> {
  return db.transaction(async (tx) => {
    const found = await tx.query<any>(
      'SELECT * FROM insight_actions WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
      [actionId, workspaceId],
    );
    const a = found.rows[0];
    if (!a) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No action has this id.');
    if (a.status === 'rolled_back') throw conflict('This action is already rolled back.');
    if (a.kind === 'add_to_segment') {
      await tx.query('DELETE FROM segment_members WHERE added_by_action = $1', [actionId]);
    } else if (a.kind === 'pause_ad') {
      if (a.target === 'platform' && platform) {
        const ad = await tx.query<{ external_id: string; set_external_id: string; account_id: string }>(
          `SELECT a.external_id, s.external_id AS set_external_id, c.account_id
           FROM ads a JOIN ad_sets s ON s.id = a.ad_set_id JOIN ad_campaigns c ON c.id = a.campaign_id WHERE a.id = $1`,
          [a.before.adId],
        );
        const row = ad.rows[0];
        if (row) {
          await platform.setAdStatus(tx, row.account_id, {
            adExternalId: row.external_id,
            adSetExternalId: row.set_external_id,
            status: a.before.status,
          });
        }
      }
      await tx.query('UPDATE ads SET status = $2 WHERE id = $1', [a.before.adId, a.before.status]);
    } else if (a.kind === 'set_campaign_budgets') {
      for (const c of a.before.campaigns as { campaignId: string; dailyBudgetMinor: number | null }[]) {
        const camp = await tx.query<{ account_id: string; external_id: string }>(
          'SELECT account_id, external_id FROM ad_campaigns WHERE id = $1 FOR UPDATE',
          [c.campaignId],
        );
        if (a.target === 'platform' && platform && camp.rows[0] && c.dailyBudgetMinor !== null) {
          await platform.setBudget(tx, camp.rows[0].account_id, {
            campaignExternalId: camp.rows[0].external_id,
            dailyBudgetMinor: c.dailyBudgetMinor,
            currency: a.before.currency,
          });
        }
        await tx.query('UPDATE ad_campaigns SET daily_budget_minor = $2 WHERE id = $1', [
          c.campaignId,
          c.dailyBudgetMinor,
        ]);
      }
    }
    const r = await tx.query(
      `UPDATE insight_actions SET status = 'rolled_back', rolled_back_by = $2, rolled_back_at = now()
       WHERE id = $1 RETURNING *`,
      [actionId, by],
    );
    await tx.query(`UPDATE insights SET status = 'acknowledged', updated_at = now() WHERE id = $1`, [
      a.insight_id,
    ]);
    return toActionView(r.rows[0]);
  });
}
