/**
 * Closed-loop HTTP load on one URL for the read benchmarks (bench/search.bench.ts,
 * bench/inbox.bench.ts): autocannon in a child process (bench/search-load.ts), so the load
 * generator never shares the measured server's event loop.
 */
import { execFile } from 'node:child_process';
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

/** How to load: keep-alive connections, measured seconds, uncounted warm-up seconds before them. */
export interface LoadShape {
  connections: number;
  seconds: number;
  warmup: number;
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
