/**
 * The message history the read benchmarks (bench/search.bench.ts, bench/inbox.bench.ts) load into a
 * fresh Omnify: one generic webhook channel (no agent), `conversations` conversations started
 * through its signed webhook (100 events per delivery, one contact each: ids `c0`, `c1`, …), then
 * the rest of `messages` written straight into `messages` in batches of 5,000, spread over two
 * years, newest last: 55 % inbound, 35 % outbound, 10 % private notes, texts from the seeded Zipf
 * vocabulary of bench/search-corpus.ts. The batches run with `session_replication_role = replica`
 * (no per-message event rows: this is history, not live traffic); the conversations' message
 * counters are set at the end. The same options give the same corpus on every run.
 *
 * `big` > 0 gives one conversation exactly `big` messages (its webhook message included), spread
 * evenly over the two years; the others draw from the remaining conversations at random. With
 * `big` 0 every history message picks its conversation at random (the search benchmark's corpus).
 */
import pg from 'pg';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../src/integrations/webhook/omnify-signature.ts';
import type { TestOmnify } from '../src/testing/harness.ts';
import { messageTexts, seeded } from './search-corpus.ts';

/** The default PostgreSQL of `--db postgres` when `DATABASE_URL` is unset. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

const BATCH = 5_000;
const EVENTS_PER_DELIVERY = 100;
/** First and last names of seeded contacts (shared with bench/identity-seed.ts). */
export const FIRST = [
  'Ana',
  'João',
  'María',
  'Li',
  'Olga',
  'Kwame',
  'Sofia',
  'Ahmed',
  'Emma',
  'Yuki',
  'Lucas',
  'Fatima',
];
export const LAST = [
  'Silva',
  'García',
  'Smith',
  'Ivanova',
  'Mensah',
  'Rossi',
  'Khan',
  'Müller',
  'Sato',
  'Dubois',
];

/** A generic webhook channel the benchmark posts signed deliveries to. */
export interface SeedChannel {
  id: string;
  /** Its signing secret (`X-Omnify-Signature`). */
  secret: string;
}

/** What to load: `messages` in all (≥ `conversations`), `big` of them in one conversation (0: none). */
export interface SeedOptions {
  messages: number;
  conversations: number;
  big?: number;
}

/** What {@link loadMessages} made. */
export interface Seeded {
  /** The conversation with `big` messages; null when `big` was 0. */
  bigConversationId: string | null;
}

/**
 * Sets `DATABASE_URL` (default {@link DEFAULT_DATABASE_URL}) for `--db postgres` and checks that
 * the server answers; throws naming the URL when it does not. Nothing to do for PGlite.
 */
export async function requireDatabase(db: 'pglite' | 'postgres'): Promise<void> {
  if (db !== 'postgres') return;
  process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
  } catch {
    throw new Error(`PostgreSQL is not reachable at ${process.env.DATABASE_URL}`);
  }
}

/** Creates the generic webhook channel (no agent) signed with `secret`; throws unless 201. */
export async function createSeedChannel(omnify: TestOmnify, secret: string): Promise<SeedChannel> {
  const ch = await omnify.api('POST', '/api/v1/channels', {
    platform: 'webhook',
    config: { secret, callbackUrl: 'http://127.0.0.1:9/omnify' },
  });
  if (ch.status !== 201) throw new Error(`channel: ${ch.status} ${JSON.stringify(ch.json)}`);
  return { id: ch.json.id, secret };
}

/**
 * Posts one signed delivery of `events` (the generic webhook protocol, docs/webhook-channel.md) to
 * the channel of the server at `base`; throws unless it answers 200.
 */
