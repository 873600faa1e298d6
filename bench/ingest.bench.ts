/**
 * Ingest benchmark (`npm run bench:ingest`; results in docs/benchmarks.md).
 *
 * For each database (PGlite always; PostgreSQL when DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test, accepts connections) Omnify is started for real with
 * `startOmnify` on a fresh database, a FAQ agent and two WhatsApp channels are created through the
 * REST API (their Graph API base URL points at a fake Graph API in the load generator), and the
 * load generator (bench/load-worker.ts, a child process) posts distinct signed WhatsApp text
 * webhooks over loopback:
 *   1. maximum load: autocannon, 50 connections, 2 s warm-up then 10 s, to the channel WITHOUT
 *      agent (ingestion only); messages persisted are counted in the database afterwards;
 *   2. acknowledgement latency at a fixed offered rate of 200/s for 10 s (open loop), same channel;
 *   3. end to end: 300 messages at 50/s to the channel WITH the agent; time from posting to the
 *      agent's reply reaching the fake Graph API.
 * Runs 1 and 2 are repeated against a bare Fastify route that does nothing: the ceiling.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startOmnify } from '../src/server/runtime.ts';
import { createTestDatabase } from '../src/testing/backends.ts';
import type { LoadCommand, LoadResult } from './load-worker.ts';

const API_KEY = 'omk_bench_key_0123456789abcdefghij';
const APP_SECRET = 'bench-whatsapp-app-secret';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const RUN = {
  connections: 50,
  warmup: 2,
  seconds: 10,
  rate: 200,
  rateSeconds: 10,
  e2eCount: 300,
  e2eRate: 50,
};
const AIMS = { postgres: 1000, pglite: 500, p99Ms: 50 };

/** Results for one target (a database, or the bare Fastify ceiling). */
interface TargetResult {
  name: string;
  max: LoadResult;
  /** Inbound messages stored by the measured maximum-load run (undefined for the ceiling). */
  persisted?: number;
  paced: LoadResult;
  /** Inbound messages stored by the 200/s run. */
  pacedPersisted?: number;
  e2e?: LoadResult;
}

/** The load-generator child process: runs `LoadCommand`s and hosts the fake Graph API. */
interface LoadWorker {
  graphUrl: string;
  run(c: LoadCommand): Promise<LoadResult>;
  stop(): Promise<void>;
}

async function startLoadWorker(): Promise<LoadWorker> {
  const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (r: any) => void; reject: (e: Error) => void }>();
  let next = 0;
  const graphUrl = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load worker exited (${code}) before it was ready`)));
    child.on('message', (m: any) => {
      if (m.ready) return resolve(m.graphUrl);
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(`load worker: ${m.error}`));
    });
  });
  const call = (c: LoadCommand) =>
    new Promise<any>((resolve, reject) => {
      pending.set(++next, { resolve, reject });
      child.send({ ...c, id: next });
    });
  return {
    graphUrl,
    run: call,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      await call({ cmd: 'stop' });
      await exited;
    },
  };
}

/** PostgreSQL's version at `url`, or undefined when it cannot be reached within 3 s. */
async function postgresVersion(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query<{ server_version: string }>('SHOW server_version');
    return r.rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Runs the three measurements against Omnify on a fresh database of `kind`. */
async function benchOmnify(kind: 'pglite' | 'postgres', load: LoadWorker): Promise<TargetResult> {
  const database = await createTestDatabase(kind);
  const config = loadConfig(
    {},
    { port: 0, host: '127.0.0.1', apiKey: API_KEY, logLevel: 'silent', ...database.config },
  );
  const omnify = await startOmnify(config, pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }));
  try {
    const api = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${omnify.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json: any = await res.json();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const agent = await api('POST', '/api/v1/agents', {
      kind: 'faq',
      name: 'Bench FAQ',
      config: {
        entries: [{ question: 'Are you open on Saturday?', answer: 'Yes, on Saturdays from 9:00 to 18:00.' }],
        fallback: 'Thanks! We will get back to you.',
      },
    });
    const channel = (name: string, agentId: string | null) =>
      api('POST', '/api/v1/channels', {
        platform: 'whatsapp',
        name,
        agentId,
        config: {
          phoneNumberId: '100000000000001',
          accessToken: 'bench-access-token',
          appSecret: APP_SECRET,
          verifyToken: 'bench-verify-token',
          apiBaseUrl: `${load.graphUrl}/v21.0`,
        },
      });
    const ingest = await channel('Bench: ingest only (no agent)', null);
    const answered = await channel('Bench: end to end (FAQ agent)', agent.id);
    const url = (c: any) => `${omnify.url}/webhooks/${c.id}`;
    // Requests cut off when the load stops may still commit: wait until the count stops moving.
    const settledCount = async () => {
      let last = -1;
      for (;;) {
        const r = await omnify.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND direction = 'inbound'`,
          [ingest.id],
        );
        if (r.rows[0].n === last) return last;
        last = r.rows[0].n;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const base = { url: url(ingest), secret: APP_SECRET };
    await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.warmup });
    const c0 = await settledCount();
    const max = await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.seconds });
    const c1 = await settledCount();
    const paced = await load.run({
      cmd: 'paced',
      ...base,
      rate: RUN.rate,
      seconds: RUN.rateSeconds,
      sockets: RUN.connections,
    });
    const c2 = await settledCount();
    const e2e = await load.run({
      cmd: 'e2e',
      url: url(answered),
      secret: APP_SECRET,
      rate: RUN.e2eRate,
      count: RUN.e2eCount,
      timeoutMs: 30_000,
    });
    const name = kind === 'pglite' ? 'Omnify on PGlite' : 'Omnify on PostgreSQL';
    return { name, max, persisted: c1 - c0, paced, pacedPersisted: c2 - c1, e2e };
  } finally {
    await omnify.stop(false);
    await database.dispose();
  }
}

