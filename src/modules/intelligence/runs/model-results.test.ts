import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../kernel/db/database.ts';
import { EMBEDDED_STATEMENT } from '../../../kernel/db/statement-size.ts';
import { type ModelResult, saveModelResults } from './model-results.ts';

/** A Queryable that records each statement's subject ids and JSON texts instead of running them. */
function recorder() {
  const statements: { ids: string[]; texts: string[] }[] = [];
  const tx: Queryable = {
    query: async (_text, params) => {
      statements.push({ ids: params![4] as string[], texts: params![5] as string[] });
      return { rows: [], rowCount: 0 } as never;
    },
  };
  return { tx, statements };
}

const result = (i: number, chars: number): ModelResult => ({
  subjectType: 'ad',
  subjectId: `a${i}`,
  result: undefined,
  resultJson: JSON.stringify({ pad: 'x'.repeat(chars) }),
});

describe('saveModelResults chunks', () => {
  it('writes at most 2,000 results per statement, every result once and in order', async () => {
    const { tx, statements } = recorder();
    const results = Array.from({ length: 4_500 }, (_, i) => result(i, 10));
    await saveModelResults(tx, 'w', 'anomaly', null, results);
    expect(statements.map((s) => s.ids.length)).toEqual([2_000, 2_000, 500]);
    expect(statements.flatMap((s) => s.ids)).toEqual(results.map((r) => r.subjectId));
  });

  it('keeps each statement to about 8 MB of JSON, and a larger single result to a statement of its own', async () => {
    const { tx, statements } = recorder();
    const results = [result(0, 3e6), result(1, 3e6), result(2, 3e6), result(3, 9e6), result(4, 10)];
    await saveModelResults(tx, 'w', 'anomaly', null, results);
    expect(statements.map((s) => s.ids)).toEqual([['a0', 'a1'], ['a2'], ['a3'], ['a4']]);
    for (const s of statements.slice(0, 2))
      expect(s.texts.reduce((n, t) => n + t.length, 0)).toBeLessThanOrEqual(8_000_000);
  });

  it('keeps to the embedded database’s smaller statements when given its sizes', async () => {
    const { tx, statements } = recorder();
    const small = Array.from({ length: 1_200 }, (_, i) => result(i, 10));
    await saveModelResults(tx, 'w', 'anomaly', null, small, EMBEDDED_STATEMENT);
    expect(statements.map((s) => s.ids.length)).toEqual([500, 500, 200]);
    const { tx: tx2, statements: large } = recorder();
    await saveModelResults(
      tx2,
      'w',
      'anomaly',
      null,
      [result(0, 200_000), result(1, 200_000)],
      EMBEDDED_STATEMENT,
    );
    expect(large.map((s) => s.ids)).toEqual([['a0'], ['a1']]);
  });

  it('encodes results given as objects', async () => {
    const { tx, statements } = recorder();
    await saveModelResults(tx, 'w', 'ltv', null, [
      { subjectType: 'workspace', subjectId: 'w', result: { a: 1 } },
    ]);
    expect(statements[0].texts).toEqual(['{"a":1}']);
  });
});
