/**
 * Identity benchmark (`npm run bench -- identity [--identities N] [--samples N] [--warmup N]
 * [--seconds S] [--warmup-seconds S] [--submitters N] [--rounds N] [--parse-iterations N]
 * [--platforms a,b] [--note "what else ran"] [--no-doc]`; results in docs/benchmarks.md, section
 * `identity`, unless `--no-doc` or `--platforms`).
 *
 * On a fresh PostgreSQL database (`DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/test;
 * `startTestOmnify` migrates it, and drops it at the end) with one channel per platform with an
 * adapter (src/integrations/channel-registry.ts) and `--identities` (default 1,000,000) identities
 * and contacts seeded set-based (bench/identity-seed.ts):
 *
 * 1. identity resolution per inbound message (bench/identity-resolve.ts): a known sender, a new
 *    sender with unused keys, a new Twilio sender whose phone a stored WhatsApp identity has (auto
 *    link); `--samples` (default 2,000) each after `--warmup` (default 200); wall time of
 *    `storeInbound` and server execution time (EXPLAIN ANALYZE) with p50/p95/p99; aim p99 < 2 ms
 *    at the database;
 * 2. ingest per platform (bench/identity-ingest.ts): messages/s committed through one IngestBatcher
 *    with `--submitters` (default 50) concurrent submitters, `--warmup-seconds` (1) then
 *    `--seconds` (3) per platform and round, `--rounds` (6, the order rotated; the median); the
 *    platform's verify+decode+parse µs on its signed sample (`--parse-iterations`, 2,000); aim:
 *    each platform within 20 % of WhatsApp.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { adapterFor, SUPPORTED_PLATFORMS } from '../src/integrations/channel-registry.ts';
import type { Platform } from '../src/integrations/contract/message.ts';
import { createHttpClient, type HttpClient } from '../src/kernel/http-client/client.ts';
import { QUEUE_NAMES } from '../src/kernel/queue/queue.ts';
import { findChannel } from '../src/modules/channels/channels.service.ts';
import { startTestOmnify, type TestOmnify } from '../src/testing/harness.ts';
import { writeBenchSection } from './doc-sections.ts';
import { ingestRows, renderDoc, resolutionRows, textTable } from './identity.report.ts';
import { sampleMessage } from './identity-ingest.ts';
import { type BenchChannel, findings, measurePlatforms } from './identity-platforms.ts';
import { measureResolution } from './identity-resolve.ts';
import { type PlatformSample, platformSamples } from './identity-samples.ts';
import { seedIdentities } from './identity-seed.ts';
import { intOption, requireDatabase } from './seed-messages.ts';

interface Options {
  identities: number;
  samples: number;
  warmup: number;
  seconds: number;
  warmupSeconds: number;
  submitters: number;
  rounds: number;
  parseIterations: number;
  platforms: Platform[] | undefined;
  /** What else ran on the machine, in words, for the document. */
  note: string | undefined;
  doc: boolean;
}

/** The options after `identity` on the command line (see the file's docstring). */
function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      identities: { type: 'string', default: '1000000' },
      samples: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '3' },
      'warmup-seconds': { type: 'string', default: '1' },
      submitters: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '6' },
      'parse-iterations': { type: 'string', default: '2000' },
      platforms: { type: 'string' },
      note: { type: 'string' },
      'no-doc': { type: 'boolean', default: false },
    },
  });
  const platforms = values.platforms?.split(',').map((p) => p.trim()) as Platform[] | undefined;
  const unknown = platforms?.filter((p) => !SUPPORTED_PLATFORMS.includes(p)) ?? [];
  if (unknown.length > 0) throw new Error(`--platforms: unknown ${unknown.join(', ')}`);
  return {
    identities: intOption('identities', values.identities, 20_000),
    samples: intOption('samples', values.samples, 100),
    warmup: intOption('warmup', values.warmup, 0),
    seconds: intOption('seconds', values.seconds, 1),
    warmupSeconds: intOption('warmup-seconds', values['warmup-seconds'], 0),
    submitters: intOption('submitters', values.submitters, 1),
    rounds: intOption('rounds', values.rounds, 1),
    parseIterations: intOption('parse-iterations', values['parse-iterations'], 10),
    platforms,
    note: values.note,
    doc: !values['no-doc'] && !platforms,
  };
}

/** A channel of each sample's platform, created through the API, with its sample message. */
async function createChannels(
  omnify: TestOmnify,
  samples: PlatformSample[],
  http: HttpClient,
): Promise<BenchChannel[]> {
  const out: BenchChannel[] = [];
  for (const sample of samples) {
    const res = await omnify.api('POST', '/api/v1/channels', {
      platform: sample.platform,
      name: `Bench ${sample.platform}`,
      config: sample.config,
    });
    if (res.status !== 201)
      throw new Error(`${sample.platform} channel: ${res.status} ${JSON.stringify(res.json)}`);
    const channel = await findChannel(omnify.db, omnify.ctx.secrets, res.json.id);
    const template = await sampleMessage(adapterFor(sample.platform), sample, http);
    out.push({ sample, channel: channel!, template });
  }
  return out;
}

