import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, detectDelimiter, tokenizeCsv } from './csv-text.ts';

const cells = (text: string, d = ',') => tokenizeCsv(text, d).records.map((r) => [r.line, ...r.cells]);

describe('tokenizeCsv', () => {
  it('splits LF, CRLF and bare CR the same way and reports the style', () => {
    const lf = 'a,b\n1,2\n3,4\n';
    for (const [text, style] of [
      [lf, 'LF'],
      [lf.replaceAll('\n', '\r\n'), 'CRLF'],
      [lf.replaceAll('\n', '\r'), 'CR'],
      ['a,b\r\n1,2\n3,4\r', 'mixed'],
      ['a,b', 'none'],
    ] as const) {
      const t = tokenizeCsv(text, ',');
      expect(t.lineEnding, style).toBe(style);
      if (style !== 'none')
        expect(cells(text)).toEqual([
          [1, 'a', 'b'],
          [2, '1', '2'],
          [3, '3', '4'],
        ]);
    }
  });
  it('handles RFC 4180 quoting and keeps physical line numbers across quoted line breaks', () => {
    const text = 'x,y\r\n"a,b","say ""hi"""\r\n"two\r\nlines",z\r\n"three\rline\nmix",w\r\nlast,';
    expect(cells(text)).toEqual([
      [1, 'x', 'y'],
      [2, 'a,b', 'say "hi"'],
      [3, 'two\r\nlines', 'z'],
      [5, 'three\rline\nmix', 'w'],
      [8, 'last', ''],
    ]);
  });
  it('flags an unclosed quote and keeps empty lines as blank records', () => {
    const t = tokenizeCsv('a\n\n"open\nstill', ',');
    expect(t.records.map((r) => [r.line, r.cells, r.unclosedQuote ?? false])).toEqual([
      [1, ['a'], false],
      [2, [''], false],
      [3, ['open\nstill'], true],
    ]);
  });
  it('reads the cells of a record whose quote is never closed, after earlier fields', () => {
    const t = tokenizeCsv('h1,h2\r\nx,"open\r\nstill,more', ',');
    expect(t.records.map((r) => [r.line, r.cells, r.unclosedQuote ?? false])).toEqual([
      [1, ['h1', 'h2'], false],
      [2, ['x', 'open\r\nstill,more'], true],
    ]);
  });
  it('counts lines after multi-byte text and keeps stray quotes as text', () => {
    expect(cells('café,"é\nx"\n"a"b,c"d\nz')).toEqual([
      [1, 'café', 'é\nx'],
      [3, '"a"b', 'c"d'],
      [4, 'z'],
    ]);
    expect(cells('a;"b;c"\n1;2', ';')).toEqual([
      [1, 'a', 'b;c'],
      [2, '1', '2'],
    ]);
  });
  it('splits whitespace-separated files on runs of blanks', () => {
    expect(cells(' id  date\tn \r\n 001  19970101  1\r\n\r\n', 'whitespace')).toEqual([
      [1, 'id', 'date', 'n'],
      [2, '001', '19970101', '1'],
      [3, ''],
    ]);
  });
});

describe('detectDelimiter and decodeCsvBytes', () => {
  it('detects , ; and tab from the header line', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('\n\na;b;"c,d"\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });
  it('removes BOMs, reads UTF-16LE and falls back to Latin-1', () => {
    expect(decodeCsvBytes(Buffer.from('\ufeffa,b', 'utf8'))).toEqual({
      text: 'a,b',
      encoding: 'utf-8',
      hadBom: true,
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x\ty', 'utf16le')]);
    expect(decodeCsvBytes(utf16)).toEqual({ text: 'x\ty', encoding: 'utf-16le', hadBom: true });
    expect(decodeCsvBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toEqual({
      text: 'café',
      encoding: 'latin1',
      hadBom: false,
    });
    expect(decodeCsvBytes('\ufeffq')).toEqual({ text: 'q', encoding: 'utf-8', hadBom: true });
  });
});
