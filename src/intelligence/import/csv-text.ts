/**
 * Low-level CSV text handling: byte decoding (BOM, UTF-8, UTF-16LE, Latin-1 fallback), delimiter
 * detection and a tokenizer that keeps the **physical line number** of every record. Quoting follows
 * RFC 4180 (Shafranovich 2005, "Common Format and MIME Type for CSV Files", section 2): fields may be
 * enclosed in double quotes, a quote inside is doubled, and quoted fields may hold delimiters and
 * line breaks. Unlike RFC 4180 (CRLF only), LF, CRLF and bare CR (old Mac) all end a record, even
 * mixed in one file.
 */
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
const QUOTE = 34;

/**
 * Reads CSV text one record at a time (so a large file's cells need not all live at once).
 * `delimiter` is one character, or `whitespace` for files whose fields are separated by runs of
 * spaces/tabs (no quoting; leading/trailing blanks ignored).
 */
export class CsvCursor {
  private i = 0;
  private line = 1;
  private readonly d: number;
  private readonly endings = { LF: 0, CRLF: 0, CR: 0 };

  constructor(
    private readonly text: string,
    delimiter: string,
  ) {
    this.d = delimiter === 'whitespace' ? -1 : delimiter.charCodeAt(0);
  }

  /** Line-ending style seen so far (the whole file's once `next()` returned null). */
  get lineEnding(): LineEnding {
    const kinds = (Object.keys(this.endings) as (keyof typeof this.endings)[]).filter(
      (k) => this.endings[k] > 0,
    );
    return kinds.length === 0 ? 'none' : kinds.length > 1 ? 'mixed' : kinds[0];
  }

  /** The next record, or null at the end of the text. A blank line is a record with one empty cell. */
  next(): RawRecord | null {
    const { text, d } = this;
    const n = text.length;
    if (this.i >= n) return null;
    const rec: RawRecord = { line: this.line, cells: [] };
    let i = this.i;
    if (d < 0) {
      let j = i;
      while (j < n && text.charCodeAt(j) !== LF && text.charCodeAt(j) !== CR) j++;
      const body = text.slice(i, j).trim();
      rec.cells = body === '' ? [''] : body.split(/[ \t]+/);
      this.i = j < n ? this.newline(j) : n;
      return rec;
    }
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        cell = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            cell += text.slice(j);
            this.line += countBreaks(text, j, n);
            rec.unclosedQuote = true;
            i = n;
            break;
          }
          cell += text.slice(j, q);
          this.line += countBreaks(text, j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Characters after a closing quote (malformed, e.g. `"a"b`) are kept as part of the cell.
        let k = i;
        while (k < n && !isEnd(text.charCodeAt(k), d)) k++;
        if (k > i) cell += text.slice(i, k);
        i = k;
      } else {
        let k = i;
        while (k < n && !isEnd(text.charCodeAt(k), d)) k++;
        cell = text.slice(i, k);
        i = k;
      }
      rec.cells.push(cell);
      if (i >= n) break;
      if (text.charCodeAt(i) === d) {
        i++;
        if (i < n) continue;
        rec.cells.push('');
        break;
      }
      i = this.newline(i);
      break;
    }
    this.i = i;
    return rec;
  }

  /** Consumes the line break at `at`; returns the index after it. */
  private newline(at: number): number {
    const c = this.text.charCodeAt(at);
    this.line++;
    if (c === CR && this.text.charCodeAt(at + 1) === LF) {
      this.endings.CRLF++;
      return at + 2;
    }
    this.endings[c === CR ? 'CR' : 'LF']++;
    return at + 1;
  }
}

/** Splits the whole text into records (see {@link CsvCursor}). */
export function tokenizeCsv(text: string, delimiter: string): Tokenized {
  const cursor = new CsvCursor(text, delimiter);
  const records: RawRecord[] = [];
  for (let r = cursor.next(); r; r = cursor.next()) records.push(r);
  return { records, lineEnding: cursor.lineEnding };
}

const isEnd = (c: number, d: number): boolean => c === d || c === LF || c === CR;

/** Line breaks (LF, CRLF or CR, each counted once) in text[from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}