/** PostgreSQL's version and the machine, for the document. */
async function machine(omnify: TestOmnify, load1: number, note: string | undefined): Promise<string[]> {
  const v = await omnify.db.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version']);
  const sb = await omnify.db.query<{ v: string }>('SELECT current_setting($1) AS v', ['shared_buffers']);
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}; PostgreSQL ${v.rows[0]!.v} (shared_buffers ${sb.rows[0]!.v}) on the same machine`,
    `load average (1 min) before the run ${load1.toFixed(2)}${note ? ` (${note})` : ''}`,
  ];
}

/** Plan-cache counters of the batch ingest statement on one pooled connection, in words. */
async function planCache(omnify: TestOmnify): Promise<string> {
  const r = await omnify.db.transaction((tx) =>
    tx.query<{ generic_plans: number; custom_plans: number }>(
      `SELECT generic_plans::int, custom_plans::int FROM pg_prepared_statements
        WHERE statement LIKE '%jsonb_to_recordset($4::jsonb)%' AND statement LIKE '%found AS%' LIMIT 1`,
    ),
  );
  const row = r.rows[0];
  return row
    ? `On one pooled connection at the end, the batch statement had run ${row.generic_plans} times on its cached generic plan and ${row.custom_plans} times planned for its values`
    : '';
}

/**
 * Waits (at most a minute) until no job is pending: pg-boss completes jobs without awaiting, so one
 * finishing after the database closed would reject unhandled. Returns the jobs the run made, by queue.
 */
async function settleJobs(omnify: TestOmnify): Promise<string> {
  const pending = async () => {
    let n = 0;
    for (const q of QUEUE_NAMES) n += await omnify.ctx.queue.pending(q);
    return n;
  };
  for (const end = Date.now() + 60_000; Date.now() < end && (await pending()) > 0; ) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const r = await omnify.db.query<{ name: string; n: number }>(
    `SELECT name, count(*)::int AS n FROM pgboss.job WHERE name = ANY($1::text[]) GROUP BY name ORDER BY name`,
    [[...QUEUE_NAMES]],
  );
  return r.rows.map((x) => `${x.name} ${x.n}`).join(', ') || 'none';
}

/** Runs the identity benchmark, prints its tables and (see the options) writes its section of docs/benchmarks.md. */
export async function runIdentityBenchmark(): Promise<void> {
  const o = options();
  await requireDatabase('postgres');
  const load1 = os.loadavg()[0]!;
  if (load1 > 1) console.log(`Note: the machine is already busy (load average ${load1.toFixed(2)}).`);
  const date = new Date();
  const omnify = await startTestOmnify('postgres', { intelSchedule: 'off', apiRateLimitPerMinute: 0 });
  const { samples, stop } = await platformSamples();
  try {
    const wanted = samples.filter((s) => SUPPORTED_PLATFORMS.includes(s.platform));
    const missing = SUPPORTED_PLATFORMS.filter((p) => !wanted.some((s) => s.platform === p));
    if (missing.length > 0) console.log(`No sample for ${missing.join(', ')}: not measured.`);
    const http = createHttpClient({ allowPrivateUrls: true });
    const channels = await createChannels(omnify, wanted, http);
    const by = (p: Platform) => channels.find((c) => c.sample.platform === p)!;
    const workspaceId = by('whatsapp').channel.workspaceId;
    const deps = omnify.ctx;
    const log = (line: string) => console.log(line);

    console.log(`Seeding ${o.identities.toLocaleString('en')} identities…`);
    const seed = await seedIdentities(omnify.db, workspaceId, o.identities, log);
    const counts = (
      await omnify.db.query<{ i: number; c: number }>(
        'SELECT (SELECT count(*) FROM identities)::int AS i, (SELECT count(*) FROM contacts)::int AS c',
      )
    ).rows[0]!;
    console.log(
      `Stored: ${counts.i} identities, ${counts.c} contacts (written in ${seed.writeSeconds.toFixed(0)} s).`,
    );

    console.log('Part 1: identity resolution per message…');
    const resolution = await measureResolution({
      deps,
      whatsapp: by('whatsapp'),
      twilio: by('twilio'),
      identities: o.identities,
      samples: o.samples,
      warmup: o.warmup,
      log,
    });
    console.log(`\n${textTable(resolutionRows(resolution.cases))}\n`);

    console.log('Part 2: reading cost and ingest per platform…');
    const measured = channels.filter(
      (c) => !o.platforms || o.platforms.includes(c.sample.platform) || c.sample.platform === 'whatsapp',
    );
    const platformRows = await measurePlatforms(deps, measured, http, { ...o, log });
    console.log(`\n${textTable(ingestRows(platformRows))}\n`);
    const found = findings(platformRows);
    if (found.length > 0) console.log(found.join('\n'));
    const jobs = await settleJobs(omnify);
    console.log(`Jobs the run enqueued: ${jobs}.`);
    if (!o.doc) return;
    const command = `npm run bench -- identity${o.identities === 1_000_000 ? '' : ` --identities ${o.identities}`}`;
    writeBenchSection(
      'identity',
      renderDoc({
        command,
        date,
        machine: await machine(omnify, load1, o.note),
        identities: counts.i,
        contacts: counts.c,
        seed,
        cases: resolution.cases,
        plans: resolution.plans,
        cachedPlans: resolution.cachedPlans,
        planCache: await planCache(omnify),
        platforms: platformRows,
        run: { ...o },
        findings: found,
        jobs,
      }),
    );
    console.log('Wrote the identity section of docs/benchmarks.md');
  } finally {
    await settleJobs(omnify).catch(() => {});
    await stop();
    await omnify.close();
  }
}