export async function postEvents(base: string, channel: SeedChannel, events: unknown[]): Promise<void> {
  const body = JSON.stringify({ events });
  const r = await fetch(`${base}/webhooks/${channel.id}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(channel.secret, body),
    },
    body,
  });
  if (r.status !== 200) throw new Error(`webhook: ${r.status} ${await r.text()}`);
}

/** Starts one conversation per contact `c<i>` through the webhook (100 events per signed delivery). */
async function seedConversations(
  omnify: TestOmnify,
  channel: SeedChannel,
  count: number,
  texts: Iterator<string>,
) {
  const rnd = seeded(11);
  for (let first = 0; first < count; first += EVENTS_PER_DELIVERY) {
    const events = [];
    for (let i = first; i < Math.min(count, first + EVENTS_PER_DELIVERY); i++) {
      const name = `${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]}`;
      events.push({
        type: 'message',
        id: `conv-${i}`,
        from: { id: `c${i}`, name },
        text: texts.next().value,
      });
    }
    await postEvents(omnify.url, channel, events);
  }
}

interface ConversationRow {
  id: string;
  channel_id: string;
  workspace_id: string;
}

/**
 * Writes `count` more messages, oldest first, two years back: `bigExtra` of them (evenly spaced)
 * into `big`, the others into a random conversation of `others`.
 */
async function seedHistory(
  omnify: TestOmnify,
  count: number,
  texts: Iterator<string>,
  others: ConversationRow[],
  big: ConversationRow | null,
  bigExtra: number,
) {
  const rnd = seeded(23);
  const spanMs = 730 * 86_400_000;
  const start = Date.now() - spanMs - 3_600_000;
  const toBig = (i: number) =>
    big !== null && Math.floor(((i + 1) * bigExtra) / count) > Math.floor((i * bigExtra) / count);
  for (let first = 0; first < count; first += BATCH) {
    const rows: Array<Record<string, string | boolean>> = [];
    for (let i = first; i < Math.min(count, first + BATCH); i++) {
      const c = toBig(i) ? big! : others[Math.floor(rnd() * others.length)]!;
      const kind = rnd();
      rows.push({
        c: c.id,
        ch: c.channel_id,
        w: c.workspace_id,
        d: kind < 0.55 ? 'inbound' : 'outbound',
        k: kind < 0.55 ? 'contact' : kind < 0.75 ? 'agent' : 'user',
        p: kind >= 0.9,
        t: texts.next().value as string,
        ts: new Date(start + Math.floor((i / count) * spanMs)).toISOString(),
      });
    }
    await omnify.db.transaction(async (tx) => {
      // History, not live traffic: no event rows (triggers off for this transaction).
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        `INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, private,
           content_type, text, content, status, created_at, updated_at)
         SELECT u.w, u.c, u.ch, u.d, u.k, u.p, 'text', u.t, jsonb_build_object('type', 'text', 'text', u.t),
           CASE WHEN u.d = 'outbound' AND NOT u.p THEN 'delivered' END, u.ts, u.ts
         FROM jsonb_to_recordset($1::jsonb) AS u(w uuid, c uuid, ch uuid, d text, k text, p boolean, t text, ts timestamptz)`,
        [JSON.stringify(rows)],
      );
    });
    if ((first / BATCH) % 20 === 19) console.log(`  ${first + BATCH} messages written…`);
  }
  await omnify.db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(`UPDATE conversations c SET message_count = n.total, inbound_count = n.inbound
      FROM (SELECT conversation_id, count(*)::int AS total,
                   (count(*) FILTER (WHERE direction = 'inbound'))::int AS inbound
              FROM messages GROUP BY conversation_id) n
     WHERE c.id = n.conversation_id`);
  });
}

/**
 * Fills the workspace of `channel` as the file's docstring says. Throws when `big` exceeds what is
 * left for it (`messages - conversations + 1`), or a delivery or insert fails.
 */
export async function loadMessages(
  omnify: TestOmnify,
  channel: SeedChannel,
  o: SeedOptions,
): Promise<Seeded> {
  const bigSize = o.big ?? 0;
  if (bigSize > o.messages - o.conversations + 1) {
    throw new Error(`a conversation of ${bigSize} messages does not fit in ${o.messages} messages`);
  }
  const texts = messageTexts(o.messages);
  await seedConversations(omnify, channel, o.conversations, texts);
  const convs = (
    await omnify.db.query<ConversationRow>(
      'SELECT id, channel_id, workspace_id FROM conversations ORDER BY created_at, id',
    )
  ).rows;
  const big = bigSize > 0 ? convs[0]! : null;
  const others = big && convs.length > 1 ? convs.slice(1) : convs;
  await seedHistory(omnify, o.messages - o.conversations, texts, others, big, Math.max(0, bigSize - 1));
  return { bigConversationId: big?.id ?? null };
}

/** The integer value of option `--name` (`v`), at least `min`; throws naming the option otherwise. */
export function intOption(name: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

/** The `--db` option: `pglite` or `postgres`; throws otherwise. */
export function dbOption(v: string | undefined): 'pglite' | 'postgres' {
  if (v !== 'pglite' && v !== 'postgres') throw new Error('--db must be pglite or postgres');
  return v;
}
