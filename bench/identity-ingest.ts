/**
 * Part 2 of the identity benchmark (bench/identity.bench.ts): ingest throughput per platform and
 * each platform's cost of reading a webhook.
 *
 * - {@link readWebhook}: what the webhook route (src/modules/inbox/webhooks.routes.ts) does with a
 *   request before storing: `verify` (and `verifyRemote`, Teams), `decode` (else JSON), `respond`,
 *   then the sanitizer and `parse` (`parseSanitized`). {@link parseCost} times it on the platform's
 *   signed sample (bench/identity-samples.ts).
 * - {@link measureIngest}: messages shaped as the platform's adapter shapes them (its sample's text
 *   message with the ids of {@link PlatformSample.keys}), submitted through one `IngestBatcher`
 *   (`ingestBatching(kind)`, as the webhook route makes it) by `submitters` concurrent loops for a
 *   warm-up, then `seconds` measured: messages committed in that window, counted in the database.
 *   Senders: each message is from a new sender with probability 1/10, else from one of the
 *   platform's earlier senders drawn at random (about ten messages per sender; seeded).
 */
import type { ChannelAdapter, WebhookRequest } from '../src/integrations/contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage } from '../src/integrations/contract/message.ts';
import { OmnifyError } from '../src/kernel/errors/catalog.ts';
import type { HttpClient } from '../src/kernel/http-client/client.ts';
import type { ChannelRecord } from '../src/modules/channels/channels.service.ts';
import type { PipelineDeps } from '../src/modules/inbox/pipeline/deps.ts';
import { IngestBatcher, ingestBatching } from '../src/modules/inbox/pipeline/ingest-batcher.ts';
import { parseSanitized } from '../src/modules/inbox/pipeline/parse-sanitized.ts';
import { storeInbound } from '../src/modules/inbox/pipeline/store-inbound.ts';
import { explaining, identityCteTime } from './identity-explain.ts';
import { messageOf, type PlatformSample } from './identity-samples.ts';
import { seeded } from './search-corpus.ts';

const SILENT = { error: () => {} };

/** The route's steps from the raw request to events (see the file's docstring); throws as the route would. */
export async function readWebhook(
  adapter: ChannelAdapter,
  sample: PlatformSample,
  req: WebhookRequest,
  http: HttpClient,
): Promise<InboundEvent[]> {
  if (sample.signed) {
    adapter.verify(req, sample.config);
    if (adapter.verifyRemote) await adapter.verifyRemote(req, sample.config, { http });
  }
  let body: unknown;
  if (adapter.decode) body = await adapter.decode(req);
  else {
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      throw new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
    }
  }
  if (adapter.respond?.(body, sample.config))
    throw new Error(`${sample.platform}: the sample is a handshake`);
  return parseSanitized(adapter, body, sample.config, SILENT);
}

/**
 * The sample's one text message as its adapter reads it (from `templateBody` when the sample has
 * one); throws when it is not exactly that.
 */
export async function sampleMessage(
  adapter: ChannelAdapter,
  sample: PlatformSample,
  http: HttpClient,
): Promise<InboundMessage> {
  const events =
    sample.templateBody === undefined
      ? await readWebhook(adapter, sample, sample.request(), http)
      : parseSanitized(adapter, sample.templateBody, sample.config, SILENT);
  const m = events[0];
  if (events.length !== 1 || m?.kind !== 'message')
    throw new Error(`${sample.platform}: the sample gave ${events.length} events, not one message`);
  return m;
}

/** Mean and median µs of reading one request, over `iterations` after `warmup` unmeasured ones. */
export async function parseCost(
  adapter: ChannelAdapter,
  sample: PlatformSample,
  http: HttpClient,
  iterations: number,
  warmup: number,
): Promise<{ meanUs: number; p50Us: number }> {
  const req = sample.request();
  const times: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const t0 = performance.now();
    await readWebhook(adapter, sample, req, http);
    if (i >= warmup) times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { meanUs: mean, p50Us: times[Math.floor(times.length / 2)]! };
}

/** Options of {@link measureIngest}. */
export interface IngestRun {
  submitters: number;
  warmupSeconds: number;
  seconds: number;
  /** Seed of the sender draw (a platform's rounds use different ones). */
  seed: number;
  /** First message number of this run (message ids stay unique across rounds). */
  firstMessage: number;
  /** The platform's senders so far (grown by this run; kept across rounds). */
  senders: { count: number };
}

/** What one ingest run measured. */
export interface IngestResult {
  /** Inbound messages committed during the measured window (counted in the database). */
  committed: number;
  seconds: number;
  /** Messages submitted in all (warm-up and the messages in flight at the end included). */
  submitted: number;
  /** Transactions the batcher ran during the whole run, and their mean size. */
  meanBatch: number;
  newSenders: number;
  /** This process's CPU time (user + system) per committed message in the measured window, µs. */
  cpuUsPerMessage: number;
}

