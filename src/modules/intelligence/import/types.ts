/**
 * Shared shapes of the CSV import: what a target record looks like to the reader, the per-row errors
 * and the result of one read. The reader is pure (bytes in, records and errors out); storing the
 * records is the caller's job.
 */

/**
 * Stable error codes of a row (or of the whole file). Documented in docs/intelligence/import.md;
 * clients may switch on them.
 */
export type ImportErrorCode =
  | 'missing_value'
  | 'invalid_number'
  | 'invalid_date'
  | 'invalid_currency'
  | 'invalid_email'
  | 'invalid_value'
  | 'negative_value'
  | 'column_count'
  | 'shifted_row'
  | 'unclosed_quote'
  | 'missing_column'
  | 'empty_file';

/** One problem found in the file. */
export interface ImportRowError {
  /** 1-based physical line number in the file where the row starts (the header is line 1 when first). */
  line: number;
  /** The file's header name of the offending column, when one column is to blame. */
  column?: string;
  code: ImportErrorCode;
  /** Human-readable; names the column and quotes the raw value. */
  message: string;
  /** The row's raw cells, as read (absent for file-level errors). */
  raw?: string[];
}

/**
 * Value kind of a target field; decides how a cell is parsed:
 * - `text`: trimmed string; - `email`: trimmed string with one `@` and no spaces;
 * - `count`: non-negative integer; - `money`: decimal major units → integer minor units;
 * - `date`: `YYYY-MM-DD` (UTC calendar day); - `currency`: ISO 4217 code, upper-cased.
 */
export type FieldKind = 'text' | 'email' | 'count' | 'money' | 'date' | 'currency';

/** Description of one field of a target record. */
export interface TargetField {
  kind: FieldKind;
  /** When true, the mapping must provide the field and every row must have a value. */
  required: boolean;
}

/**
 * The record a reader produces, field name → kind. A target with a `money` field must have a
 * `currency` field named `currency` (the exponent of the money conversion comes from it).
 */
export interface TargetSpec {
  /** Short name of the target, shown in messages (e.g. `ad performance`). */
  name: string;
  fields: Record<string, TargetField>;
}

/** A normalized record: field → text (strings, dates, currency) or integer (counts, money). */
export type ImportedRecord = Record<string, string | number>;

/** Outcome of one data row: fully valid (`ok: true`) or reported with every problem found. */
export type RowOutcome<R = ImportedRecord> =
  | { line: number; ok: true; record: R }
  | { line: number; ok: false; errors: ImportRowError[] };

/** Line-ending style found in the file (`mixed` when more than one style occurs). */
export type LineEnding = 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';

/** What `readMappedCsv` returns. */
export interface ImportResult<R = ImportedRecord> {
  target: TargetSpec;
  /** Header names as read (or the mapping's `format.columns` for header-less files). */
  headers: string[];
  /** Detected or given delimiter (`whitespace` for runs of spaces/tabs). */
  delimiter: string;
  lineEnding: LineEnding;
  encoding: 'utf-8' | 'utf-16le' | 'latin1';
  hadBom: boolean;
  /** Empty lines (or lines of delimiters only) that were skipped, not counted as rows. */
  skippedEmptyLines: number;
  /** Data rows in file order. */
  rows: RowOutcome<R>[];
  /** Problems with the whole file (missing columns, empty file); when present, `rows` is empty. */
  fileErrors: ImportRowError[];
  /** True when reading stopped at `options.maxRows`. */
  truncated: boolean;
}
