/**
 * Turns a validated mapping plus the file's header into a row converter: column names are resolved
 * to indices once, then every row becomes a normalized record or the list of all its errors.
 */

import { DEFAULT_TIME_ZONE, type TimeZone } from '../../../kernel/dates/time-zone.ts';
import { knownCurrencyExponent } from '../../../kernel/money/currency.ts';
import { decimalToMinor, type NumberFormat, parseCount } from '../../../kernel/money/decimal.ts';
import { type DateFormat, parseDate } from './dates.ts';
import type { ImportMapping, ShapeCheck } from './mapping.ts';
import { type CellReader, cellReader, FieldFailure, quote, shapeHolds } from './sources.ts';
import type { FieldKind, ImportedRecord, ImportRowError, RowOutcome, TargetSpec } from './types.ts';

/** Index of `name` in `headers`: exact match first, then trimmed case-insensitive; -1 when absent. */
export function findColumn(headers: string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const want = name.trim().toLowerCase();
  return headers.findIndex((h) => h.trim().toLowerCase() === want);
}

interface CompiledField {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Set for `{ value }` sources. */
  constant?: string | number;
  reader?: CellReader;
  /** Header name, for messages. */
  column?: string;
  dateFormat: DateFormat;
  /** Zone whose days date-times with an offset fall on (date fields only). */
  timeZone: TimeZone;
  /** Parsed dates by text (date fields only). */
  dates?: Map<string, string | null>;
}

/** A converter for one file, or the file-level errors that stop the read. */
export type CompiledMapping =
  | { ok: true; convert: (cells: string[], line: number) => RowOutcome }
  | { ok: false; fileErrors: ImportRowError[] };

const rowError = (line: number, f: FieldFailure, raw: string[]): ImportRowError =>
  f.column === undefined
    ? { line, code: f.code, message: f.message, raw }
    : { line, column: f.column, code: f.code, message: f.message, raw };

/**
 * Compiles `mapping` (already checked by `validateMapping`) for a file whose header is `headers`
 * (read at physical line `headerLine`). Columns the mapping needs but the header lacks give
 * `missing_column` file errors (optional columns excepted). Date-times with an offset are stored as
 * their day in `timeZone` (IANA name; the workspace's, default UTC).
 */
export function compileMapping(
  mapping: ImportMapping,
  target: TargetSpec,
  headers: string[],
  headerLine: number,
  timeZone: TimeZone = DEFAULT_TIME_ZONE,
): CompiledMapping {
  const fmt = mapping.format ?? {};
  const numFmt: NumberFormat = {
    decimalSeparator: fmt.decimalSeparator,
    thousandsSeparator: fmt.thousandsSeparator ?? null,
  };
  const allowNegative = fmt.allowNegativeAmounts === true;
  const fileErrors: ImportRowError[] = [];
  const col = (name: string, optional = false): number => {
    const i = findColumn(headers, name);
    if (i < 0 && !optional && !fileErrors.some((e) => e.column === name)) {
      const message = `The mapping reads column ${quote(name)} but the header has no such column (header: ${headers.map(quote).join(', ')}).`;
      fileErrors.push({ line: headerLine, column: name, code: 'missing_column', message });
    }
    return i;
  };
  const fields: CompiledField[] = [];
  for (const [name, spec] of Object.entries(target.fields)) {
    const src = mapping.fields[name];
    if (!src) continue;
    const f: CompiledField = {
      name,
      kind: spec.kind,
      required: spec.required,
      dateFormat: ('format' in src && src.format) || fmt.dateFormat || 'YYYY-MM-DD',
      timeZone,
    };
    if ('value' in src) f.constant = src.value;
    else f.reader = cellReader(src, col);
    if ('column' in src) f.column = headers[findColumn(headers, src.column)] ?? src.column;
    fields.push(f);
  }
  // Money needs the row's currency, so money fields come last.
  fields.sort((a, b) => Number(a.kind === 'money') - Number(b.kind === 'money'));
  const checks = (mapping.shapeChecks ?? []).map((c) => ({
    c,
    i: col(c.column),
    j: c.other ? col(c.other) : -1,
  }));
  if (fileErrors.length > 0) return { ok: false, fileErrors };

  const width = headers.length;
  const shapeFailure = (c: ShapeCheck, column: string, v: string): FieldFailure => {
    const what = c.message ?? `column ${quote(c.column)} is expected to be ${c.expect}`;
    const kind = c.code === 'shifted_row' ? 'Shifted row' : 'Unexpected row shape';
    return new FieldFailure(c.code, column, `${kind}: ${what} (found ${quote(v)}).`);
  };
  const convert = (cells: string[], line: number): RowOutcome => {
    if (cells.length !== width && !extraCellsBlank(cells, width)) {
      const message = `The row has ${cells.length} fields but the header has ${width}.`;
      return {
        line,
        ok: false,
        errors: [rowError(line, new FieldFailure('column_count', undefined, message), cells)],
      };
    }
    for (const { c, i, j } of checks) {
      if (!shapeHolds(c, cells[i], j >= 0 ? cells[j] : '')) {
        return { line, ok: false, errors: [rowError(line, shapeFailure(c, headers[i], cells[i]), cells)] };
      }
    }
    const record: ImportedRecord = {};
    let errors: ImportRowError[] | undefined;
    for (const f of fields) {
      let v: string | number | FieldFailure | undefined = f.constant;
      if (f.reader) {
        const text = f.reader.read(cells);
        if (text === undefined) {
          if (f.required) v = new FieldFailure('missing_value', f.column, `${label(f)} is empty.`);
        } else if (text instanceof FieldFailure) {
          if (text.code !== 'missing_value' || f.required) v = text;
        } else if (f.reader.final) {
          v = text;
        } else if (f.kind === 'money') {
          if (typeof record.currency !== 'string') continue; // the currency error is already reported
          const res = decimalToMinor(
            text,
            knownCurrencyExponent(record.currency) ?? 2,
            numFmt,
            allowNegative,
          );
          v = res.ok ? res.value : numberFailure(f, text, res.code);
        } else {
          v = parseValue(f, text, numFmt);
        }
      }
      if (v instanceof FieldFailure) {
        errors ??= [];
        errors.push(rowError(line, v, cells));
      } else if (v !== undefined) record[f.name] = v;
    }
    return errors ? { line, ok: false, errors } : { line, ok: true, record };
  };
  return { ok: true, convert };
}

