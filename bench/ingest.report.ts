/**
 * Presentation of the ingest benchmark: the results table (text for stdout, Markdown for
 * docs/benchmarks.md), the aims of the issue with whether they were met, and the document itself.
 */
import type { LoadResult } from './load-worker.ts';

/** The run's settings (also shown in the document). */
export const RUN = {
  connections: 50,
  warmup: 2,
  seconds: 10,
  rate: 200,
  rateSeconds: 10,
  e2eCount: 300,
  e2eRate: 50,
  e2eTimeoutMs: 30_000,
  singleCount: 20,
  singleRate: 2,
};

/** The aims of the issue: messages/s persisted per database, p99 acknowledgement at 200/s. */
export const AIMS = { postgres: 1800, pglite: 1000, p99Ms: 50, e2eP99Ms: 500, singleMs: 100 };

/** CPU used during one run, in cores (1 = one core fully busy), and the server's event-loop use. */
export interface CpuUse {
  machine: number;
  server: number;
  loadGenerator: number;
  /** Share of time the server's event loop was busy (0–1). */
  eventLoop: number;
}

/** One load run and what the server side measured around it. */
export type Run = LoadResult & { cpu: CpuUse };

/** Results for one target: a database, or the bare Fastify ceiling (no persisted counts, no e2e). */
export interface TargetResult {
  name: string;
  max: Run;
  /** Inbound messages stored during the measured maximum-load run. */
  persisted?: number;
  paced: Run;
  /** Inbound messages stored during the fixed-rate run. */
  pacedPersisted?: number;
  e2e?: Run;
  /** End to end, one message at a time. */
  single?: Run;
}

const num = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : String(v));
const lat = (r: LoadResult | undefined, keys: Array<'p50' | 'p90' | 'p99' | 'max'>) =>
  r ? keys.map((k) => num(r.latency[k])).join(' / ') : '–';
const cores = (c: CpuUse | undefined) =>
  c
    ? [c.machine, c.server, c.loadGenerator, Math.max(0, c.machine - c.server - c.loadGenerator)]
        .map((v) => v.toFixed(2))
        .join(' / ')
    : '–';
const persistedRate = (r: TargetResult) =>
  r.persisted === undefined ? undefined : Math.round(r.persisted / r.max.seconds);

/** The results as rows (figure, then one column per target); the first row names the targets. */
export function resultRows(results: TargetResult[]): string[][] {
  const row = (label: string, f: (r: TargetResult) => string) => [label, ...results.map(f)];
  const e2e = (r: TargetResult) => r.e2e?.endToEnd;
  return [
    row('', (r) => r.name),
    row(`Max load (${RUN.connections} conn, ${RUN.seconds} s): requests/s acknowledged (2xx)`, (r) =>
      num(r.max.rate),
    ),
    row('Max load: messages/s persisted', (r) => num(persistedRate(r))),
    row('Max load: acknowledged / persisted (count)', (r) => `${r.max.ok} / ${r.persisted ?? '–'}`),
    row('Max load: non-2xx / connection errors', (r) => `${r.max.non2xx} / ${r.max.errors}`),
    row('Max load: ack latency p50 / p99 (ms)', (r) => lat(r.max, ['p50', 'p99'])),
    row('Max load: CPU cores used: all / server / load gen / rest (DB…)', (r) => cores(r.max.cpu)),
    row('Max load: server event-loop utilization', (r) => r.max.cpu.eventLoop.toFixed(2)),
    row(`Fixed ${RUN.rate}/s: offered rate (req/s)`, (r) => num(r.paced.rate)),
    row(`Fixed ${RUN.rate}/s: ack latency p50 / p90 / p99 / max (ms)`, (r) =>
      lat(r.paced, ['p50', 'p90', 'p99', 'max']),
    ),
    row(
      `Fixed ${RUN.rate}/s: acknowledged / persisted, non-2xx / errors`,
      (r) => `${r.paced.ok} / ${r.pacedPersisted ?? '–'}, ${r.paced.non2xx} / ${r.paced.errors}`,
    ),
    row(`Fixed ${RUN.rate}/s: CPU cores used: all / server / load gen / rest`, (r) => cores(r.paced.cpu)),
    row(
      `End to end (${RUN.e2eCount} msgs at ${RUN.e2eRate}/s, FAQ agent): p50 / p90 / p99 / max (ms)`,
      (r) => {
        const e = e2e(r);
        return e ? `${e.p50} / ${e.p90} / ${e.p99} / ${e.max}` : '–';
      },
    ),
    row(`End to end: replies missing after ${RUN.e2eTimeoutMs / 1000} s`, (r) => num(e2e(r)?.missing)),
    row('End to end: ack latency p50 / p99 (ms) with the agent working', (r) => lat(r.e2e, ['p50', 'p99'])),
    row('End to end: CPU cores used: all / server / load gen / rest', (r) => cores(r.e2e?.cpu)),
    row(
      `End to end, one message at a time (${RUN.singleCount} at ${RUN.singleRate}/s): p50 / p90 / p99 / max (ms)`,
      (r) => {
        const e = r.single?.endToEnd;
        return e ? `${e.p50} / ${e.p90} / ${e.p99} / ${e.max}` : '–';
      },
    ),
  ];
}

/** Rows as an aligned plain-text table. */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

/** Rows as a Markdown table. */
export function markdownTable(rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  const rule = rows[0]!.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(rows[0]!), line(rule), ...rows.slice(1).map(line)].join('\n');
}

