import { type AdPerformanceRecord, readAdPerformanceCsv } from '../modules/intelligence/import/index.ts';
import { AD_PRESETS, mappingFor, refuseFileErrors } from '../modules/intelligence/import-service.ts';

export { AD_PRESETS };

/**
 * Reads an ads CSV for the CLI with a preset or mapping (the same reader as the API import). Rows that
 * cannot be read are listed on stderr (first 20) and left out; file-level problems throw
 * `OMNIFY_ERR_VALIDATION`.
 */
export function runImportPreview(
  bytes: Buffer,
  req: { preset?: string; mapping?: unknown; options: Record<string, unknown> },
): { records: AdPerformanceRecord[]; errors: number } {
  const mapping = mappingFor('ads', { csv: '', ...req });
  const result = readAdPerformanceCsv(bytes, mapping);
  refuseFileErrors(result);
  const errors = result.rows.flatMap((r) => (r.ok ? [] : r.errors));
  for (const e of errors.slice(0, 20)) console.error(`line ${e.line}: ${e.code}: ${e.message}`);
  if (errors.length > 20) console.error(`… and ${errors.length - 20} more row errors`);
  const bad = new Set(errors.map((e) => e.line)).size;
  return { records: result.rows.flatMap((r) => (r.ok ? [r.record] : [])), errors: bad };
}
