import { and, eq, sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../app/database.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import type { Database } from './database.ts';
import { keyset, orm, scoped } from './orm.ts';

const probe = pgTable('orm_probe', {
  id: uuid().defaultRandom().primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  big: bigint('big', { mode: 'number' }).notNull(),
  bigRaw: bigint('big_raw', { mode: 'bigint' }),
  doc: jsonb('doc').$type<{ a: number[] }>().notNull(),
  tags: text('tags').array().notNull(),
  n: integer('n'),
});

describe.each(testBackends())('Drizzle over our Queryable on %s', (backend) => {
  let tdb: TestDatabase;
  let db: Database;
  const ws = '00000000-0000-4000-8000-000000000001';
  const other = '00000000-0000-4000-8000-000000000002';

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    db = await openAppDatabase(tdb.config);
    await db.exec(`CREATE TABLE orm_probe (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), workspace_id uuid NOT NULL,
      at timestamptz NOT NULL, big bigint NOT NULL, big_raw bigint, doc jsonb NOT NULL, tags text[] NOT NULL, n integer)`);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.dispose();
  });

  it('reads a calendar date as the same YYYY-MM-DD in any time zone of the server process', async () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ['Europe/Berlin', 'Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = zone;
        const { rows } = await db.query<{ d: string }>(`SELECT '2026-11-01'::date AS d`);
        expect(rows[0]!.d, zone).toBe('2026-11-01');
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('maps timestamptz, bigint, jsonb, uuid, arrays and nulls both ways', async () => {
    const at = new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123));
    const [row] = await orm(db)
      .insert(probe)
      .values({
        workspaceId: ws,
        at,
        big: 2 ** 40,
        bigRaw: 9007199254740993n,
        doc: { a: [1, 2] },
        tags: ['x', 'y"z'],
      })
      .returning();
    expect(row!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.at.toISOString()).toBe(at.toISOString());
    expect(row!.big).toBe(2 ** 40);
    expect(row!.bigRaw).toBe(9007199254740993n);
    expect(row!.doc).toEqual({ a: [1, 2] });
    expect(row!.tags).toEqual(['x', 'y"z']);
    expect(row!.n).toBeNull();
    const [again] = await orm(db).select().from(probe).where(eq(probe.id, row!.id));
    expect(again).toEqual(row);
  });

  it('selects same-named columns of a join apart (array row mode)', async () => {
    const a = orm(db)
      .$with('a')
      .as(
        orm(db)
          .select({ id: probe.id, one: sql<number>`1`.as('one') })
          .from(probe)
          .limit(1),
      );
    const rows = await orm(db)
      .with(a)
      .select({ left: probe.id, right: a.id, one: a.one })
      .from(probe)
      .innerJoin(a, eq(a.id, probe.id));
    expect(rows[0]!.left).toBe(rows[0]!.right);
    expect(rows[0]!.one).toBe(1);
  });

  it('runs inside our transactions: a rollback undoes typed writes', async () => {
    await expect(
      db.transaction(async (tx) => {
        await scoped(tx, other)
          .db.insert(probe)
          .values(scoped(tx, other).values({ at: new Date(), big: 1, doc: { a: [] }, tags: [] }));
        const seen = await orm(tx).select({ id: probe.id }).from(probe).where(eq(probe.workspaceId, other));
        expect(seen).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await orm(db).select().from(probe).where(eq(probe.workspaceId, other))).toEqual([]);
  });

  it('scopes to one workspace and pages with the keyset cursor both ways', async () => {
    const s = scoped(db, other);
    const base = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 5; i++) {
      // Two rows share each microsecond-precise time: the id breaks the tie.
      await s.db
        .insert(probe)
        .values(s.values({ at: new Date(base + Math.floor(i / 2)), big: i, doc: { a: [i] }, tags: [] }));
    }
    const read = async (order: 'asc' | 'desc', cursor?: string) => {
      const k = keyset({ sort: probe.at, id: probe.id, limit: 2, cursor, order });
      const rows = await s.db
        .select({ id: probe.id, big: probe.big, pageAt: k.pageAt })
        .from(probe)
        .where(and(s.where(probe), k.after))
        .orderBy(...k.orderBy)
        .limit(k.limit);
      return k.page(rows, (r) => r.big);
    };
    for (const order of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const p = await read(order, cursor);
        seen.push(...p.data);
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    }
    expect(() => keyset({ sort: probe.at, id: probe.id, limit: 1, cursor: 'nope' })).toThrow(
      expect.objectContaining({ code: 'OMNIFY_ERR_VALIDATION' }),
    );
    const all = await s.db.select({ ws: probe.workspaceId }).from(probe).where(s.where(probe));
    expect(new Set(all.map((r) => r.ws))).toEqual(new Set([other]));
  });
});
