/**
 * Closed-loop HTTP load on one URL for the read benchmarks (bench/search.bench.ts,
 * bench/inbox.bench.ts), in a child process so the load generator never shares the measured
 * server's event loop: autocannon (bench/search-load.ts) or wrk (Debian's package, with
 * bench/wrk-report.lua). On a 2-core machine that the server and its database share with the load
 * generator, autocannon (JavaScript) took a quarter of the CPU time of a conversation-list run;
 * wrk (C) takes a small part of that, so the server's figures are less its competitor's.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One measurement: answers counted, req/s of 2xx answers, nearest-rank latency percentiles (ms). */
export interface LoadResult {
  /** 2xx answers in the measured seconds. */
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** A closed-loop HTTP load generator {@link measureLoad} can run. */
export type LoadGenerator = 'autocannon' | 'wrk';

/**
 * How to load: keep-alive connections, measured seconds, uncounted warm-up seconds before them,
 * and with what (default autocannon).
 */
export interface LoadShape {
  connections: number;
  seconds: number;
  warmup: number;
  generator?: LoadGenerator;
}

/** Whether wrk is on the PATH (`apt-get install wrk`). */
export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/**
 * GETs `url` with `headers` (e.g. `authorization`, or a session `cookie`) from `shape.connections`
 * connections, each sending its next request when the previous answers, for `shape.warmup` seconds
 * (not counted) then `shape.seconds`. Throws when the child process fails.
 */
export async function measureLoad(
  url: string,
  headers: Record<string, string>,
  shape: LoadShape,
): Promise<LoadResult> {
  return shape.generator === 'wrk'
    ? measureWithWrk(url, headers, shape)
    : measureWithAutocannon(url, headers, shape);
}

async function measureWithAutocannon(
  url: string,
  headers: Record<string, string>,
  shape: LoadShape,
): Promise<LoadResult> {
  const { authorization = '', ...rest } = headers;
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./search-load.ts', import.meta.url)),
      url,
      authorization,
      String(shape.connections),
      String(shape.seconds),
      String(shape.warmup),
      JSON.stringify(rest),
    ],
    { maxBuffer: 10 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
}

/**
 * One wrk thread (it keeps up with one server on these machines and leaves the most CPU to it),
 * `shape.connections` connections: a warm-up run, then the measured one. wrk's percentiles come
 * from its own histogram of every answer's latency; `non2xx` counts its status errors (≥ 400).
 */
async function measureWithWrk(
  url: string,
  headers: Record<string, string>,
  shape: LoadShape,
): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));
  const wrk = (seconds: number) =>
    run(
      'wrk',
      [
        '-t1',
        `-c${shape.connections}`,
        `-d${seconds}s`,
        '-s',
        script,
        url,
        '--',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ],
      { maxBuffer: 1024 * 1024 },
    );
  if (shape.warmup > 0) await wrk(shape.warmup);
  const { stdout } = await wrk(shape.seconds);
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    requests: number;
    non2xx: number;
    errors: number;
    micros: number;
    p50: number;
    p95: number;
    p99: number;
    max: number;
  };
  const ms = (us: number) => Math.round(us / 100) / 10;
  const ok = r.requests - r.non2xx;
  return {
    requests: ok,
    non2xx: r.non2xx,
    errors: r.errors,
    rps: Math.round((ok / (r.micros / 1e6)) * 10) / 10,
    p50: ms(r.p50),
    p95: ms(r.p95),
    p99: ms(r.p99),
    max: ms(r.max),
  };
}