const countInbound = async (deps: PipelineDeps, channelId: string) =>
  (
    await deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND direction = 'inbound'`,
      [channelId],
    )
  ).rows[0]!.n;

/**
 * The platform's messages, endlessly: message numbers from `run.firstMessage`, each from a new sender
 * with probability 1/10 (`onNew` called), else from one of `run.senders` drawn at random (seeded).
 */
function* messages(
  channel: ChannelRecord,
  sample: PlatformSample,
  template: InboundMessage,
  run: Pick<IngestRun, 'seed' | 'firstMessage' | 'senders'>,
  onNew: () => void = () => {},
): Generator<InboundMessage, never> {
  const rnd = seeded(run.seed);
  for (let k = run.firstMessage; ; k++) {
    let s: number;
    if (run.senders.count === 0 || rnd() < 0.1) {
      s = run.senders.count++;
      onNew();
    } else s = Math.floor(rnd() * run.senders.count);
    yield messageOf(template, sample.keys(s, k, channel.id));
  }
}

/**
 * The database's cost per message of the platform's batches: `batches` batches of `size` messages
 * (drawn as in the ingest runs, senders mostly known by then) stored with `storeInbound`, each in a
 * transaction rolled back, every statement explained on the app's cached plan
 * (bench/identity-explain.ts). Returns the median over batches of the execution time per message,
 * µs: all statements, and the identity CTEs alone.
 */
export async function dbCostPerMessage(
  deps: PipelineDeps,
  channel: ChannelRecord,
  sample: PlatformSample,
  template: InboundMessage,
  run: Pick<IngestRun, 'seed' | 'firstMessage' | 'senders'>,
  batches: number,
  size: number,
): Promise<{ totalUs: number; identityUs: number }> {
  const draw = messages(channel, sample, template, run);
  const totals: number[] = [];
  const identities: number[] = [];
  for (let b = 0; b < batches; b++) {
    const batch = Array.from({ length: size }, () => draw.next().value as InboundMessage);
    let total = 0;
    let identity = 0;
    await deps.db
      .transaction(async (tx) => {
        const q = explaining(tx, (st) => {
          total += st.executionMs;
          if (st.text.includes('found AS (')) identity += identityCteTime(st.plan);
        });
        await storeInbound(deps.db, deps.secrets, q, channel, batch);
        throw ROLLBACK;
      })
      .catch((e) => {
        if (e !== ROLLBACK) throw e;
      });
    totals.push((total * 1000) / size);
    identities.push((identity * 1000) / size);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { totalUs: median(totals), identityUs: median(identities) };
}

const ROLLBACK = new Error('rollback');

/** Runs one ingest measurement for `channel` (see the file's docstring). */
export async function measureIngest(
  deps: PipelineDeps,
  channel: ChannelRecord,
  sample: PlatformSample,
  template: InboundMessage,
  run: IngestRun,
): Promise<IngestResult> {
  let newSenders = 0;
  const draw = messages(channel, sample, template, run, () => newSenders++);
  const next = () => draw.next().value as InboundMessage;
  // Count the batcher's transactions: its database seen through a proxy that counts `transaction`.
  let transactions = 0;
  const db = new Proxy(deps.db, {
    get(target, key) {
      if (key === 'transaction')
        return (fn: Parameters<PipelineDeps['db']['transaction']>[0]) => {
          transactions++;
          return target.transaction(fn);
        };
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const batcher = new IngestBatcher({ ...deps, db }, ingestBatching(deps.db.kind));
  let stop = false;
  let submitted = 0;
  const loop = async () => {
    while (!stop) {
      submitted++;
      const r = await batcher.submit({ channel, events: [next()] });
      if (r.stored.length !== 1) throw new Error(`${sample.platform}: a message was not stored`);
    }
  };
  const loops = Array.from({ length: run.submitters }, loop);
  // A loop that fails (a message not stored) ends the run at once.
  const failed = Promise.race(loops).then(() => undefined);
  failed.catch(() => {});
  const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
  let c0: number;
  let c1: number;
  let seconds: number;
  let cpuUs: number;
  try {
    await Promise.race([sleep(run.warmupSeconds), failed]);
    c0 = await countInbound(deps, channel.id);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.race([sleep(run.seconds), failed]);
    c1 = await countInbound(deps, channel.id);
    seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    cpuUs = cpu.user + cpu.system;
  } finally {
    stop = true;
    await Promise.allSettled(loops);
  }
  return {
    committed: c1 - c0,
    seconds,
    submitted,
    meanBatch: transactions > 0 ? submitted / transactions : 0,
    newSenders,
    cpuUsPerMessage: c1 > c0 ? cpuUs / (c1 - c0) : Number.NaN,
  };
}
