/**
 * The load generator of the ingest benchmark, run as a child process so that it never shares the
 * measured server's event loop. It also hosts the fake WhatsApp Graph API that Omnify sends its
 * replies to, so posting times and arrival times of the replies come from one clock.
 *
 * Protocol (IPC): on start it sends `{ ready: true, graphUrl }`; then it answers each `LoadCommand`
 * (tagged with `id`) with `{ id, ok: true, result }` or `{ id, ok: false, error }`. `stop` exits.
 *
 * Every request body is a DISTINCT WhatsApp text webhook built from our own sample
 * (samples/payloads/whatsapp/text_hello.json): new message id and new sender per request, compact
 * JSON as Meta sends it, signed with `signWhatsApp` like Meta signs deliveries.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { SAMPLE_PAYLOADS_DIR } from '../src/testing/fixtures.ts';
import { RecordingServer } from '../src/testing/http-recorder.ts';

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** What one load run got back. `ok` counts 2xx answers; `seconds` is the measured duration. */
export interface LoadResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Acknowledgement latency (request written → full response read). */
  latency: Percentiles;
  /** Requests actually offered per second (paced runs) or answered per second (max runs). */
  rate: number;
  /** End-to-end runs: delivery → matching outbound request at the fake Graph API. */
  endToEnd?: Percentiles & { missing: number };
  /** CPU time this load generator used during the run (s). */
  cpuSeconds: number;
}

/** A run's figures before the CPU time is added. */
type Measured = Omit<LoadResult, 'cpuSeconds'>;

/** Commands the benchmark sends. `url` is the full webhook URL; `secret` the channel's app secret. */
export type LoadCommand =
  | { cmd: 'max'; url: string; secret: string; connections: number; seconds: number }
  | { cmd: 'paced'; url: string; secret: string; rate: number; seconds: number; sockets: number }
  | { cmd: 'e2e'; url: string; secret: string; rate: number; count: number; timeoutMs: number }
  | { cmd: 'stop' };

const sample = JSON.parse(readFileSync(join(SAMPLE_PAYLOADS_DIR, 'whatsapp/text_hello.json'), 'utf8'));
const value = sample.entry[0].changes[0].value;
value.messages[0].id = '@ID@';
value.messages[0].from = '@FROM@';
value.messages[0].timestamp = '@TS@';
value.contacts[0].wa_id = '@FROM@';
const shape: string = JSON.stringify(sample);
const tag = process.pid.toString(36).toUpperCase();
let seq = 0;

/** The next distinct signed webhook: body, `X-Hub-Signature-256` value and its sender (`wa_id`). */
export function nextWebhook(secret: string): { body: Buffer; signature: string; sender: string } {
  const n = String(++seq).padStart(10, '0');
  const sender = `1${n}`;
  const text = shape
    .replace('@ID@', `wamid.BENCH${tag}${n}`)
    .replace('@TS@', String(Math.floor(Date.now() / 1000)))
    .replaceAll('@FROM@', sender);
  const body = Buffer.from(text);
  return { body, signature: signWhatsApp(body, secret), sender };
}

/** Nearest-rank percentiles of `values` (ms), rounded to 0.1 ms. */
export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : Number.NaN);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s.at(-1) ?? Number.NaN) };
}

/** Closed-loop maximum load: autocannon with `connections` keep-alive connections for `seconds`. */
async function maxLoad(c: Extract<LoadCommand, { cmd: 'max' }>): Promise<Measured> {
  const r = await autocannon({
    url: c.url,
    method: 'POST',
    connections: c.connections,
    duration: c.seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const w = nextWebhook(c.secret);
          return { ...req, body: w.body, headers: { ...req.headers, 'x-hub-signature-256': w.signature } };
        },
      },
    ],
  });
  const ok = r['2xx'];
  return {
    sent: r.requests.sent,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    seconds: r.duration,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    rate: Math.round(ok / r.duration),
  };
}

/**
 * Open-loop load at a fixed rate: request i is issued at start + i/rate whatever the answers so far
 * (up to `sockets` keep-alive connections; beyond that requests wait for a socket and the wait counts
 * in their latency). `onIssue` sees each request's sender and issue time.
 */
async function paced(
  url: string,
  secret: string,
  rate: number,
  total: number,
  sockets: number,
  onIssue: (sender: string, at: number) => void = () => {},
): Promise<Measured> {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  const interval = 1000 / rate;
  const start = performance.now() + 20;
  let lastIssue = start;
  await new Promise<void>((resolve) => {
    const finish = () => {
      if (++done === total) resolve();
    };
    const issue = () => {
      const w = nextWebhook(secret);
      const t0 = performance.now();
      lastIssue = t0;
      onIssue(w.sender, t0);
      const req = http.request(
        {
          agent,
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': w.body.length,
            'x-hub-signature-256': w.signature,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok++;
            else non2xx++;
            finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        finish();
      });
      req.end(w.body);
    };
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        sent++;
        issue();
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    setTimeout(tick, 20);
  });
  agent.destroy();
  const seconds = (lastIssue - start) / 1000;
  return {
    sent: total,
    ok,
    non2xx,
    errors,
    seconds,
    latency: percentiles(latencies),
    rate: Math.round(((total - 1) / seconds) * 10) / 10,
  };
}

/** When each outbound request reached the fake Graph API, by recipient (`to`). */
const arrivals = new Map<string, number>();
let outSeq = 0;
const graph = new RecordingServer((req) => {
  const to = req.json?.to;
  if (typeof to === 'string' && !arrivals.has(to)) arrivals.set(to, performance.now());
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: `wamid.BENCHOUT${++outSeq}` }],
    },
  };
});

/** Paced deliveries whose replies are awaited at the fake Graph API (matched by sender = `to`). */
async function endToEnd(c: Extract<LoadCommand, { cmd: 'e2e' }>): Promise<Measured> {
  const issued = new Map<string, number>();
  const result = await paced(c.url, c.secret, c.rate, c.count, 64, (s, t) => issued.set(s, t));
  const deadline = Date.now() + c.timeoutMs;
  const missing = () => [...issued.keys()].filter((s) => !arrivals.has(s)).length;
  while (missing() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const e2e = [...issued].filter(([s]) => arrivals.has(s)).map(([s, t]) => arrivals.get(s)! - t);
  return { ...result, endToEnd: { ...percentiles(e2e), missing: missing() } };
}

async function run(c: LoadCommand): Promise<LoadResult | null> {
  if (c.cmd === 'stop') {
    await graph.stop();
    setImmediate(() => process.disconnect());
    return null;
  }
  const cpu = process.cpuUsage();
  const result = await runLoad(c);
  const used = process.cpuUsage(cpu);
  return { ...result, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function runLoad(c: Exclude<LoadCommand, { cmd: 'stop' }>): Promise<Measured> {
  switch (c.cmd) {
    case 'max':
      return maxLoad(c);
    case 'paced':
      return paced(c.url, c.secret, c.rate, Math.round(c.rate * c.seconds), c.sockets);
    case 'e2e':
      return endToEnd(c);
  }
}

if (process.send) {
  process.on('message', (m: LoadCommand & { id: number }) => {
    run(m).then(
      (result) => process.send!({ id: m.id, ok: true, result }),
      (e: unknown) => process.send!({ id: m.id, ok: false, error: e instanceof Error ? e.stack : String(e) }),
    );
  });
  await graph.start();
  process.send({ ready: true, graphUrl: graph.baseUrl });
}
