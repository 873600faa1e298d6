/**
 * The apply operation of an insight action, run by the `insight-action` job (action.job.ts). No
 * transaction is open while an ad platform answers: each platform step records its intent (tx1),
 * calls the platform, then records the outcome with Omnify's copy (tx2). A crash between the two
 * leaves the step `calling`; the retry calls the platform again, which sets the same absolute value
 * (the connector reads the current value first and returns it), and when the platform already holds
 * the target the value recorded with the intent is kept as the one to restore, so nothing is applied
 * twice and the rollback (action.rollback.ts) restores the true previous value.
 */

import { eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { addContactsToSegmentByAction } from '../../contacts/contacts.service.ts';
import { adCampaigns, adSets, ads, insightActions, insights } from '../intelligence.schema.ts';
import type { ActionRow, PlatformGateway } from './actions.ts';
import type { Recommendation } from './insights.repository.ts';

/** One platform-facing step of an apply: a campaign budget or an ad status. */
export interface Step {
  id: string;
  state: 'calling' | 'done';
  /** Omnify's value when the intent was recorded (restored when the platform cannot tell). */
  omnifyBefore: unknown;
  to: unknown;
  before?: unknown;
  platform?: boolean;
}

async function saveSteps(q: Queryable, a: ActionRow, steps: Step[]): Promise<void> {
  const s = scoped(q, a.workspaceId);
  await s.db
    .update(insightActions)
    .set({ steps })
    .where(s.where(insightActions, eq(insightActions.id, a.id)));
}

/**
 * One platform step: tx1 records the intent, the platform is called with no transaction open, tx2
 * writes Omnify's copy (`write`) and the outcome. `call` answers whether a connector was used and the
 * platform's value before the change.
 */
async function step<R extends { omnifyBefore: unknown }>(
  db: Database,
  a: ActionRow,
  steps: Step[],
  i: number,
  s: {
    id: string;
    to: unknown;
    read: () => Promise<R | undefined>;
    call: (row: R, retry: boolean) => Promise<{ platform: boolean; previous?: unknown }>;
    write: (tx: Queryable) => Promise<void>;
  },
): Promise<void> {
  if (steps[i]?.state === 'done') return;
  const retry = steps[i]?.state === 'calling';
  const row = await s.read();
  if (!row)
    throw new OmnifyError(
      'OMNIFY_ERR_NOT_FOUND',
      `The campaign or ad ${s.id} of this action no longer exists.`,
    );
  steps[i] = retry ? steps[i]! : { id: s.id, state: 'calling', omnifyBefore: row.omnifyBefore, to: s.to };
  await saveSteps(db, a, steps);
  const res = await s.call(row, retry);
  const stale = res.previous === undefined || (retry && res.previous === s.to);
  steps[i] = {
    ...steps[i]!,
    state: 'done',
    before: stale ? steps[i]!.omnifyBefore : res.previous,
    platform: res.platform,
  };
  await db.transaction(async (tx) => {
    await s.write(tx);
    await saveSteps(tx, a, steps);
  });
}

/**
 * Applies action `a` (its row, state `running`): a segment in one transaction; an ad pause or budget
 * changes step by step through `gw` (`steps` holds the progress of earlier attempts and is updated in
 * place and in the row); then marks the action `applied`/`succeeded` and its insight `applied`.
 * Throws the platform's `OmnifyError` (the job retries or fails it) or `OMNIFY_ERR_NOT_FOUND` when a
 * campaign or ad is gone.
 */
export async function apply(db: Database, gw: PlatformGateway, a: ActionRow, steps: Step[]): Promise<void> {
  const rec = a.recommendation as Recommendation;
  const s = scoped(db, a.workspaceId);
  if (rec.action === 'add_to_segment') return applySegment(db, a, rec);
  if (rec.action === 'pause_ad') {
    await step(db, a, steps, 0, {
      id: rec.adId,
      to: 'paused',
      read: async () =>
        (
          await s.db
            .select({
              omnifyBefore: ads.status,
              externalId: ads.externalId,
              setExternalId: adSets.externalId,
              accountId: adCampaigns.accountId,
            })
            .from(ads)
            .innerJoin(adSets, eq(adSets.id, ads.adSetId))
            .innerJoin(adCampaigns, eq(adCampaigns.id, ads.campaignId))
            .where(s.where(ads, eq(ads.id, rec.adId)))
        )[0],
      call: async (row) => {
        const r = await gw.setAdStatus(db, row.accountId, {
          adExternalId: row.externalId,
          adSetExternalId: row.setExternalId,
          status: 'paused',
        });
        return { platform: r !== null, previous: r?.previousStatus };
      },
      write: async (tx) => {
        const t = scoped(tx, a.workspaceId);
        await t.db
          .update(ads)
          .set({ status: 'paused' })
          .where(t.where(ads, eq(ads.id, rec.adId)));
      },
    });
  } else {
    for (const [i, c] of rec.changes.entries()) {
      await step(db, a, steps, i, {
        id: c.campaignId,
        to: c.toDailyBudgetMinor,
        read: async () => {
          const [row] = await s.db
            .select({
              budget: adCampaigns.dailyBudgetMinor,
              accountId: adCampaigns.accountId,
              externalId: adCampaigns.externalId,
            })
            .from(adCampaigns)
            .where(s.where(adCampaigns, eq(adCampaigns.id, c.campaignId)));
          return row && { ...row, omnifyBefore: row.budget ?? c.fromDailyBudgetMinor };
        },
        call: async (row, retry) => {
          // A retried step first reads the platform: if the first call landed, it is not made again.
          if (retry && gw.getBudget) {
            const now = await gw.getBudget(db, row.accountId, row.externalId);
            if (now === c.toDailyBudgetMinor) return { platform: true };
          }
          const r = await gw.setBudget(db, row.accountId, {
            campaignExternalId: row.externalId,
            dailyBudgetMinor: c.toDailyBudgetMinor,
            currency: rec.currency,
          });
          return { platform: r !== null, previous: r?.previousDailyBudgetMinor };
        },
        write: async (tx) => {
          const t = scoped(tx, a.workspaceId);
          await t.db
            .update(adCampaigns)
            .set({ dailyBudgetMinor: c.toDailyBudgetMinor })
            .where(t.where(adCampaigns, eq(adCampaigns.id, c.campaignId)));
        },
      });
    }
  }
  const done = summarize(rec, steps);
  await db.transaction(async (tx) => finishApply(tx, a, done));
}

/** The audit record's `target`, `before` and `after` from the steps done (the same shapes as ever). */
export function summarize(
  rec: Recommendation,
  steps: Step[],
): { target: string; before: unknown; after: unknown } {
  const done = steps.filter((s) => s.state === 'done');
  const target = done.some((s) => s.platform) ? 'platform' : 'recorded';
  if (rec.action === 'add_to_segment') return { target: 'omnify', before: {}, after: {} };
  if (rec.action === 'pause_ad') {
    const s = done[0];
    return s
      ? { target, before: { adId: s.id, status: s.before }, after: { adId: s.id, status: 'paused' } }
      : { target, before: {}, after: {} };
  }
  return {
    target,
    before: {
      currency: rec.currency,
      campaigns: done.map((s) => ({ campaignId: s.id, dailyBudgetMinor: s.before })),
    },
    after: {
      currency: rec.currency,
      campaigns: done.map((s) => ({ campaignId: s.id, dailyBudgetMinor: s.to })),
    },
  };
}

async function finishApply(
  tx: Queryable,
  a: ActionRow,
  done: { target: string; before: unknown; after: unknown },
) {
  const s = scoped(tx, a.workspaceId);
  await s.db
    .update(insightActions)
    .set({
      status: 'applied',
      state: 'succeeded',
      error: null,
      target: done.target,
      before: done.before,
      after: done.after,
      appliedAt: sql`now()`,
    })
    .where(s.where(insightActions, eq(insightActions.id, a.id)));
  await s.db
    .update(insights)
    .set({ status: 'applied', updatedAt: sql`now()` })
    .where(s.where(insights, eq(insights.id, a.insightId)));
}

/** Segments live in Omnify: the whole apply is one transaction, re-checked under the action's row lock. */
async function applySegment(
  db: Database,
  a: ActionRow,
  rec: Extract<Recommendation, { action: 'add_to_segment' }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const s = scoped(tx, a.workspaceId);
    const [locked] = await s.db
      .select({ state: insightActions.state })
      .from(insightActions)
      .where(s.where(insightActions, eq(insightActions.id, a.id)))
      .for('update');
    if (locked?.state !== 'running') return;
    const {
      segmentId,
      membersBefore,
      added: ids,
    } = await addContactsToSegmentByAction(tx, {
      workspaceId: a.workspaceId,
      segmentName: rec.segmentName,
      contactIds: rec.contactIds,
      actionId: a.id,
    });
    await finishApply(tx, a, {
      target: 'omnify',
      before: { segmentId, members: membersBefore },
      after: { segmentId, added: ids, members: membersBefore + ids.length },
    });
  });
}
