/**
 * Part 2 of the identity benchmark, run over every platform (bench/identity.bench.ts): each
 * platform's reading cost on its signed sample, then `rounds` ingest runs per platform (the platform
 * order rotated from round to round, so drift and the neighbours' load fall on all alike), then the
 * database's cost per message of its batches (bench/identity-ingest.ts). The rate of a platform is
 * the median of its rounds.
 */
import { adapterFor } from '../src/integrations/channel-registry.ts';
import type { InboundMessage, Platform } from '../src/integrations/contract/message.ts';
import type { HttpClient } from '../src/kernel/http-client/client.ts';
import type { ChannelRecord } from '../src/modules/channels/channels.service.ts';
import type { PipelineDeps } from '../src/modules/inbox/pipeline/deps.ts';
import { combinedCeiling, median, type PlatformRow, verdict } from './identity.report.ts';
import { dbCostPerMessage, measureIngest, parseCost } from './identity-ingest.ts';
import type { PlatformSample } from './identity-samples.ts';

/** A platform's channel with its sample and sample message. */
export interface BenchChannel {
  sample: PlatformSample;
  channel: ChannelRecord;
  template: InboundMessage;
}

/** Settings of part 2. */
export interface PlatformRun {
  submitters: number;
  warmupSeconds: number;
  seconds: number;
  rounds: number;
  parseIterations: number;
  log: (line: string) => void;
}

/** Batches and their size for the database's cost per message. */
const DB_BATCHES = 20;
const DB_BATCH_SIZE = 50;

/** Runs part 2 over `channels` (WhatsApp among them) and returns one row per platform, in `channels` order. */
export async function measurePlatforms(
  deps: PipelineDeps,
  channels: BenchChannel[],
  http: HttpClient,
  o: PlatformRun,
): Promise<PlatformRow[]> {
  const rows = new Map<Platform, PlatformRow>();
  const cpu = new Map<Platform, number[]>();
  const batches = new Map<Platform, { submitted: number; transactions: number }>();
  const senders = new Map<Platform, { count: number }>();
  for (const c of channels) {
    const p = c.sample.platform;
    const cost = await parseCost(adapterFor(p), c.sample, http, o.parseIterations, 200);
    o.log(`  ${p}: reading a webhook ${cost.meanUs.toFixed(0)} µs`);
    rows.set(p, {
      platform: p,
      source: c.sample.source,
      signed: c.sample.signed,
      rate: 0,
      rounds: [],
      parseUs: cost.meanUs,
      parseP50Us: cost.p50Us,
      meanBatch: 0,
      cpuUs: 0,
      dbUs: 0,
      dbIdentityUs: 0,
    });
    cpu.set(p, []);
    batches.set(p, { submitted: 0, transactions: 0 });
    senders.set(p, { count: 0 });
  }
  let firstMessage = 0;
  for (let round = 0; round < o.rounds; round++) {
    // Each round starts further along the list: every platform runs at several places in the order
    // (first after a quiet spell, between others, last) and never twice in a row.
    const shift = Math.floor((round * channels.length) / o.rounds);
    const order = [...channels.slice(shift), ...channels.slice(0, shift)];
    for (const c of order) {
      const p = c.sample.platform;
      const r = await measureIngest(deps, c.channel, c.sample, c.template, {
        submitters: o.submitters,
        warmupSeconds: o.warmupSeconds,
        seconds: o.seconds,
        seed: 1000 * round + channels.indexOf(c),
        firstMessage,
        senders: senders.get(p)!,
      });
      firstMessage += r.submitted + 1;
      const rate = r.committed / r.seconds;
      rows.get(p)!.rounds.push(rate);
      cpu.get(p)!.push(r.cpuUsPerMessage);
      const b = batches.get(p)!;
      b.submitted += r.submitted;
      b.transactions += r.submitted / Math.max(1, r.meanBatch);
      o.log(
        `  round ${round + 1} ${p}: ${Math.round(rate)} msgs/s, ${r.meanBatch.toFixed(1)} per transaction`,
      );
    }
  }
  for (const c of channels) {
    const p = c.sample.platform;
    const row = rows.get(p)!;
    const db = await dbCostPerMessage(
      deps,
      c.channel,
      c.sample,
      c.template,
      {
        seed: 99,
        firstMessage: firstMessage + 1_000_000 * (channels.indexOf(c) + 1),
        senders: senders.get(p)!,
      },
      DB_BATCHES,
      DB_BATCH_SIZE,
    );
    const b = batches.get(p)!;
    Object.assign(row, {
      rate: median(row.rounds),
      meanBatch: b.submitted / Math.max(1, b.transactions),
      cpuUs: median(cpu.get(p)!),
      dbUs: db.totalUs,
      dbIdentityUs: db.identityUs,
    });
  }
  return [...rows.values()];
}

/**
 * What the figures say: for each platform that missed the aim, whether its per-message costs (the
 * database's, this process's CPU, reading the webhook) differ from WhatsApp's or only its rate does
 * (noise); and the platforms whose ceiling with parsing is below 80 % of WhatsApp's.
 */
export function findings(rows: PlatformRow[]): string[] {
  const w = rows.find((r) => r.platform === 'whatsapp');
  if (!w) return [];
  const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(0)} %`;
  const rounds = (r: PlatformRow) => r.rounds.map((x) => Math.round(x)).join(' / ');
  const missed = rows
    .filter((r) => verdict(r, w.rate).startsWith('NOT'))
    .map(
      (r) =>
        `${r.platform} missed the aim: ${Math.round(r.rate)} msgs/s (rounds ${rounds(r)}) against WhatsApp's ${Math.round(w.rate)} ` +
        `(${rounds(w)}); per message, the database ${pct(r.dbUs, w.dbUs)}, this process's CPU ${pct(r.cpuUs, w.cpuUs)} ` +
        `compared with WhatsApp's.`,
    );
  const ceiling = combinedCeiling(w);
  const slowReading = rows
    .filter((r) => combinedCeiling(r) < 0.8 * ceiling)
    .map(
      (r) =>
        `${r.platform}: reading its webhook costs ${Math.round(r.parseUs)} µs (WhatsApp ${Math.round(w.parseUs)} µs), so with ` +
        `parsing on the same core its ceiling is ${Math.round(combinedCeiling(r))} msgs/s, ` +
        `${Math.round((1 - combinedCeiling(r) / ceiling) * 100)} % below WhatsApp's ${Math.round(ceiling)}.`,
    );
  return [...missed, ...slowReading];
}
