/**
 * Live events benchmark (`npm run bench -- events`; results in docs/benchmarks.md).
 *
 * For each database (PGlite always; PostgreSQL when DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test, accepts connections) Omnify is started with
 * `startOmnify` on a fresh database with a generic webhook channel (no agent). `streams` clients
 * open `GET /api/v1/events` (Server-Sent Events over loopback), then 300 signed webhook messages
 * are posted at 50/s (open loop). For every message and every stream: the time from just before
 * its POST to its `message.created` event being parsed by that client. Clients run in this process,
 * on the server's event loop, so the figures include their parsing (pessimistic).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { startOmnify } from '../src/app/runtime.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../src/integrations/webhook/omnify-signature.ts';
import { loadConfig } from '../src/kernel/config/config.ts';
import { openEventStream } from '../src/modules/inbox/events.test-client.ts';
import { createTestDatabase } from '../src/testing/backends.ts';
import { writeBenchSection } from './doc-sections.ts';

const API_KEY = 'omk_bench_key_0123456789abcdefghij';
const SECRET = 'bench-events-secret-0123456789';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const MESSAGES = 300;
const RATE_PER_S = 50;

interface Result {
  kind: string;
  streams: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  lost: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function measure(kind: 'pglite' | 'postgres', streams: number): Promise<Result> {
  const db = await createTestDatabase(kind);
  const config = loadConfig(
    {},
    // The channel's callback URL is on 127.0.0.1 (never called: the channel has no agent).
    { port: 0, host: '127.0.0.1', apiKey: API_KEY, logLevel: 'silent', allowPrivateUrls: true, ...db.config },
  );
  const omnify = await startOmnify(config, pino({ level: 'silent' }));
  try {
    const ch = await fetch(`${omnify.url}/api/v1/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        platform: 'webhook',
        config: { secret: SECRET, callbackUrl: 'http://127.0.0.1:9/x' },
      }),
    });
    if (ch.status !== 201) throw new Error(`channel: ${ch.status} ${await ch.text()}`);
    const channel = ((await ch.json()) as { id: string }).id;
    const clients = await Promise.all(
      Array.from({ length: streams }, () =>
        openEventStream(`${omnify.url}/api/v1/events`, { authorization: `Bearer ${API_KEY}` }),
      ),
    );
    const sentAt = new Map<string, number>();
    const posts: Promise<unknown>[] = [];
    const start = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      const due = start + (i * 1000) / RATE_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const text = `bench-${i}`;
      const raw = Buffer.from(
        JSON.stringify({
          type: 'message',
          id: text,
          from: { id: `s-${i % 20}` },
          threadId: `t-${i % 20}`,
          text,
        }),
      );
      sentAt.set(text, performance.now());
      posts.push(
        fetch(`${omnify.url}/webhooks/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, raw) },
          body: new Uint8Array(raw),
        }).then(async (r) => {
          if (r.status !== 200) throw new Error(`webhook: ${r.status} ${await r.text()}`);
        }),
      );
    }
    await Promise.all(posts);
    await Promise.all(
      clients.map((c) =>
        c.until(
          'all messages',
          (e) => e.filter((x) => x.event === 'message.created').length >= MESSAGES,
          30_000,
        ),
      ),
    ).catch(() => {}); // counted as lost below
    const latencies: number[] = [];
    let lost = 0;
    for (const c of clients) {
      const seen = new Map(
        c.events
          .filter((e) => e.event === 'message.created')
          .map((e) => [e.data.message.preview as string, e.receivedAt]),
      );
      for (const [text, t0] of sentAt) {
        const t = seen.get(text);
        if (t === undefined) lost++;
        else latencies.push(t - t0);
      }
      c.close();
    }
    latencies.sort((a, b) => a - b);
    return {
      kind,
      streams,
      p50: pct(latencies, 0.5),
      p95: pct(latencies, 0.95),
      p99: pct(latencies, 0.99),
      max: latencies.at(-1) ?? Number.NaN,
      lost,
    };
  } finally {
    await omnify.stop(false);
    await db.dispose();
  }
}

async function postgresReachable(): Promise<boolean> {
  process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Runs the events benchmark on each database, prints the table and writes docs/benchmarks.md. */
export async function runEventsBenchmark(): Promise<void> {
  const kinds: Array<'pglite' | 'postgres'> = ['pglite'];
  if (await postgresReachable()) kinds.push('postgres');
  const results: Result[] = [];
  for (const kind of kinds)
    for (const streams of [1, 100]) {
      console.log(`Measuring ${kind} with ${streams} stream(s)…`);
      results.push(await measure(kind, streams));
    }
  const ms = (v: number) => v.toFixed(1);
  const table = [
    '| database | open streams | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | events lost |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.kind} | ${r.streams} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.lost} |`,
    ),
  ].join('\n');
  console.log(`\n${table}`);
  writeBenchSection(
    'events',
    `## Live events (\`npm run bench -- events\`)

From posting a signed webhook message (generic webhook channel, no agent) to its \`message.created\`
event parsed by each client of \`GET /api/v1/events\` (Server-Sent Events over loopback): ${MESSAGES}
messages at ${RATE_PER_S}/s, open loop, with 1 and with 100 streams open on the same workspace. The
time includes the webhook's group commit, the NOTIFY, the process's one read of the log and the
write to every stream. Clients run in the benchmark process on the server's event loop, so their
parsing is counted too. ${new Date().toISOString().slice(0, 10)}, on the 2-core development machine while other work shared it (upper bounds).

${table}`,
  );
  console.log('\nWrote the events section of docs/benchmarks.md');
}
