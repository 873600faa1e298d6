/**
 * Cell readers for the field sources of a mapping (column, join, date parts) and the shape checks.
 * Built once per file with column indices resolved; called once per row, so they avoid allocation.
 */

import { parseDecimal } from '../../../kernel/money/decimal.ts';
import { formatDate, parseMonth } from './dates.ts';
import type { FieldSource, ShapeCheck } from './mapping.ts';
import type { ImportErrorCode } from './types.ts';

/** A problem found while reading one field of a row. */
export class FieldFailure {
  constructor(
    readonly code: ImportErrorCode,
    readonly column: string | undefined,
    readonly message: string,
  ) {}
}

/**
 * Reads a field's text from a row: the trimmed text, undefined when empty (and no default), or a
 * failure. `final` readers (date parts) return an already-normalized value.
 */
export interface CellReader {
  read: (cells: string[]) => string | undefined | FieldFailure;
  final: boolean;
}

/** Quotes a raw value for a message (cut at 60 characters). */
export const quote = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

const missing = (column: string): FieldFailure =>
  new FieldFailure('missing_value', column, `Column ${quote(column)} is empty.`);

/** Builds the reader of a non-constant source; `col` resolves a header name to its index (-1 absent). */
export function cellReader(
  src: Exclude<FieldSource, { value: unknown }>,
  col: (name: string, optional?: boolean) => number,
): CellReader {
  if ('join' in src) {
    const idx = src.join.map((c) => col(c));
    const sep = src.separator ?? '|';
    const read = (cells: string[]): string | FieldFailure => {
      let out = '';
      for (let k = 0; k < idx.length; k++) {
        const part = cells[idx[k]].trim();
        if (part === '') return missing(src.join[k]);
        out = k === 0 ? part : out + sep + part;
      }
      return out;
    };
    return { read, final: false };
  }
  if ('year' in src) return { read: datePartsReader(src, col), final: true };
  const i = col(src.column, src.optional === true);
  const dflt = src.default !== undefined && src.default !== '' ? src.default : undefined;
  const read = (cells: string[]): string | undefined => {
    const t = i < 0 ? '' : cells[i].trim();
    return t !== '' ? t : dflt;
  };
  return { read, final: false };
}

function datePartsReader(
  src: Extract<FieldSource, { year: unknown }>,
  col: (name: string) => number,
): (cells: string[]) => string | FieldFailure {
  const yearCol = typeof src.year === 'number' ? undefined : src.year.column;
  const yi = yearCol === undefined ? -1 : col(yearCol);
  const fixedYear = typeof src.year === 'number' ? String(src.year) : '';
  const mi = col(src.month.column);
  const di = col(src.day.column);
  const names = src.month.names === true;
  const months = new Map<string, number | null>();
  const monthOf = (s: string): number | null => {
    let m = months.get(s);
    if (m === undefined) {
      m = names || /^\d{1,2}$/.test(s) ? parseMonth(s) : null;
      months.set(s, m);
    }
    return m;
  };
  return (cells) => {
    const y = yi >= 0 ? cells[yi].trim() : fixedYear;
    const mo = cells[mi].trim();
    const d = cells[di].trim();
    if (y === '') return missing(yearCol ?? 'year');
    if (mo === '') return missing(src.month.column);
    if (d === '') return missing(src.day.column);
    const month = monthOf(mo);
    const date =
      month !== null && /^\d{4}$/.test(y) && /^\d{1,2}$/.test(d) ? formatDate(+y, month, +d) : null;
    if (date) return date;
    const cols = [yearCol ?? 'year', src.month.column, src.day.column].map(quote).join(', ');
    const message = `Columns ${cols}: ${[y, mo, d].map(quote).join(' / ')} is not a valid date.`;
    return new FieldFailure('invalid_date', src.day.column, message);
  };
}

/** True when the cell `v` has the shape `c` expects (`other` is the cell of `c.other`). */
export function shapeHolds(c: ShapeCheck, v: string, other: string): boolean {
  const t = v.trim();
  switch (c.expect) {
    case 'integer':
      return /^[+-]?\d+$/.test(t);
    case 'decimal':
      return parseDecimal(t) !== null;
    case 'notNumber':
      return t !== '' && parseDecimal(t) === null;
    case 'nonEmpty':
      return t !== '';
    case 'empty':
      return t === '';
    case 'sameAs':
      return t === other.trim();
  }
}