/** The aims of the issue, each with this run's figure and whether it was met. */
export function aimLines(results: TargetResult[], postgresSkipped: string | undefined): string[] {
  const lines: string[] = [];
  const targets = [
    ['PostgreSQL', AIMS.postgres],
    ['PGlite', AIMS.pglite],
  ] as const;
  for (const [db, aim] of targets) {
    const r = results.find((x) => x.name.includes(db));
    const got = r && persistedRate(r);
    const verdict =
      got === undefined ? `not run (${postgresSkipped})` : `${got}/s — ${got >= aim ? 'met' : 'NOT met'}`;
    lines.push(`≥ ${aim} messages/s persisted on ${db}: ${verdict}`);
  }
  for (const r of results.filter((x) => x.persisted !== undefined)) {
    const p99 = r.paced.latency.p99;
    const verdict = p99 < AIMS.p99Ms ? 'met' : 'NOT met';
    lines.push(`p99 acknowledgement < ${AIMS.p99Ms} ms at ${RUN.rate}/s, ${r.name}: ${p99} ms — ${verdict}`);
  }
  for (const r of results.filter((x) => x.e2e)) {
    const e = r.e2e!.endToEnd!;
    const ok = e.p99 < AIMS.e2eP99Ms && e.missing === 0;
    lines.push(
      `end to end p99 < ${AIMS.e2eP99Ms} ms at ${RUN.e2eRate}/s, ${r.name}: ${e.p99} ms, ${e.missing} missing — ${ok ? 'met' : 'NOT met'}`,
    );
  }
  for (const r of results.filter((x) => x.single)) {
    const e = r.single!.endToEnd!;
    const ok = e.max < AIMS.singleMs && e.missing === 0;
    lines.push(
      `a single message end to end < ${AIMS.singleMs} ms (every one of ${RUN.singleCount}), ${r.name}: max ${e.max} ms — ${ok ? 'met' : 'NOT met'}`,
    );
  }
  return lines;
}

/**
 * How much CPU other processes used during the ceiling runs (where nothing but the bare server and
 * the load generator should run): a busy machine makes every figure of the run too low.
 */
export function backgroundLoad(results: TargetResult[]): string {
  const ceiling = results.find((r) => r.persisted === undefined);
  if (!ceiling) return 'Other processes: unknown (no ceiling run).';
  const rest = (r: Run) => Math.max(0, r.cpu.machine - r.cpu.server - r.cpu.loadGenerator);
  const worst = Math.max(rest(ceiling.max), rest(ceiling.paced));
  const verdict =
    worst > 0.3
      ? 'the machine was shared with other work during the run: the figures are too low, run it again on a quiet machine'
      : 'the machine was quiet';
  return `Other processes used up to ${worst.toFixed(2)} cores during the ceiling runs: ${verdict}.`;
}

/** The ingest section of docs/benchmarks.md. */
export function renderDoc(o: {
  date: Date;
  machine: string[];
  rows: string[][];
  aims: string[];
  background: string;
  databaseUrl: string;
}): string {
  const list = (items: string[]) => items.map((m) => `- ${m}`).join('\n');
  return `## Ingest (\`npm run bench:ingest\`)

Run on ${o.date.toISOString().replace(/\.\d+Z$/, 'Z')} (UTC).

${list(o.machine)}

### How it works

- Omnify is started for real (\`startOmnify\`: database and migrations, pg-boss queue and its workers,
  Fastify) with default settings and logging off, on a fresh database: a new PGlite folder, and a new
  database on the PostgreSQL server of \`DATABASE_URL\` (default \`${o.databaseUrl}\`; skipped when it
  cannot connect). A FAQ agent and two WhatsApp channels are created through the REST API; their Graph
  API base URL points at a fake Graph API.
- The load generator is a separate Node process (\`bench/load-worker.ts\`) on the same machine, over
  loopback: it shares the cores with the server and PostgreSQL, not the server's event loop. It also
  hosts the fake Graph API.
- Every request is a distinct WhatsApp text webhook made from \`samples/payloads/whatsapp/text_hello.json\`
  (new message id and new sender each time, so each one creates a contact, an identity, a conversation
  and a message), signed with the channel's app secret (\`X-Hub-Signature-256\`).
- **Max load**: autocannon, ${RUN.connections} keep-alive connections, ${RUN.warmup} s warm-up, then ${RUN.seconds} s measured, to the
  channel **without an agent** (ingestion only: verify, parse, store, answer after the commit).
  "Messages/s persisted" = inbound messages counted in the database after the run ÷ run duration.
  Requests still in flight when autocannon stops are committed by the server but never acknowledged,
  so persisted = acknowledged + up to ${RUN.connections}; it must never be lower.
- **Fixed ${RUN.rate}/s**: open-loop load (one request every ${1000 / RUN.rate} ms whatever the answers, on up to
  ${RUN.connections} connections) for ${RUN.rateSeconds} s to the same channel; latency = request written → response read.
  (autocannon's \`overallRate\` was not used: it sends each second's quota in a burst at the start of
  the second, which measures bursts, not a steady rate.)
- **End to end**: ${RUN.e2eCount} messages at ${RUN.e2eRate}/s (open loop) to the channel **with** the FAQ agent (answers at
  once, no I/O); time from posting the webhook to the reply's \`POST /{phone-number-id}/messages\`
  arriving at the fake Graph API (matched by recipient): webhook, queue, agent job, send job.
- **Ceiling**: the same max-load and ${RUN.rate}/s runs against a bare Fastify app whose POST route reads the
  body and does nothing else.
- **CPU cores used** (all / server / load generator / rest) are measured over each run: "all" from
  the machine's CPU counters, the others from each process's CPU time. "Rest" is mostly PostgreSQL
  (with PGlite the database runs inside the server process).

### Results

${markdownTable(o.rows)}

${o.background}

### Aims (from the issue)

${list(o.aims)}
`;
}
