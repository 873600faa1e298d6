/**
 * Part 1 of the identity benchmark (bench/identity.bench.ts): identity resolution per inbound
 * message with the seeded identities stored (bench/identity-seed.ts), for three senders:
 *
 * - `known`: a stored WhatsApp identity writes again (the hot path: found by `(workspace, platform,
 *   handle)`); each one first wrote once, unmeasured, so its conversation exists;
 * - `new`: a WhatsApp sender nobody has (its keys unused): contact and identity created inside the
 *   batch statement;
 * - `link`: a Twilio SMS sender whose phone a stored WhatsApp identity has: the batch statement
 *   leaves it out and `resolveIdentity` links it to that contact (identity-link.ts `decideLink`).
 *
 * Wall time: `storeInbound` of ONE message, each in its own transaction, one after another (the
 * transaction's time, commit included, is kept as well). At the database: the same `storeInbound`
 * in a transaction rolled back, each statement it sends first explained with `EXPLAIN (ANALYZE)` on
 * the app's own prepared statement and cached plan (bench/identity-explain.ts). Identity resolution
 * at the database = the time the batch statement spent in the contacts module's identity CTEs
 * (`identityResolutionCtes`: finding, refreshing or creating the identity) plus, for `link`, every
 * statement on the contacts module's tables (`resolveIdentity`'s lookups, link and contact update).
 */
import type { InboundMessage } from '../src/integrations/contract/message.ts';
import type { Queryable, QueryOptions } from '../src/kernel/db/database.ts';
import type { ChannelRecord } from '../src/modules/channels/channels.service.ts';
import type { PipelineDeps } from '../src/modules/inbox/pipeline/deps.ts';
import { storeInbound } from '../src/modules/inbox/pipeline/store-inbound.ts';
import { explaining, identityCteTime, textPlan } from './identity-explain.ts';
import { messageOf, type PlatformSample } from './identity-samples.ts';
import { seededName, seededPlatform, seededWhatsAppHandle } from './identity-seed.ts';
import { seeded } from './search-corpus.ts';

/** Percentiles (nearest rank) and maximum of a set of durations, in ms. */
export interface Spread {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The figures of one kind of sender. */
export interface CaseResult {
  name: 'known' | 'new' | 'link';
  samples: number;
  /** `storeInbound` of one message, wall time. */
  store: Spread;
  /** Its whole transaction (BEGIN … COMMIT), wall time. */
  transaction: Spread;
  /** Identity resolution at the database (server execution time). */
  dbIdentity: Spread;
  /** Everything `storeInbound` ran, at the database. */
  dbStore: Spread;
}

/** Nearest-rank percentiles of `values` (ms). */
export function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? Number.NaN };
}

class Rollback extends Error {}

/** The sender number part 1's message ids are made with (the ingest runs number theirs from 0). */
const PART1_SENDER = 99_999_999;

/** Whether `text` is the inbox's batch ingest statement (store-inbound.ts). */
const isBatchStatement = (text: string) =>
  text.includes('jsonb_to_recordset($4::jsonb)') && text.includes('found AS (');
/** Statements on the contacts module's tables only (identity resolution step by step, orphans). */
const isIdentityStatement = (text: string) =>
  /\b(identities|contacts|contact_merge_suggestions)\b/.test(text) &&
  !/\b(conversations|messages)\b/.test(text);

