/**
 * Dry-run preview of an import: what a user sees before committing — counts of valid and failing
 * rows, errors by code, a sample of records, the first errors, and totals per currency so the
 * numbers can be checked against the source system (e.g. the ad platform's spend for the period).
 */
import type { ImportErrorCode, ImportedRecord, ImportResult, ImportRowError } from './types.ts';

/** Totals of the valid rows of one currency. */
export interface CurrencyTotals {
  /** Valid rows in this currency. */
  rows: number;
  /** Sum of every count and money field of the target (money in minor units), e.g. `spendMinor`. */
  sums: Record<string, number>;
  /** Earliest and latest `date` (`YYYY-MM-DD`), when the target has a date field. */
  firstDate?: string;
  lastDate?: string;
}

/** What {@link previewImport} returns. */
export interface ImportPreview<R = ImportedRecord> {
  /** Data rows read (valid + failing). */
  totalRows: number;
  validRows: number;
  /** Rows with at least one error. */
  errorRows: number;
  /** Number of errors per code, file-level errors included (a row may add several). */
  errorsByCode: Partial<Record<ImportErrorCode, number>>;
  /** First `sampleSize` valid records in file order. */
  sample: R[];
  /** File-level errors, then the first row errors in file order, at most `errorLimit` in all. */
  errors: ImportRowError[];
  /** Keyed by ISO 4217 currency. */
  totals: Record<string, CurrencyTotals>;
  /** Distinct values of id fields (names ending in `Id`) over the valid rows, e.g. `customerId`. */
  distinct: Record<string, number>;
  /** True when the read stopped at `maxRows` (totals cover only the rows read). */
  truncated: boolean;
}

/**
 * Summarizes an {@link ImportResult} without storing anything. `sampleSize` (default 20) records and
 * `errorLimit` (default 100) errors are included. Sums are exact integers (counts and minor units);
 * they stay exact while below 2^53.
 */
export function previewImport<R>(
  result: ImportResult<R>,
  options: { sampleSize?: number; errorLimit?: number } = {},
): ImportPreview<R> {
  const sampleSize = options.sampleSize ?? 20;
  const errorLimit = options.errorLimit ?? 100;
  const specs = Object.entries(result.target.fields);
  const numeric = specs.filter(([, f]) => f.kind === 'count' || f.kind === 'money').map(([n]) => n);
  const ids = specs.filter(([n, f]) => f.kind === 'text' && /Id$/.test(n)).map(([n]) => n);
  const hasDate = specs.some(([n, f]) => n === 'date' && f.kind === 'date');
  const errorsByCode: Partial<Record<ImportErrorCode, number>> = {};
  const errors: ImportRowError[] = [];
  const note = (e: ImportRowError) => {
    errorsByCode[e.code] = (errorsByCode[e.code] ?? 0) + 1;
    if (errors.length < errorLimit) errors.push(e);
  };
  result.fileErrors.forEach(note);
  const sample: R[] = [];
  const totals: Record<string, CurrencyTotals> = {};
  const distinctSets = new Map(ids.map((n) => [n, new Set<string>()]));
  let validRows = 0;
  for (const row of result.rows) {
    if (!row.ok) {
      row.errors.forEach(note);
      continue;
    }
    validRows++;
    if (sample.length < sampleSize) sample.push(row.record);
    const rec = row.record as ImportedRecord;
    const cur = String(rec.currency ?? '');
    totals[cur] ??= { rows: 0, sums: Object.fromEntries(numeric.map((n) => [n, 0])) };
    const t = totals[cur];
    t.rows++;
    for (const n of numeric) t.sums[n] += typeof rec[n] === 'number' ? (rec[n] as number) : 0;
    if (hasDate && typeof rec.date === 'string') {
      if (!t.firstDate || rec.date < t.firstDate) t.firstDate = rec.date;
      if (!t.lastDate || rec.date > t.lastDate) t.lastDate = rec.date;
    }
    for (const [n, set] of distinctSets) if (typeof rec[n] === 'string') set.add(rec[n] as string);
  }
  return {
    totalRows: result.rows.length,
    validRows,
    errorRows: result.rows.length - validRows,
    errorsByCode,
    sample,
    errors,
    totals,
    distinct: Object.fromEntries([...distinctSets].map(([n, s]) => [n, s.size])),
    truncated: result.truncated,
  };
}
