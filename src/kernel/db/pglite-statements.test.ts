import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';

/**
 * PGlite runs repeated parameterized statements as EXECUTE of a prepared statement
 * (pglite-statements.ts): the answers and the refusals must be those of the bound statement.
 */
describe('PGlite prepared statements', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite('memory://');
    await db.exec(`CREATE TABLE t (id uuid PRIMARY KEY, name text, tags text[], doc jsonb, at timestamptz,
      n integer, ok boolean)`);
  });
  afterAll(() => db?.close());

  const prepared = async () =>
    (await db.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'omnify_q_%'`))
      .rows.length;

  it('prepares a statement on its second run and answers the same from then on', async () => {
    const before = await prepared();
    const insert = `INSERT INTO t (id, name, tags, doc, at, n, ok) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`;
    const rows = [];
    for (let i = 0; i < 4; i++) {
      const r = await db.query(insert, [
        `00000000-0000-4000-8000-00000000000${i}`,
        `it's "quoted" \\ and ${i}`,
        ['a', 'b"c', null, 'd\\e', "f'g"],
        { k: "v'1", n: i },
        new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        i,
        i % 2 === 0,
      ]);
      expect(r.rowCount).toBe(1);
      rows.push(r.rows[0]);
    }
    expect(await prepared()).toBe(before + 1);
    expect(rows[3]).toEqual({
      id: '00000000-0000-4000-8000-000000000003',
      name: `it's "quoted" \\ and 3`,
      tags: ['a', 'b"c', null, 'd\\e', "f'g"],
      doc: { k: "v'1", n: 3 },
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, 3)),
      n: 3,
      ok: false,
    });
    const update = await db.query('UPDATE t SET n = n + $1 WHERE n >= $2', [10, 2]);
    const again = await db.query('UPDATE t SET n = n + $1 WHERE n >= $2', [10, 2]);
    expect([update.rowCount, again.rowCount]).toEqual([2, 2]);
  });

  it('refuses what the bound statement refuses, with the same SQLSTATE', async () => {
    const q = 'SELECT $1::uuid AS id';
    await db.query(q, ['00000000-0000-4000-8000-000000000000']);
    await db.query(q, ['00000000-0000-4000-8000-000000000000']);
    await expect(db.query(q, ['not a uuid'])).rejects.toMatchObject({ code: '22P02' });
    await expect(db.query(q, ["'); DROP TABLE t; --"])).rejects.toMatchObject({ code: '22P02' });
    expect((await db.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 4 });
  });

  it('round-trips any text exactly (fuzz)', async () => {
    const q = 'SELECT $1::text AS v, $2::text[] AS a';
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
        fc.array(
          fc.string().filter((s) => !s.includes('\u0000')),
          { maxLength: 4 },
        ),
        async (v, a) => {
          const r = await db.query<{ v: string; a: string[] }>(q, [v, a]);
          expect(r.rows[0]).toEqual({ v, a });
        },
      ),
      { numRuns: 200, seed: 20261206 },
    );
  });

  it('runs as it is what it cannot prepare (a parameter of unknown type)', async () => {
    const q = 'SELECT $1 AS v';
    for (let i = 0; i < 3; i++) expect((await db.query(q, ['x'])).rows[0]).toEqual({ v: 'x' });
  });
});
