import { describe, expect, it } from 'vitest';
import { prefixWord, snippetParts } from './search.repository.ts';

/** ts_headline's marks (search.repository.ts): U+E000 before a hit, U+E001 after it. */
const mark = (s: string) => s.replaceAll('[', '\uE000').replaceAll(']', '\uE001');
const shown = (parts: Array<{ text: string; hit: boolean }>) =>
  parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

describe('snippetParts', () => {
  it('keeps a short text whole, every character as it was, hits marked', () => {
    expect(snippetParts(mark('  My [orders] arrived <b>[broken]</b> & late\n'))).toEqual([
      { text: 'My ', hit: false },
      { text: 'orders', hit: true },
      { text: ' arrived <b>', hit: false },
      { text: 'broken', hit: true },
      { text: '</b> & late', hit: false },
    ]);
    expect(snippetParts('')).toEqual([]);
    expect(snippetParts('no hit at all')).toEqual([{ text: 'no hit at all', hit: false }]);
  });

  it('cuts a long text around its first hit at word boundaries, with ellipses', () => {
    const text = `${'alpha '.repeat(40)}the [needle] here ${'omega '.repeat(60)}`;
    const parts = snippetParts(mark(text));
    const s = shown(parts);
    expect(s.startsWith('… alpha')).toBe(true);
    expect(s.endsWith('omega …')).toBe(true);
    expect(s).toContain('the [needle] here');
    expect(s.length).toBeLessThan(230);
    // The start is near the hit: about 60 characters before it.
    expect(s.indexOf('[needle]')).toBeLessThan(80);
  });

  it('starts at the beginning when the first hit is early, and never splits a surrogate pair', () => {
    // One letter, then 150 emoji (two UTF-16 units each) and no space: the cut falls inside a pair.
    const s = shown(snippetParts(mark(`[H]${'😀'.repeat(150)}`)));
    expect(s.startsWith('[H]😀')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('prefixWord', () => {
  it('takes the last plain word of three or more letters or digits', () => {
    expect(prefixWord('where is my ord')).toBe('ord');
    expect(prefixWord('заказ')).toBe('заказ');
    expect(prefixWord('order 12345')).toBe('12345');
  });

  it('leaves phrases, exclusions, operators, short words and punctuation whole', () => {
    for (const q of [
      '"order status"',
      '"order status',
      'refund -order',
      'pie or',
      'an',
      'order?',
      'e-mail',
      'x ab',
    ])
      expect(prefixWord(q), q).toBeUndefined();
  });
});
