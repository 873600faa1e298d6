import { isCalendarDay } from '../../kernel/dates/calendar-day.ts';
import { type FieldError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { currencyExponent } from '../../kernel/money/currency.ts';
import type { FetchInsightsInput, SetCampaignBudgetInput } from './ad-connector.ts';

function fail(message: string, fields: FieldError[]): never {
  throw new OmnifyError('OMNIFY_ERR_VALIDATION', message, { fields });
}

/**
 * Checks a `fetchDailyInsights` request and returns the account id in the platform's canonical form
 * via `canonicalAccountId` (which returns undefined when the id is malformed).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` with `/accountId`, `/since`, `/until` field errors.
 */
export function checkFetchInput(
  input: FetchInsightsInput,
  canonicalAccountId: (raw: string) => string | undefined,
  accountHint: string,
): string {
  const fields: FieldError[] = [];
  const account =
    typeof input.accountId === 'string' ? canonicalAccountId(input.accountId.trim()) : undefined;
  if (!account) fields.push({ path: '/accountId', message: accountHint });
  if (!isCalendarDay(input.since)) fields.push({ path: '/since', message: 'must be a day YYYY-MM-DD' });
  if (!isCalendarDay(input.until)) fields.push({ path: '/until', message: 'must be a day YYYY-MM-DD' });
  else if (isCalendarDay(input.since) && input.until < input.since) {
    fields.push({ path: '/until', message: 'must not be before since' });
  }
  if (fields.length > 0) fail('The insights request is invalid.', fields);
  return account!;
}

/**
 * The account id of a request that names one account, in the platform's canonical form via
 * `canonicalAccountId` (undefined when malformed).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` with a `/accountId` field error whose message is `accountHint`.
 */
export function checkAccountId(
  accountId: unknown,
  canonicalAccountId: (raw: string) => string | undefined,
  accountHint: string,
): string {
  const account = typeof accountId === 'string' ? canonicalAccountId(accountId.trim()) : undefined;
  if (!account) fail('The account id is invalid.', [{ path: '/accountId', message: accountHint }]);
  return account;
}

/**
 * Checks a budget change: a non-empty numeric campaign id, a positive safe-integer budget in minor
 * units and a valid currency code.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` with `/campaignId`, `/dailyBudgetMinor`, `/currency`.
 */
export function checkBudgetInput(input: SetCampaignBudgetInput): void {
  const fields: FieldError[] = [];
  if (typeof input.campaignId !== 'string' || !/^\d+$/.test(input.campaignId)) {
    fields.push({ path: '/campaignId', message: 'must be the numeric campaign id' });
  }
  if (!Number.isSafeInteger(input.dailyBudgetMinor) || input.dailyBudgetMinor <= 0) {
    fields.push({ path: '/dailyBudgetMinor', message: 'must be a positive integer (minor units)' });
  }
  try {
    currencyExponent(input.currency);
  } catch {
    fields.push({ path: '/currency', message: 'must be an ISO 4217 code such as USD' });
  }
  if (fields.length > 0) fail('The budget change is invalid.', fields);
}

/** Refuses a campaign id that is not all digits (both platforms use numeric ids). */
export function checkCampaignId(campaignId: unknown): asserts campaignId is string {
  if (typeof campaignId !== 'string' || !/^\d+$/.test(campaignId)) {
    fail('The campaign id is invalid.', [
      { path: '/campaignId', message: 'must be the numeric campaign id' },
    ]);
  }
}

/** Throws `OMNIFY_ERR_VALIDATION` (at `path`) unless `id` is a numeric platform id (ads, ad sets / ad groups). */
export function checkAdId(id: unknown, path = '/adId'): asserts id is string {
  if (typeof id !== 'string' || !/^\d+$/.test(id))
    fail('The ad id is invalid.', [{ path, message: 'must be a numeric id' }]);
}

/** The error for an account whose currency is not the one the caller named (no silent conversion). */
export function currencyMismatch(expected: string, actual: string): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_VALIDATION',
    `The account's currency is ${actual}, not ${expected}; budgets are never converted between currencies.`,
    { fields: [{ path: '/currency', message: `must be ${actual}, the account currency` }] },
  );
}
