/**
 * Ad-performance import target: one row per (ad or aggregate) × UTC day, the input of the ad models
 * (`DailyMetrics` in src/models/daily-metrics.ts). Money in integer currency minor units.
 */
import type { AdRecord } from '../../../models/daily-metrics.ts';
import { type ReadOptions, readMappedCsv } from './reader.ts';
import type { ImportResult, TargetSpec } from './types.ts';

/** One imported ad-performance row: the shared {@link AdRecord} (ids as text, money in minor units). */
export type AdPerformanceRecord = AdRecord;

/** Field kinds of {@link AdPerformanceRecord} for `readMappedCsv`. */
export const AD_PERFORMANCE_TARGET: TargetSpec = {
  name: 'ad performance',
  fields: {
    accountExternalId: { kind: 'text', required: true },
    accountName: { kind: 'text', required: false },
    campaignExternalId: { kind: 'text', required: true },
    campaignName: { kind: 'text', required: false },
    adSetExternalId: { kind: 'text', required: false },
    adSetName: { kind: 'text', required: false },
    adExternalId: { kind: 'text', required: false },
    adName: { kind: 'text', required: false },
    date: { kind: 'date', required: true },
    impressions: { kind: 'count', required: true },
    clicks: { kind: 'count', required: true },
    spendMinor: { kind: 'money', required: true },
    conversions: { kind: 'count', required: true },
    revenueMinor: { kind: 'money', required: true },
    currency: { kind: 'currency', required: true },
  },
};

/**
 * Reads an ad-performance CSV with `mapping` (a preset from ad-presets.ts or a user mapping).
 * Same contract as `readMappedCsv`; throws `OMNIFY_ERR_VALIDATION` for an invalid mapping.
 */
export function readAdPerformanceCsv(
  bytes: Buffer | string,
  mapping: unknown,
  options: Omit<ReadOptions, 'target'> = {},
): ImportResult<AdPerformanceRecord> {
  return readMappedCsv<AdPerformanceRecord>(bytes, mapping, { ...options, target: AD_PERFORMANCE_TARGET });
}
