/**
 * CSV import of ad performance and orders: column mapping, dry-run preview and per-row errors.
 * Pure functions; the API/DB layer stores the records. See docs/intelligence/import.md.
 */

export { knownCurrencyExponent } from '../../../kernel/money/currency.ts';
export { decimalToMinor, parseCount } from '../../../kernel/money/decimal.ts';
export {
  type AdPresetOptions,
  facebookAds2017Preset,
  kagConversionPreset,
  onlineAdvertisingPreset,
} from './ad-presets.ts';
export { AD_PERFORMANCE_TARGET, type AdPerformanceRecord, readAdPerformanceCsv } from './ads.ts';
export { DATE_FORMATS, type DateFormat, parseDate } from './dates.ts';
export { type ImportMapping, ImportMappingSchema, validateMapping } from './mapping.ts';
export {
  cdnowMasterPreset,
  cdnowSamplePreset,
  defaultOrdersMapping,
  ORDER_TARGET,
  type OrderRecord,
  type OrdersMappingOptions,
  readOrdersCsv,
} from './orders.ts';
export { type CurrencyTotals, type ImportPreview, previewImport } from './preview.ts';
export { type ReadOptions, readMappedCsv } from './reader.ts';
export type * from './types.ts';