/** Runs the maximum-load and 200/s measurements against a bare Fastify route that does nothing. */
async function benchCeiling(load: LoadWorker): Promise<TargetResult> {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/webhooks/:channelId', async () => ({ ok: true, stored: 1, duplicates: 0 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as { port: number };
    const base = { url: `http://127.0.0.1:${port}/webhooks/bench`, secret: APP_SECRET };
    await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.warmup });
    const max = await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.seconds });
    const paced = await load.run({
      cmd: 'paced',
      ...base,
      rate: RUN.rate,
      seconds: RUN.rateSeconds,
      sockets: RUN.connections,
    });
    return { name: 'bare Fastify (ceiling)', max, paced };
  } finally {
    await app.close();
  }
}

const num = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : String(v));
const lat = (r: LoadResult | undefined, keys: Array<'p50' | 'p90' | 'p99' | 'max'>) =>
  r ? keys.map((k) => num(r.latency[k])).join(' / ') : '–';

/** The results as rows: one per figure, one column per target. */
function resultRows(results: TargetResult[]): string[][] {
  const col = (f: (r: TargetResult) => string) => results.map(f);
  return [
    ['', ...col((r) => r.name)],
    [
      `Max load (${RUN.connections} conn, ${RUN.seconds} s): requests/s acknowledged (2xx)`,
      ...col((r) => num(r.max.rate)),
    ],
    [
      'Max load: messages/s persisted',
      ...col((r) => (r.persisted === undefined ? '–' : num(Math.round(r.persisted / r.max.seconds)))),
    ],
    ['Max load: acknowledged / persisted (count)', ...col((r) => `${r.max.ok} / ${r.persisted ?? '–'}`)],
    ['Max load: non-2xx / connection errors', ...col((r) => `${r.max.non2xx} / ${r.max.errors}`)],
    ['Max load: ack latency p50 / p99 (ms)', ...col((r) => lat(r.max, ['p50', 'p99']))],
    [`Fixed ${RUN.rate}/s: offered rate (req/s)`, ...col((r) => num(r.paced.rate))],
    [
      `Fixed ${RUN.rate}/s: ack latency p50 / p90 / p99 / max (ms)`,
      ...col((r) => lat(r.paced, ['p50', 'p90', 'p99', 'max'])),
    ],
    [
      `Fixed ${RUN.rate}/s: acknowledged / persisted, non-2xx / errors`,
      ...col((r) => `${r.paced.ok} / ${r.pacedPersisted ?? '–'}, ${r.paced.non2xx} / ${r.paced.errors}`),
    ],
    [
      `End to end (${RUN.e2eCount} msgs at ${RUN.e2eRate}/s, FAQ agent): p50 / p99 / max (ms)`,
      ...col((r) =>
        r.e2e?.endToEnd ? `${r.e2e.endToEnd.p50} / ${r.e2e.endToEnd.p99} / ${r.e2e.endToEnd.max}` : '–',
      ),
    ],
    ['End to end: replies missing after 30 s', ...col((r) => num(r.e2e?.endToEnd?.missing))],
  ];
}

function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

