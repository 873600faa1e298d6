/**
 * `npm run bench [-- name …]`: runs the named benchmarks (all when none is named).
 * Known benchmarks: `ingest` (bench/ingest.bench.ts), `intelligence` (bench/intelligence.bench.ts),
 * `intel-run-latency` (bench/intel-run-latency.bench.ts), `intel-scale` (bench/intel-scale.bench.ts:
 * each model fit at issue 12's sizes in one worker thread, with the API's latency meanwhile;
 * `--quick` for 1/10 of the sizes, `--no-doc`), `memory` (bench/memory.bench.ts),
 * `crash-duplicates` (bench/crash-duplicates.bench.ts), `events` (bench/events.bench.ts), `search`
 * (bench/search.bench.ts; options after the names, e.g. `search --db postgres --messages 1000000`),
 * `inbox` (bench/inbox.bench.ts: list and timeline API, cold load, live latency, bundle sizes),
 * `identity` (bench/identity.bench.ts: identity resolution with 1,000,000 identities stored, ingest
 * per platform on PostgreSQL; e.g. `identity --identities 100000` for a quick run), `accuracy`
 * (bench/accuracy.bench.ts: the models' accuracy on the public data against issue 12's aims; `--no-doc`).
 */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  ingest: async () => (await import('./ingest.bench.ts')).runIngestBenchmark(),
  intelligence: async () => (await import('./intelligence.bench.ts')).runIntelligenceBenchmark(),
  memory: async () => (await import('./memory.bench.ts')).runMemoryBenchmark(),
  'intel-run-latency': async () =>
    (await import('./intel-run-latency.bench.ts')).runIntelRunLatencyBenchmark(),
  'intel-scale': async () => (await import('./intel-scale.bench.ts')).runIntelScaleBenchmark(),
  'crash-duplicates': async () => (await import('./crash-duplicates.bench.ts')).runCrashDuplicatesBenchmark(),
  events: async () => (await import('./events.bench.ts')).runEventsBenchmark(),
  search: async () => (await import('./search.bench.ts')).runSearchBenchmark(),
  inbox: async () => (await import('./inbox.bench.ts')).runInboxBenchmark(),
  identity: async () => (await import('./identity.bench.ts')).runIdentityBenchmark(),
  accuracy: async () => (await import('./accuracy.bench.ts')).runAccuracyBenchmark(),
};

/** Runs the benchmarks named in `names` in order (all of them when `names` is empty). */
export async function runBenchmarks(names: string[]): Promise<void> {
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}.`,
    );
    process.exitCode = 2;
    return;
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    console.log(`== ${name} ==`);
    await BENCHMARKS[name]!();
  }
}

// Benchmark names come first; options (`--messages 1000000` …) follow and are read by the benchmark.
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('--'));
await runBenchmarks(firstOption < 0 ? args : args.slice(0, firstOption));
