/**
 * Plain words for what applying a recommendation changes and for an action's before/after
 * (pure; the caller passes the message function and money formatter). Shapes as the API stores
 * them: `set_campaign_budgets {changes: [{campaignId, fromDailyBudgetMinor, toDailyBudgetMinor}],
 * currency}`, `pause_ad {adId}`, `add_to_segment {contactIds, segmentName}`; before/after
 * `{currency, campaigns: [{campaignId, dailyBudgetMinor}]}`, `{adId, status}`, `{segmentId, members, added?}`.
 */
import type { MessageId } from '../../i18n/messages.ts';
import type { MessageValues } from '../../i18n/useT.ts';

type T = (id: MessageId, values?: MessageValues) => string;
type Money = (minor: number, currency?: string) => string;

interface BudgetChange {
  campaignId: string;
  fromDailyBudgetMinor: number;
  toDailyBudgetMinor: number;
}

/** The lines a confirmation states: one per change (budget per campaign, the paused ad, the segment). */
export function describeRecommendation(
  rec: Record<string, unknown> | null,
  names: Map<string, string>,
  t: T,
  money: Money,
): string[] {
  if (!rec) return [];
  if (rec.action === 'set_campaign_budgets') {
    const currency = typeof rec.currency === 'string' ? rec.currency : undefined;
    return ((rec.changes as BudgetChange[] | undefined) ?? []).map((c) =>
      t('dashboard.rec.budget', {
        campaign: names.get(c.campaignId) ?? c.campaignId,
        from: money(c.fromDailyBudgetMinor, currency),
        to: money(c.toDailyBudgetMinor, currency),
        direction: c.toDailyBudgetMinor >= c.fromDailyBudgetMinor ? 'up' : 'down',
      }),
    );
  }
  if (rec.action === 'pause_ad') {
    const id = String(rec.adId ?? '');
    return [t('dashboard.rec.pause', { ad: names.get(id) ?? id })];
  }
  if (rec.action === 'add_to_segment') {
    const n = Array.isArray(rec.contactIds) ? rec.contactIds.length : 0;
    return [t('dashboard.rec.segment', { count: n, segment: String(rec.segmentName ?? '') })];
  }
  return [];
}

/** An action's `before` or `after` as one line (budgets per campaign, ad status, segment size). */
export function describeState(v: unknown, names: Map<string, string>, t: T, money: Money): string {
  if (!v || typeof v !== 'object') return '—';
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.campaigns)) {
    const currency = typeof o.currency === 'string' ? o.currency : undefined;
    return (o.campaigns as { campaignId: string; dailyBudgetMinor: number | null }[])
      .map((c) =>
        t('dashboard.state.budget', {
          campaign: names.get(c.campaignId) ?? c.campaignId,
          budget: c.dailyBudgetMinor === null ? '—' : money(c.dailyBudgetMinor, currency),
        }),
      )
      .join('; ');
  }
  if (typeof o.status === 'string') return t('dashboard.state.ad', { status: o.status });
  if (typeof o.members === 'number') return t('dashboard.state.segment', { members: o.members });
  return '—';
}