/** True when every cell beyond the header's width is blank (trailing empty columns are tolerated). */
function extraCellsBlank(cells: string[], width: number): boolean {
  if (cells.length < width) return false;
  for (let k = width; k < cells.length; k++) if (cells[k].trim() !== '') return false;
  return true;
}

const label = (f: CompiledField): string =>
  f.column ? `Column ${quote(f.column)} (${f.name})` : `Field ${f.name}`;

function numberFailure(
  f: CompiledField,
  text: string,
  code: 'invalid_number' | 'negative_value',
): FieldFailure {
  const expected =
    f.kind === 'money' ? 'a decimal amount in major units (e.g. 12.34)' : 'a whole non-negative number';
  const refunds = f.kind === 'money' ? ' (set format.allowNegativeAmounts to accept refunds)' : '';
  const message =
    code === 'negative_value'
      ? `${label(f)}: ${quote(text)} is negative${refunds}.`
      : `${label(f)}: ${quote(text)} is not ${expected}.`;
  return new FieldFailure(code, f.column, message);
}

function parseValue(f: CompiledField, text: string, numFmt: NumberFormat): string | number | FieldFailure {
  switch (f.kind) {
    case 'count': {
      const r = parseCount(text, numFmt);
      return r.ok ? r.value : numberFailure(f, text, r.code);
    }
    case 'date': {
      // Ad and order files repeat the same few dates; remember recent ones.
      let d = f.dates?.get(text);
      if (d === undefined) {
        d = parseDate(text, f.dateFormat, f.timeZone);
        f.dates ??= new Map();
        if (f.dates.size > 4096) f.dates.clear();
        f.dates.set(text, d);
      }
      if (d) return d;
      return new FieldFailure(
        'invalid_date',
        f.column,
        `${label(f)}: ${quote(text)} is not a date in ${f.dateFormat}.`,
      );
    }
    case 'currency': {
      const c = text.toUpperCase();
      if (knownCurrencyExponent(c) !== null) return c;
      return new FieldFailure(
        'invalid_currency',
        f.column,
        `${label(f)}: ${quote(text)} is not an ISO 4217 currency code.`,
      );
    }
    case 'email':
      if (/^[^\s@]+@[^\s@]+$/.test(text)) return text;
      return new FieldFailure(
        'invalid_email',
        f.column,
        `${label(f)}: ${quote(text)} is not an email address.`,
      );
    default:
      return text;
  }
}
