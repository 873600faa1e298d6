/**
 * Child process of the search benchmark (bench/search.bench.ts): closed-loop load on one URL with
 * autocannon (`connections` keep-alive connections for `seconds`, after a warm-up of `warmup`
 * seconds that is not counted), then prints one JSON line with nearest-rank percentiles of every
 * response's latency (autocannon reports p90 and p97.5 but no p95, so the times come from its
 * `response` events). It runs in its own process so the load generator never shares the measured
 * server's event loop.
 * Usage: `node --import tsx bench/search-load.ts <url> <authorization> <connections> <seconds> <warmup>
 * [headers]`: `authorization` is sent as such unless empty; `headers`, a JSON object, adds headers
 * (e.g. a session `cookie`). bench/http-load.ts runs it.
 */
import autocannon from 'autocannon';

const [url, authorization, connections, seconds, warmup, extra] = process.argv.slice(2);
const headers: Record<string, string> = {
  ...(authorization ? { authorization } : {}),
  ...(extra ? (JSON.parse(extra) as Record<string, string>) : {}),
};

/** One autocannon run; the latency (ms) of every 2xx answer, and the counts of the others. */
function run(
  duration: number,
): Promise<{ times: number[]; non2xx: number; errors: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let non2xx = 0;
    const instance = autocannon(
      {
        url: url!,
        connections: Number(connections),
        duration,
        headers,
      },
      (err, result) => {
        if (err) reject(err);
        else resolve({ times, non2xx, errors: result.errors, seconds: result.duration });
      },
    );
    instance.on('response', (_client, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) times.push(ms);
      else non2xx++;
    });
  });
}

if (Number(warmup) > 0) await run(Number(warmup));
const r = await run(Number(seconds));
const s = r.times.sort((a, b) => a - b);
const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : Number.NaN);
const round = (v: number) => Math.round(v * 10) / 10;
console.log(
  JSON.stringify({
    requests: s.length,
    non2xx: r.non2xx,
    errors: r.errors,
    rps: round(s.length / r.seconds),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(s.at(-1) ?? Number.NaN),
  }),
);
