/**
 * Mappings (presets) for the three public ad datasets described in ../shared/data/ads/SOURCE.md.
 * Each returns a plain JSON document, so it can be shown to a user, edited and sent back.
 */
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { parseDate } from './dates.ts';
import type { ImportMapping } from './mapping.ts';

/** Parameters shared by the ad presets. */
export interface AdPresetOptions {
  /** Account the rows belong to (the files have no account column). Default: the file's name. */
  accountExternalId?: string;
  /** ISO 4217 currency of the money columns. Default `USD` (the datasets' currency). */
  currency?: string;
  /**
   * Which conversion column is `conversions`: `approved` (default; people who bought, per the
   * Kaggle description) or `total` (people who enquired).
   */
  conversions?: 'approved' | 'total';
}

const account = (o: AdPresetOptions, dflt: string) => ({ value: o.accountExternalId ?? dflt });

/**
 * KAG_conversion_data.csv (Kaggle "Sales Conversion Optimization"): one row per ad, totals of a
 * reporting period, **no date column**, so the caller supplies the day the totals are booked on
 * (`date`, `YYYY-MM-DD`; the period ended 2017-08-30). Bare-CR line endings are handled by the
 * reader. ad = `ad_id`, ad set = `fb_campaign_id`, campaign = `xyz_campaign_id`, spend = `Spent`,
 * conversions = `Approved_Conversion` (or `Total_Conversion`), revenue = 0 (not in the file).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `date` is not a valid `YYYY-MM-DD` date.
 */
export function kagConversionPreset(options: AdPresetOptions & { date: string }): ImportMapping {
  if (!parseDate(options.date)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The KAG preset needs the date the totals belong to.', {
      fields: [{ path: '/date', message: `"${options.date}" is not a date YYYY-MM-DD` }],
    });
  }
  return {
    format: { delimiter: ',' },
    fields: {
      accountExternalId: account(options, 'kag_conversion_data'),
      campaignExternalId: { column: 'xyz_campaign_id' },
      adSetExternalId: { column: 'fb_campaign_id' },
      adExternalId: { column: 'ad_id' },
      date: { value: options.date },
      impressions: { column: 'Impressions' },
      clicks: { column: 'Clicks' },
      spendMinor: { column: 'Spent' },
      conversions: { column: options.conversions === 'total' ? 'Total_Conversion' : 'Approved_Conversion' },
      revenueMinor: { value: 0 },
      currency: { value: options.currency ?? 'USD' },
    },
  };
}

/**
 * facebook_ad_campaign_2017_data.csv: the same ads with their reporting day (`reporting_start`,
 * DD/MM/YYYY; equal to `reporting_end` on every row, which a shape check enforces). Rows whose values
 * are shifted two columns left (the file's known defect: data rows 762–1143, `campaign_id` holding the
 * age band and the last two fields empty) are reported as `shifted_row`, never loaded.
 */
export function facebookAds2017Preset(options: AdPresetOptions = {}): ImportMapping {
  const conv = options.conversions === 'total' ? 'total_conversion' : 'approved_conversion';
  return {
    format: { delimiter: ',', dateFormat: 'DD/MM/YYYY' },
    fields: {
      accountExternalId: account(options, 'facebook_ad_campaign_2017'),
      campaignExternalId: { column: 'campaign_id' },
      adSetExternalId: { column: 'fb_campaign_id' },
      adExternalId: { column: 'ad_id' },
      date: { column: 'reporting_start' },
      impressions: { column: 'impressions' },
      clicks: { column: 'clicks' },
      spendMinor: { column: 'spent' },
      conversions: { column: conv },
      revenueMinor: { value: 0 },
      currency: { value: options.currency ?? 'USD' },
    },
    shapeChecks: [
      {
        column: 'campaign_id',
        expect: 'integer',
        code: 'shifted_row',
        message: 'campaign_id must be a numeric id; values look shifted two columns left',
      },
      {
        column: 'age',
        expect: 'notNumber',
        code: 'shifted_row',
        message: 'age must be an age band such as 30-34, not a number',
      },
      {
        column: conv,
        expect: 'nonEmpty',
        code: 'shifted_row',
        message: `${conv} (a trailing field) is empty`,
      },
      {
        column: 'reporting_end',
        expect: 'sameAs',
        other: 'reporting_start',
        code: 'invalid_value',
        message: 'the row spans several days (reporting_end differs from reporting_start)',
      },
    ],
  };
}

/**
 * online_advertising_performance_data.csv (Q2 2020 banner/placement performance): the date is built
 * from `month` (English name) and `day` with a fixed `year` (2020 per the dataset description; no year
 * column). campaign = `campaign_number`; ad set = campaign × `user_engagement`; ad = campaign ×
 * engagement × `banner` × `placement` (ids joined with `|`, so they are unique in the account and
 * equal the series keys of src/testing/ad-datasets.ts); spend = `cost`; conversions =
 * `post_click_conversions`; revenue = `post_click_sales_amount` (the advertiser's sales; `revenue` is
 * the publisher's and is not read). `#N/A` in `placement` is kept as a placement name, not an error.
 */
export function onlineAdvertisingPreset(
  options: Omit<AdPresetOptions, 'conversions'> & { year?: number } = {},
): ImportMapping {
  return {
    format: { delimiter: ',' },
    fields: {
      accountExternalId: account(options, 'online_advertising_performance'),
      campaignExternalId: { column: 'campaign_number' },
      campaignName: { column: 'campaign_number' },
      adSetExternalId: { join: ['campaign_number', 'user_engagement'], separator: '|' },
      adSetName: { column: 'user_engagement' },
      adExternalId: { join: ['campaign_number', 'user_engagement', 'banner', 'placement'], separator: '|' },
      adName: { join: ['banner', 'placement'], separator: ' @ ' },
      date: { year: options.year ?? 2020, month: { column: 'month', names: true }, day: { column: 'day' } },
      impressions: { column: 'displays' },
      clicks: { column: 'clicks' },
      spendMinor: { column: 'cost' },
      conversions: { column: 'post_click_conversions' },
      revenueMinor: { column: 'post_click_sales_amount' },
      currency: { value: options.currency ?? 'USD' },
    },
  };
}
