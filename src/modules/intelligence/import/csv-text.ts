/**
 * Low-level CSV text handling: byte decoding (BOM, UTF-8, UTF-16LE, Latin-1 fallback), delimiter
 * detection, and records split by csv-parse with the **physical line number** of each. Quoting follows
 * RFC 4180 (Shafranovich 2005, "Common Format and MIME Type for CSV Files", section 2): fields may be
 * enclosed in double quotes, a quote inside is doubled, and quoted fields may hold delimiters and
 * line breaks. Unlike RFC 4180 (CRLF only), LF, CRLF and bare CR (old Mac) all end a record, even
 * mixed in one file.
 */
import { type CastingContext, CsvError, type Info, parse } from 'csv-parse/sync';
import type { LineEnding } from './types.ts';

/** Text decoded from bytes, with what was found. */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'latin1';
  hadBom: boolean;
}

/**
 * Decodes file bytes: a UTF-8 BOM (EF BB BF) or UTF-16LE BOM (FF FE) is removed and selects the
 * encoding; otherwise UTF-8 is tried strictly and Latin-1 is used when the bytes are not valid UTF-8
 * (old spreadsheet exports). A string input is used as is (a leading U+FEFF is removed).
 */
export function decodeCsvBytes(input: Buffer | string): DecodedText {
  if (typeof input === 'string') {
    const hadBom = input.charCodeAt(0) === 0xfeff;
    return { text: hadBom ? input.slice(1) : input, encoding: 'utf-8', hadBom };
  }
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    return { text: input.subarray(3).toString('utf8'), encoding: 'utf-8', hadBom: true };
  }
  if (input[0] === 0xff && input[1] === 0xfe) {
    return { text: input.subarray(2).toString('utf16le'), encoding: 'utf-16le', hadBom: true };
  }
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(input),
      encoding: 'utf-8',
      hadBom: false,
    };
  } catch {
    return { text: input.toString('latin1'), encoding: 'latin1', hadBom: false };
  }
}

/**
 * Picks the delimiter from the first non-empty line: the most frequent of `,` `;` and tab outside
 * quotes; comma on a tie or when none occurs.
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const start = text.search(/[^\r\n]/);
  if (start < 0) return ',';
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** One record of the file as text cells. */
export interface RawRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
  /** Set when a quoted field was still open at the end of the file. */
  unclosedQuote?: boolean;
}

/** Records and the line-ending style seen. */
export interface Tokenized {
  records: RawRecord[];
  lineEnding: LineEnding;
}

const LF = 10;
const CR = 13;
/** Every record delimiter is accepted anywhere, so files that mix styles read as one. */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/**
 * Splits CSV text into records with csv-parse (its sync API) and adds what it does not give: the
 * **physical line** where each record starts (csv-parse's own line count double-counts CRLF inside
 * quoted fields, so lines are counted here from the byte offset where each record ends) and the
 * line-ending style. `delimiter` is one character, or `whitespace` for files whose fields are
 * separated by runs of spaces/tabs (no quoting; leading/trailing blanks ignored).
 *
 * A blank line is a record with one empty cell. Rows may have any number of cells
 * (`relax_column_count`: the caller reports column-count problems per row); a stray quote inside
 * or right after a field is kept as text (`relax_quotes`). A quoted field still open at the end of
 * the file ends the file: its record holds the rest of the text and has `unclosedQuote`.
 *
 * @throws CsvError from csv-parse only for failures other than an unclosed quote (none are known
 *   with these options).
 */
export function tokenizeCsv(text: string, delimiter: string): Tokenized {
  if (delimiter === 'whitespace') return splitOnBlanks(text);
  const buf = Buffer.from(text, 'utf8');
  const parsed: { cells: string[]; end: number }[] = [];
  let unclosed = false;
  try {
    parseRecords(buf, delimiter, parsed);
  } catch (e) {
    if (!(e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED')) throw e;
    unclosed = true;
  }
  const records: RawRecord[] = [];
  const endings = new EndingCounter();
  let line = 1;
  let start = 0;
  for (const p of parsed) {
    records.push({ line, cells: p.cells });
    line += countBreaks(buf, start, p.end);
    endings.add(buf, p.end);
    start = p.end;
  }
  if (unclosed) {
    // Close the quote at the end of the file to read the last record's cells.
    const rest = buf.subarray(start);
    const closed: { cells: string[]; end: number }[] = [];
    try {
      parseRecords(Buffer.concat([rest, Buffer.from('"')]), delimiter, closed);
    } catch {
      closed.length = 0;
    }
    const cells = closed.length === 1 ? closed[0].cells : [rest.toString('utf8')];
    records.push({ line, cells, unclosedQuote: true });
  }
  return { records, lineEnding: endings.style };
}

/** Runs csv-parse, appending each record and the byte offset after its record delimiter to `out`. */
function parseRecords(buf: Buffer, delimiter: string, out: { cells: string[]; end: number }[]): void {
  parse(buf, {
    delimiter,
    record_delimiter: RECORD_DELIMITERS,
    relax_column_count: true,
    relax_quotes: true,
    // Collected here (not from the return value) so the records before a failure are kept.
    on_record: (record: string[], context: CastingContext) => {
      out.push({ cells: record, end: (context as unknown as Info).bytes });
      return null;
    },
  });
}

/** Counts the line-ending styles of record ends. */
class EndingCounter {
  private readonly seen = new Set<'LF' | 'CRLF' | 'CR'>();
  /** Records the ending of the record that ends just before byte `end` (if it ends in a break). */
  add(buf: Buffer | string, end: number): void {
    const last = typeof buf === 'string' ? buf.charCodeAt(end - 1) : buf[end - 1];
    const before = typeof buf === 'string' ? buf.charCodeAt(end - 2) : buf[end - 2];
    if (last === LF) this.seen.add(before === CR ? 'CRLF' : 'LF');
    else if (last === CR) this.seen.add('CR');
  }
  get style(): LineEnding {
    const kinds = [...this.seen];
    return kinds.length === 0 ? 'none' : kinds.length > 1 ? 'mixed' : kinds[0];
  }
}

/** Whitespace-separated files: one record per line, cells split on runs of spaces/tabs. */
function splitOnBlanks(text: string): Tokenized {
  const records: RawRecord[] = [];
  const endings = new EndingCounter();
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  let line = 1;
  while (start < text.length) {
    const m = breaks.exec(text);
    const end = m ? m.index : text.length;
    const body = text.slice(start, end).trim();
    records.push({ line: line++, cells: body === '' ? [''] : body.split(/[ \t]+/) });
    start = m ? m.index + m[0].length : text.length;
    if (m) endings.add(text, start);
  }
  return { records, lineEnding: endings.style };
}

/** Line breaks (LF, CRLF or CR, each counted once) in buf[from, to). */
function countBreaks(buf: Buffer, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    if (buf[k] === LF) count++;
    else if (buf[k] === CR && buf[k + 1] !== LF) count++;
  }
  return count;
}