/** Runs `fn` in a transaction that is always rolled back. */
async function rolledBack(deps: PipelineDeps, fn: (tx: Queryable) => Promise<void>): Promise<void> {
  await deps.db
    .transaction(async (tx) => {
      await fn(tx);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
}

/** One sample at the database (see the file's docstring): identity resolution and the whole `storeInbound`, ms. */
async function atDatabase(
  deps: PipelineDeps,
  channel: ChannelRecord,
  m: InboundMessage,
): Promise<{ identity: number; store: number; cachedPlan: boolean }> {
  let identity = 0;
  let store = 0;
  let cachedPlan = false;
  await rolledBack(deps, async (tx) => {
    const q = explaining(tx, (s) => {
      store += s.executionMs;
      if (isBatchStatement(s.text)) {
        identity += identityCteTime(s.plan);
        cachedPlan = s.cachedPlan;
      } else if (isIdentityStatement(s.text)) identity += s.executionMs;
    });
    const [id] = await storeInbound(deps.db, deps.secrets, q, channel, [m]);
    if (!id) throw new Error(`message ${m.dedupeKey} was not stored`);
  });
  return { identity, store, cachedPlan };
}

/**
 * The identity CTEs' part of the batch statement's plan for `m`, as the app's prepared statement
 * runs it (`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE …`), rolled back.
 */
async function identityPlan(deps: PipelineDeps, channel: ChannelRecord, m: InboundMessage): Promise<string> {
  let plan = '';
  await rolledBack(deps, async (tx) => {
    const q: Queryable = {
      async query<T>(text: string, params?: readonly unknown[], options?: QueryOptions) {
        if (isBatchStatement(text)) plan = await textPlan(tx, text, params ?? []);
        return tx.query<T>(text, params, options);
      },
    };
    await storeInbound(deps.db, deps.secrets, q, channel, [m]);
  });
  const lines = plan.split('\n');
  const from = lines.findIndex((l) => /^\s*CTE found$/.test(l));
  const to = lines.findIndex((l) => /^\s*CTE threads$/.test(l));
  const tail = lines.filter((l) => /^(Planning|Execution)/.test(l));
  return from >= 0 && to > from ? [...lines.slice(from, to), '  …', ...tail].join('\n') : plan;
}

/** Identities, visible contacts (an automatic link merges the identity's own contact away) and automatically linked identities of the workspace. */
async function identityCounts(
  deps: PipelineDeps,
  workspaceId: string,
): Promise<{ identities: number; contacts: number; autoLinked: number }> {
  const r = await deps.db.query<{ identities: number; contacts: number; auto_linked: number }>(
    `SELECT (SELECT count(*)::int FROM identities WHERE workspace_id = $1) AS identities,
            (SELECT count(*)::int FROM contacts WHERE workspace_id = $1 AND merged_into IS NULL) AS contacts,
            (SELECT count(*)::int FROM identities WHERE workspace_id = $1 AND linked = 'auto') AS auto_linked`,
    [workspaceId],
  );
  const row = r.rows[0]!;
  return { identities: row.identities, contacts: row.contacts, autoLinked: row.auto_linked };
}

/** What part 1 needs: the pipeline, the WhatsApp and Twilio channels and their samples. */
export interface ResolutionSetup {
  deps: PipelineDeps;
  whatsapp: { channel: ChannelRecord; sample: PlatformSample; template: InboundMessage };
  twilio: { channel: ChannelRecord; sample: PlatformSample; template: InboundMessage };
  /** Identities stored (bench/identity-seed.ts numbers them 1 … count). */
  identities: number;
  /** Measured samples per sender kind, and unmeasured ones before them (`new`, `link`). */
  samples: number;
  warmup: number;
  log: (line: string) => void;
}

/**
 * Distinct seeded WhatsApp identities, drawn at random (seeded): `n` of them, none of `taken`.
 * Throws when the stored identities cannot supply them.
 */
function drawWhatsApp(identities: number, n: number, taken: Set<number>, rnd: () => number): number[] {
  const out: number[] = [];
  for (let tries = 0; out.length < n; tries++) {
    if (tries > n * 50) throw new Error(`--identities ${identities} is too few for ${n} samples per kind`);
    const g = 1 + Math.floor(rnd() * identities);
    if (seededPlatform(g) !== 'whatsapp' || taken.has(g)) continue;
    taken.add(g);
    out.push(g);
  }
  return out;
}

/** What part 1 measured: the figures of each kind of sender, and the identity plans the doc shows. */
export interface ResolutionResult {
  cases: CaseResult[];
  /** The identity CTEs' part of the batch statement's plan (EXPLAIN ANALYZE) for a known and a new sender. */
  plans: { known: string; new: string };
  /** Samples at the database explained through the app's cached plan (the others: planned afresh). */
  cachedPlans: number;
}

/** Runs part 1 (see the file's docstring). */
export async function measureResolution(o: ResolutionSetup): Promise<ResolutionResult> {
  const { deps, whatsapp, twilio } = o;
  const rnd = seeded(20251207);
  const taken = new Set<number>();
  const knownIds = drawWhatsApp(o.identities, o.samples, taken, rnd);
  const linkIds = drawWhatsApp(o.identities, 2 * (o.samples + o.warmup), taken, rnd);
  let seq = 0;
  const known = (g: number) => {
    const handle = seededWhatsAppHandle(g);
    const keys = whatsapp.sample.keys(PART1_SENDER, seq++, whatsapp.channel.id);
    return messageOf(
      whatsapp.template,
      { ...keys, handle, threadKey: handle, phoneE164: `+${handle}` },
      seededName(g),
    );
  };
  // New senders: numbers of their own (+55 21 9…), far from the seeded and the ingest ranges.
  const fresh = () => {
    const handle = `55219${String(seq).padStart(8, '0')}`;
    const keys = whatsapp.sample.keys(PART1_SENDER, seq++, whatsapp.channel.id);
    return messageOf(whatsapp.template, { ...keys, handle, threadKey: handle, phoneE164: `+${handle}` });
  };
  const linking = (g: number) => {
    const phone = `+${seededWhatsAppHandle(g)}`;
    const keys = twilio.sample.keys(PART1_SENDER, seq++, twilio.channel.id);
    return messageOf(twilio.template, { ...keys, handle: phone, threadKey: phone, phoneE164: phone });
  };
  const timeStore = async (channel: ChannelRecord, m: InboundMessage) => {
    let storeMs = 0;
    const t0 = performance.now();
    await deps.db.transaction(async (tx) => {
      const s0 = performance.now();
      const [id] = await storeInbound(deps.db, deps.secrets, tx, channel, [m]);
      storeMs = performance.now() - s0;
      if (!id) throw new Error(`message ${m.dedupeKey} was not stored`);
    });
    return { storeMs, txMs: performance.now() - t0 };
  };
  const wallRun = async (
    name: CaseResult['name'],
    channel: ChannelRecord,
    messages: InboundMessage[],
    warm: number,
  ) => {
    const storeMs: number[] = [];
    const txMs: number[] = [];
    for (const [i, m] of messages.entries()) {
      const r = await timeStore(channel, m);
      if (i < warm) continue;
      storeMs.push(r.storeMs);
      txMs.push(r.txMs);
    }
    if (storeMs.length > 0) o.log(`  ${name}: ${storeMs.length} messages stored and timed`);
    return { storeMs, txMs };
  };

  o.log('  known senders: one unmeasured message each first (their conversations)…');
  await wallRun('known', whatsapp.channel, knownIds.map(known), knownIds.length);
  const linkWall = linkIds.slice(0, o.samples + o.warmup);
  const linkDb = linkIds.slice(o.samples + o.warmup);
  const before = await identityCounts(deps, whatsapp.channel.workspaceId);
  const knownWall = await wallRun('known', whatsapp.channel, knownIds.map(known), 0);
  const afterKnown = await identityCounts(deps, whatsapp.channel.workspaceId);
  const newWall = await wallRun(
    'new',
    whatsapp.channel,
    Array.from({ length: o.samples + o.warmup }, fresh),
    o.warmup,
  );
  const linkWallRun = await wallRun('link', twilio.channel, linkWall.map(linking), o.warmup);
  const after = await identityCounts(deps, whatsapp.channel.workspaceId);
  // Each kind took the path it stands for, or the figures would be of something else.
  if (
    afterKnown.identities !== before.identities ||
    after.contacts - afterKnown.contacts !== o.samples + o.warmup ||
    after.autoLinked - afterKnown.autoLinked !== linkWall.length
  ) {
    throw new Error(`senders did not take their paths: ${JSON.stringify({ before, afterKnown, after })}`);
  }
  const wall = { known: knownWall, new: newWall, link: linkWallRun };
  // At the database: the known senders again; new senders and links of their own (rolled back).
  let k = 0;
  let l = 0;
  const cases: Array<[CaseResult['name'], ChannelRecord, () => InboundMessage]> = [
    ['known', whatsapp.channel, () => known(knownIds[k++ % knownIds.length]!)],
    ['new', whatsapp.channel, fresh],
    ['link', twilio.channel, () => linking(linkDb[l++ % linkDb.length]!)],
  ];
  const results: CaseResult[] = [];
  let cachedPlans = 0;
  for (const [name, channel, next] of cases) {
    const identity: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < o.samples + o.warmup; i++) {
      const r = await atDatabase(deps, channel, next());
      if (i < o.warmup) continue;
      identity.push(r.identity);
      whole.push(r.store);
      if (r.cachedPlan) cachedPlans++;
    }
    o.log(`  ${name}: ${identity.length} samples explained`);
    results.push({
      name,
      samples: wall[name].storeMs.length,
      store: spread(wall[name].storeMs),
      transaction: spread(wall[name].txMs),
      dbIdentity: spread(identity),
      dbStore: spread(whole),
    });
  }
  const plans = {
    known: await identityPlan(deps, whatsapp.channel, known(knownIds[0]!)),
    new: await identityPlan(deps, whatsapp.channel, fresh()),
  };
  return { cases: results, plans, cachedPlans };
}