function markdownTable(rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [
    line(rows[0]),
    line(rows[0].map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The aims of the issue and whether this run met them. */
function aimLines(results: TargetResult[], skipped: string | undefined): string[] {
  const find = (n: string) => results.find((r) => r.name.includes(n));
  const lines: string[] = [];
  for (const [label, n, aim] of [
    ['PostgreSQL', 'PostgreSQL', AIMS.postgres],
    ['PGlite', 'PGlite', AIMS.pglite],
  ] as const) {
    const r = find(n);
    const got = r?.persisted !== undefined ? Math.round(r.persisted / r.max.seconds) : undefined;
    lines.push(
      `≥ ${aim} messages/s persisted on ${label}: ${got === undefined ? `not run (${skipped})` : `${got}/s — ${got >= aim ? 'met' : 'NOT met'}`}`,
    );
  }
  for (const r of results.filter((x) => x.persisted !== undefined)) {
    const p99 = r.paced.latency.p99;
    lines.push(
      `p99 acknowledgement < ${AIMS.p99Ms} ms at ${RUN.rate}/s, ${r.name}: ${p99} ms — ${p99 < AIMS.p99Ms ? 'met' : 'NOT met'}`,
    );
  }
  return lines;
}

/** Runs the ingest benchmark, prints the table and writes docs/benchmarks.md. */
export async function runIngestBenchmark(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  const started = new Date();
  const pgVersion = await postgresVersion(databaseUrl);
  const skipped = pgVersion ? undefined : `cannot connect to ${new URL(databaseUrl).host}`;
  if (skipped) console.log(`PostgreSQL skipped: ${skipped} (set DATABASE_URL).`);
  const load = await startLoadWorker();
  const results: TargetResult[] = [];
  try {
    for (const kind of pgVersion ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
      console.log(`Benchmarking Omnify on ${kind}…`);
      results.push(await benchOmnify(kind, load));
    }
    console.log('Benchmarking the bare Fastify ceiling…');
    results.push(await benchCeiling(load));
  } finally {
    await load.stop();
  }
  const rows = resultRows(results);
  const aims = aimLines(results, skipped);
  console.log(`\n${textTable(rows)}\n\nAims:\n${aims.map((l) => `  ${l}`).join('\n')}`);
  const cpus = os.cpus();
  const machine = [
    `CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `OS: ${os.type()} ${os.release()}; Node ${process.version}`,
    `PostgreSQL: ${pgVersion ?? `not run (${skipped})`}`,
  ];
  writeFileSync(
    fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)),
    renderDoc(started, machine, rows, aims),
  );
  console.log('\nWrote docs/benchmarks.md');
}

function renderDoc(date: Date, machine: string[], rows: string[][], aims: string[]): string {
  return `# Benchmarks

## Ingest (\`npm run bench:ingest\`)

Run on ${date.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC). Written by the benchmark itself; run it again to refresh.

${machine.map((m) => `- ${m}`).join('\n')}

### How it works

- Omnify is started for real (\`startOmnify\`: database, migrations, pg-boss queue and its workers,
  Fastify) on a fresh database — a new PGlite folder, and a new database on the PostgreSQL server of
  \`DATABASE_URL\` (default \`${DEFAULT_DATABASE_URL}\`; skipped when it cannot connect) — with default
  settings and logging off. A FAQ agent and two WhatsApp channels are created through the REST API.
- The load generator is a separate Node process (\`bench/load-worker.ts\`), on the same machine over
  loopback: it shares the ${os.cpus().length} cores with the server (and PostgreSQL), not its event loop.
- Every request is a distinct WhatsApp text webhook built from \`samples/payloads/whatsapp/text_hello.json\`
  (new message id and new sender each time, so each one creates a contact, an identity, a conversation
  and a message) and signed with the channel's app secret (\`X-Hub-Signature-256\`).
- **Max load**: autocannon, ${RUN.connections} keep-alive connections, ${RUN.warmup} s warm-up, then ${RUN.seconds} s measured,
  to the channel **without an agent** (ingestion only: verify, parse, store in one transaction, answer).
  "Messages/s persisted" = inbound messages counted in the database after the run ÷ run duration.
  Requests cut off when the run stops may still commit, so persisted can exceed acknowledged by up to
  the number of connections; it must never be lower.
- **Fixed ${RUN.rate}/s**: open-loop load (a request every ${1000 / RUN.rate} ms whatever the answers, up to ${RUN.connections}
  connections) for ${RUN.rateSeconds} s to the same channel; latency = request written → response read.
- **End to end**: ${RUN.e2eCount} messages at ${RUN.e2eRate}/s to the channel **with** the FAQ agent (answers at once, no
  I/O); time from posting the webhook to the reply's \`POST /{phone-number-id}/messages\` arriving at the
  fake Graph API in the load generator (matched by recipient), through the queue, the agent and the send job.
- **Ceiling**: the same max-load and ${RUN.rate}/s runs against a bare Fastify app whose POST route reads the body
  and does nothing else.

### Results

${markdownTable(rows)}

### Aims (from the issue)

${aims.map((l) => `- ${l}`).join('\n')}
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runIngestBenchmark();
}
