/**
 * `readMappedCsv`: the generic mapped reader. Bytes in; header, and per data row either a normalized
 * record or every problem of that row. Nothing is stored and nothing is dropped silently: each data
 * row appears in `rows` exactly once, valid or reported.
 */
import type { TimeZone } from '../../../kernel/dates/time-zone.ts';
import { compileMapping } from './compile.ts';
import { decodeCsvBytes, detectDelimiter, type RawRecord, tokenizeCsv } from './csv-text.ts';
import { validateMapping } from './mapping.ts';
import type { ImportedRecord, ImportResult, ImportRowError, RowOutcome, TargetSpec } from './types.ts';

/** Options of {@link readMappedCsv}. */
export interface ReadOptions {
  /** The record to produce (e.g. `AD_PERFORMANCE_TARGET`, `ORDER_TARGET`). */
  target: TargetSpec;
  /** Stop after this many data rows (for a quick preview of a large file); `truncated` tells. */
  maxRows?: number;
  /**
   * IANA time zone whose calendar days date-times with an offset are stored as (`ISO-DATETIME`
   * dates): the workspace's. Default UTC.
   */
  timeZone?: TimeZone;
}

const isBlank = (cells: string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Reads a CSV file with a column mapping.
 *
 * - `bytes`: the file (Buffer, any size that fits in memory; UTF-8 with or without BOM, UTF-16LE with
 *   BOM, else Latin-1) or already-decoded text.
 * - `mapping`: a mapping document (see `ImportMappingSchema`, docs/intelligence/import.md); validated
 *   here, so it may come straight from a request body.
 * - Line endings LF, CRLF and bare CR are all accepted (also mixed); the delimiter is the mapping's,
 *   or detected from the header line (`,` unless `;` or tab dominate). Blank lines are skipped and
 *   counted. The first non-blank line is the header unless `format.header` is false.
 *
 * Returns an {@link ImportResult}: `fileErrors` (`empty_file`, `missing_column`) stop the read with
 * no rows; otherwise one {@link RowOutcome} per data row with its 1-based physical line number.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the mapping is invalid or does not fit the target.
 */
export function readMappedCsv<R = ImportedRecord>(
  bytes: Buffer | string,
  mapping: unknown,
  options: ReadOptions,
): ImportResult<R> {
  const { target } = options;
  const m = validateMapping(mapping, target);
  const fmt = m.format ?? {};
  const decoded = decodeCsvBytes(bytes);
  const delimiter = fmt.delimiter && fmt.delimiter !== 'auto' ? fmt.delimiter : detectDelimiter(decoded.text);
  const { records, lineEnding } = tokenizeCsv(decoded.text, delimiter);
  let next = 0;
  let skippedEmptyLines = 0;
  const nextNonBlank = (): RawRecord | null => {
    let r = records[next++];
    while (r && isBlank(r.cells)) {
      skippedEmptyLines++;
      r = records[next++];
    }
    return r ?? null;
  };
  const base = { target, delimiter, encoding: decoded.encoding, hadBom: decoded.hadBom };
  let headers: string[];
  let headerLine = 1;
  if (fmt.header === false) {
    headers = fmt.columns ?? [];
  } else {
    const h = nextNonBlank();
    if (!h) {
      const e: ImportRowError = {
        line: 1,
        code: 'empty_file',
        message: 'The file is empty (no header row).',
      };
      return {
        ...base,
        lineEnding,
        headers: [],
        skippedEmptyLines,
        rows: [],
        fileErrors: [e],
        truncated: false,
      };
    }
    headers = h.cells.map((c) => c.trim());
    headerLine = h.line;
  }
  const compiled = compileMapping(m, target, headers, headerLine, options.timeZone);
  if (!compiled.ok) {
    return {
      ...base,
      lineEnding,
      headers,
      skippedEmptyLines,
      rows: [],
      fileErrors: compiled.fileErrors,
      truncated: false,
    };
  }

  const rows: RowOutcome[] = [];
  const max = options.maxRows ?? Number.POSITIVE_INFINITY;
  let truncated = false;
  for (let rec = nextNonBlank(); rec; rec = nextNonBlank()) {
    if (rows.length >= max) {
      truncated = true;
      break;
    }
    if (rec.unclosedQuote) {
      const message = 'A quoted field is not closed before the end of the file (a `"` is missing).';
      const error: ImportRowError = { line: rec.line, code: 'unclosed_quote', message, raw: rec.cells };
      rows.push({ line: rec.line, ok: false, errors: [error] });
      continue;
    }
    rows.push(compiled.convert(rec.cells, rec.line));
  }
  const fileErrors: ImportRowError[] =
    rows.length === 0
      ? [{ line: headerLine, code: 'empty_file', message: 'The file has no data rows.' }]
      : [];
  return {
    ...base,
    lineEnding,
    truncated,
    headers,
    skippedEmptyLines,
    rows: rows as RowOutcome<R>[],
    fileErrors,
  };
}
