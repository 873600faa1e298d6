import { isCalendarDay } from '../../kernel/dates/calendar-day.ts';
import { isOmnifyError } from '../../kernel/errors/catalog.ts';
import { sumDecimalsToMinor } from '../../kernel/money/convert.ts';
import type { AdInsightsRecord } from '../contract/ad-connector.ts';
import { malformedAnswer } from '../contract/ad-connector-answers.ts';

/**
 * One `AdsActionStats` entry of `actions` / `action_values` (Meta docs, "Ads Insights > Fields"):
 * `value` is a decimal string (a count for `actions`, money in the account currency for
 * `action_values`); per-window keys such as `7d_click` appear when attribution windows are requested.
 */
export interface MetaActionStat {
  action_type: string;
  value: string;
  [attributionWindow: string]: string;
}

/**
 * One row of `GET /act_{id}/insights` with `time_increment=1` (Meta docs, "Ads Insights"): numbers
 * arrive as strings, `spend` as a decimal in the account currency's major unit, one day per row
 * (`date_start` = `date_stop`, in the ad account's time zone). Zero metrics may be omitted.
 */
export interface MetaInsightsRow {
  account_id?: string;
  account_name?: string;
  account_currency?: string;
  campaign_id?: string;
  campaign_name?: string;
  adset_id?: string;
  adset_name?: string;
  ad_id?: string;
  ad_name?: string;
  impressions?: string;
  clicks?: string;
  spend?: string;
  actions?: MetaActionStat[];
  action_values?: MetaActionStat[];
  date_start?: string;
  date_stop?: string;
}

/** One page of an insights answer: rows plus cursor paging (`paging.next` is absent on the last page). */
export interface MetaInsightsPage {
  data: MetaInsightsRow[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

/** How `actions` become conversions and `action_values` become revenue. */
export interface MetaConversionRule {
  /** `action_type` values that count, in priority order. */
  actionTypes: readonly string[];
  /** `first`: only the first listed type present in the row; `sum`: every listed type present. */
  mode: 'first' | 'sum';
}

/**
 * The `action_type`s of `rule` that count for a row: those present in its `actions` or
 * `action_values` (a value may be reported on a day without a counted action), in priority order;
 * only the first of them in `first` mode.
 */
export function selectActionTypes(
  lists: ReadonlyArray<readonly MetaActionStat[] | undefined>,
  rule: MetaConversionRule,
): string[] {
  const present = new Set(lists.flatMap((l) => (l ?? []).map((a) => a.action_type)));
  const chosen = rule.actionTypes.filter((t) => present.has(t));
  return rule.mode === 'first' ? chosen.slice(0, 1) : chosen;
}

function values(list: readonly MetaActionStat[] | undefined, types: readonly string[]): string[] {
  return (list ?? []).filter((a) => types.includes(a.action_type)).map((a) => a.value);
}

function count(v: string | undefined, field: string): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${field} is "${v}", not a count`);
  return n;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Normalizes one insights row to an `AdInsightsRecord`: counts parsed from strings, `spend` and the
 * chosen `action_values` converted exactly to minor units of `account_currency`, conversions =
 * the chosen `actions` values. One type choice (`selectActionTypes`) is applied to both lists, so
 * conversions and revenue always describe the same event. `accountId` (digits) is used when the
 * row has no `account_id`.
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_TRANSIENT` when the row is not the documented shape
 *   (no campaign id, currency or single day; a non-numeric metric).
 */
export function normalizeMetaInsightsRow(
  row: MetaInsightsRow,
  accountId: string,
  rule: MetaConversionRule,
): AdInsightsRecord {
  try {
    const currency = text(row.account_currency)?.toUpperCase();
    if (!currency) throw new Error('a row has no account_currency');
    if (!text(row.campaign_id)) throw new Error('a row has no campaign_id');
    if (!isCalendarDay(row.date_start) || row.date_stop !== row.date_start) {
      throw new Error(`a row spans ${row.date_start}..${row.date_stop}, not one day`);
    }
    const types = selectActionTypes([row.actions, row.action_values], rule);
    const conversions = values(row.actions, types).reduce((s, v) => s + count(v, 'actions[].value'), 0);
    const record: AdInsightsRecord = {
      accountExternalId: text(row.account_id) ?? accountId,
      campaignExternalId: row.campaign_id!,
      date: row.date_start,
      impressions: count(row.impressions, 'impressions'),
      clicks: count(row.clicks, 'clicks'),
      spendMinor: sumDecimalsToMinor([row.spend ?? '0'], currency),
      conversions,
      revenueMinor: sumDecimalsToMinor(values(row.action_values, types), currency),
      currency,
    };
    const optional: Array<[keyof AdInsightsRecord, unknown]> = [
      ['accountName', row.account_name],
      ['campaignName', row.campaign_name],
      ['adSetExternalId', row.adset_id],
      ['adSetName', row.adset_name],
      ['adExternalId', row.ad_id],
      ['adName', row.ad_name],
    ];
    for (const [k, v] of optional) if (text(v)) (record as unknown as Record<string, unknown>)[k] = v;
    return record;
  } catch (e) {
    const why = isOmnifyError(e) || e instanceof Error ? e.message : String(e);
    throw malformedAnswer('Meta Marketing API', 200, `an insights row is malformed: ${why}`);
  }
}
