import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/backends.ts';
import { inBackground } from './background.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';

describe('the embedded database’s settings', () => {
  let tdb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    db = await openPglite(tdb.config.dataDir);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.dispose();
  });

  it('plans for cached data (random_page_cost 1.1) with the small shared_buffers', async () => {
    const { rows } = await db.query<{ rpc: string; sb: string }>(
      `SELECT current_setting('random_page_cost') AS rpc, current_setting('shared_buffers') AS sb`,
    );
    expect(rows).toEqual([{ rpc: '1.1', sb: '16MB' }]);
  });

  /**
   * A real HTTP server on 127.0.0.1 answers with one `SELECT 1`, on a connection already open, while
   * a batch of statements runs `inBackground` or not; answers the batch's statements in the order
   * they and the request ended.
   */
  async function requestDuringBatch(background: boolean): Promise<string[]> {
    const order: string[] = [];
    const server = http.createServer(async (_req, res) => {
      await db.query('SELECT 1');
      order.push('request');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const get = () =>
      new Promise<void>((resolve, reject) =>
        http.get(url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject),
      );
    try {
      await get(); // the connection is open: the next request's bytes reach the server at once
      order.length = 0;
      let started!: () => void;
      const first = new Promise<void>((r) => (started = r));
      const statements = async () => {
        for (let i = 0; i < 6; i++) {
          const q = db.query('SELECT count(*) FROM generate_series(1, 150000)');
          if (i === 0) started();
          await q;
          order.push(`b${i}`);
        }
      };
      const batch = background ? inBackground(statements) : statements();
      await first;
      await Promise.all([batch, get()]);
      return order;
    } finally {
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
  }

  it('answers a request between the statements of background work, not after all of them', async () => {
    const order = await requestDuringBatch(true);
    expect(order.indexOf('request')).toBeLessThanOrEqual(2);
    expect(order.filter((x) => x !== 'request')).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('without inBackground, the same request waits for the whole batch (why model runs use it)', async () => {
    // PGlite runs each statement on this thread and the batch's next one is queued before the
    // request's bytes are read: the request gets the connection only when the batch is done.
    expect(await requestDuringBatch(false)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'request']);
  });
});
