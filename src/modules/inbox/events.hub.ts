import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../kernel/db/database.ts';
import {
  type EventRow,
  eventIdBounds,
  eventsAfter,
  eventWriters,
  type InboxEvent,
  toInboxEvent,
  workspaceEvents,
} from './events.repository.ts';
import { EVENTS_CHANNEL } from './events.schema.ts';

/** Where a stream's events go (an open Server-Sent Events response, events.sse.ts). */
export interface EventSink {
  /** True once the client is gone or the stream was closed. */
  readonly closed: boolean;
  /** Sends one live event at once (the sink drops a client that falls too far behind). */
  send(event: InboxEvent): void;
  /** Sends replayed events, resolving when the client's connection can take more. */
  sendAll(events: InboxEvent[]): Promise<void>;
  /** Tells the client that events it asked for are gone (older than the retention). */
  reset(): void;
  close(): void;
}

/** One page of a workspace's events: `lastEventId` is where the next page starts (`after`). */
export interface EventPage {
  data: InboxEvent[];
  lastEventId: string;
  /** True when events after the requested `after` were pruned: refetch, then go on from `lastEventId`. */
  reset: boolean;
}

/** Timing of the hub, milliseconds. */
export interface EventHubOptions {
  /**
   * Rescan this often while streams are open: NOTIFY (after each committed transaction) normally
   * wakes the hub at once; writes made outside a transaction are found by this scan.
   */
  pollMs: number;
  /** The longest wait for a transaction that may still commit an event below a visible one. */
  maxWriterWaitMs: number;
}

const DEFAULTS: EventHubOptions = { pollMs: 250, maxWriterWaitMs: 10_000 };
/** Rows per read of the log (live scan) and per page of a replay. */
const SCAN_BATCH = 1_000;
const REPLAY_BATCH = 500;

interface Subscriber {
  workspaceId: string;
  /** The id of the last event this stream was sent. */
  cursor: number;
  sink: EventSink;
}

/**
 * Ids at or below `upTo` missing from the log are decided ("will never come") once every
 * transaction in `writers` has ended, or after `maxWriterWaitMs` (`since`).
 */
interface Barrier {
  upTo: number;
  writers: Set<string>;
  since: number;
  cleared: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const disjoint = (a: Set<string>, b: Set<string>) => ![...a].some((x) => b.has(x));

/**
 * The process's one reader of the event log, fanning events out to the open streams of each
 * workspace. It LISTENs on `omnify_events` (one connection per process, shared with the job queue's
 * on PostgreSQL); each NOTIFY wakes one read of the rows after `safeId`, whatever the number of
 * streams, and each row goes only to streams of its own workspace.
 *
 * **No event is skipped or sent twice.** Ids are drawn when a transaction writes, not when it
 * commits, so a reader can see id 11 while id 10 is still uncommitted. `safeId` only moves past
 * ids that are decided: visible, or proven never to come. On a gap the hub records a barrier —
 * the transactions holding the event writers' advisory lock right after the read (migration 003
 * takes it before drawing ids, so the gap's writer is among them if it is still running) — and
 * delivers nothing past the gap until those transactions have ended (then a gap still missing
 * was rolled back) or `maxWriterWaitMs` passed (a warning; such an event is then only replayed to
 * clients that reconnect from before it). Reading and deciding run one at a time.
 *
 * With no stream open the hub stops reading: NOTIFYs only mark it stale, and the next stream or
 * page first moves `safeId` to the newest decided id (`fastForward`).
 */
export class EventHub {
  private safeId = 0;
  private stale = true;
  private started: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private count = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private barrier: Barrier | undefined;
  private barrierTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly options: EventHubOptions;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    options: Partial<EventHubOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * LISTENs (once) and brings `safeId` up to date. Rejects with `OMNIFY_ERR_DATABASE_UNAVAILABLE`
   * when the database cannot be reached.
   */
  async ready(): Promise<void> {
    this.started ??= this.db
      .listen(
        EVENTS_CHANNEL,
        () => this.notified(),
        () => this.notified(),
      )
      .then((unlisten) => {
        // PGlite (one process): this process's commits wake the hub directly (events.notify.ts).
        const offCommit = this.db.kind === 'pglite' ? this.db.onCommit(() => this.notified()) : undefined;
        this.unlisten = async () => {
          offCommit?.();
          await unlisten();
        };
        this.pollTimer = setInterval(() => {
          if (this.count > 0) this.wake().catch((err) => this.log.warn({ err }, 'event log read failed'));
        }, this.options.pollMs);
        this.pollTimer.unref();
      })
      .catch((e) => {
        this.started = undefined;
        throw e;
      });
    await this.started;
    // A write outside a transaction announces nothing: with no stream open, `safeId` may lag.
    if (this.count === 0) this.stale = true;
    await this.wake();
  }

  /** The newest decided event id: where a stream that resumes from nothing starts (after {@link ready}). */
  get position(): number {
    return this.safeId;
  }

  /**
   * Opens a workspace's stream on `sink`: sends the workspace's events after `after` from the log,
   * then keeps sending new ones in id order, each once. `resumed`: `after` came from the client (a
   * `reset` is sent first when events after it were pruned); else it is a {@link position} taken
   * before the client saw the stream open. Returns the function that ends the subscription (call it
   * when the client goes).
   */
  async open(workspaceId: string, after: number, sink: EventSink, resumed: boolean): Promise<() => void> {
    await this.ready();
    if (resumed && (await this.expired(after))) sink.reset();
    let cursor = after;
    while (cursor < this.safeId && !sink.closed) {
      const upTo = this.safeId;
      const rows = await workspaceEvents(this.db, workspaceId, { after: cursor, upTo, limit: REPLAY_BATCH });
      await sink.sendAll(rows.map(toInboxEvent));
      cursor = rows.length === REPLAY_BATCH ? rows.at(-1)!.id : upTo;
    }
    if (sink.closed || this.closed) return () => {};
    // Caught up with `safeId` and registered in the same turn: every later event reaches it once.
    const sub: Subscriber = { workspaceId, cursor, sink };
    const set = this.subscribers.get(workspaceId) ?? new Set<Subscriber>();
    this.subscribers.set(workspaceId, set);
    set.add(sub);
    this.count++;
    // NOTIFYs that came while no stream was open only marked the hub stale: read them now.
    this.wake().catch((err) => this.log.warn({ err }, 'event log read failed'));
    return () => {
      if (!set.delete(sub)) return;
      this.count--;
      if (set.size === 0 && this.subscribers.get(workspaceId) === set) this.subscribers.delete(workspaceId);
    };
  }

  /** The workspace's decided events after `after`, at most `limit` (none without `after`: a start position). */
  async page(workspaceId: string, after: number | undefined, limit: number): Promise<EventPage> {
    await this.ready();
    const upTo = this.safeId;
    if (after === undefined) return { data: [], lastEventId: String(upTo), reset: false };
    const rows = after < upTo ? await workspaceEvents(this.db, workspaceId, { after, upTo, limit }) : [];
    const last = rows.length === limit ? rows.at(-1)!.id : Math.max(after, upTo);
    return { data: rows.map(toInboxEvent), lastEventId: String(last), reset: await this.expired(after) };
  }

  /** Stops listening and closes every stream. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.barrierTimer);
    for (const set of this.subscribers.values()) for (const s of set) s.sink.close();
    this.subscribers.clear();
    this.count = 0;
    await this.running?.catch(() => {});
    await this.unlisten?.().catch(() => {});
  }

  /** True when events after `after` may have been pruned (the log starts later, or is empty). */
  private async expired(after: number): Promise<boolean> {
    if (after === 0) return false;
    const { oldest } = await eventIdBounds(this.db);
    return oldest === 0 || oldest > after + 1;
  }

  private notified(): void {
    if (this.count === 0) this.stale = true;
    else this.wake().catch((err) => this.log.warn({ err }, 'event log read failed'));
  }

  /** Runs a step now, or once more after the running one; resolves when the log has been read since the call. */
  private wake(): Promise<void> {
    this.again = true;
    this.running ??= this.drive();
    return this.running;
  }

  private async drive(): Promise<void> {
    // Yield first, so that `wake` has stored this promise before the `finally` below clears it.
    await Promise.resolve();
    try {
      while (this.again && !this.closed) {
        this.again = false;
        if (this.count === 0) {
          if (this.stale) await this.fastForward();
        } else await this.scan();
      }
    } finally {
      this.running = undefined;
    }
  }

  /** With no stream to feed: `safeId` := the newest id, once every id below it is decided. */
  private async fastForward(): Promise<void> {
    this.stale = false;
    const { newest } = await eventIdBounds(this.db);
    let waiting = await eventWriters(this.db);
    const deadline = Date.now() + this.options.maxWriterWaitMs;
    while (waiting.size > 0 && Date.now() < deadline && !this.closed) {
      await sleep(20);
      const now = await eventWriters(this.db);
      waiting = new Set([...waiting].filter((w) => now.has(w)));
    }
    if (waiting.size > 0) this.log.warn({ writers: [...waiting] }, 'event writers still running; going on');
    if (this.count > 0) {
      // A stream joined meanwhile at the old position: read on from there instead.
      this.again = true;
      return;
    }
    this.safeId = Math.max(this.safeId, newest);
    this.barrier = undefined;
  }

  /** Reads the log after `safeId`, delivers the decided prefix, and sets a barrier at a gap. */
  private async scan(): Promise<void> {
    // Whether the barrier's writers had ended must be known before this read's snapshot.
    const decidedUpTo = this.barrier?.cleared ? this.barrier.upTo : 0;
    const rows = await eventsAfter(this.db, this.safeId, SCAN_BATCH);
    let next = this.safeId;
    const take: EventRow[] = [];
    for (const r of rows) {
      if (r.id !== next + 1 && r.id > decidedUpTo) break;
      take.push(r);
      next = r.id;
    }
    const whole = take.length === rows.length;
    if (whole && rows.length < SCAN_BATCH && decidedUpTo > next) next = decidedUpTo;
    this.safeId = next;
    if (this.barrier && next >= this.barrier.upTo) this.barrier = undefined;
    this.fanOut(take);
    if (whole && rows.length === SCAN_BATCH) this.again = true;
    else if (!whole && !this.barrier) await this.setBarrier(rows.at(-1)!.id);
  }

  private async setBarrier(upTo: number): Promise<void> {
    const writers = await eventWriters(this.db);
    const b: Barrier = { upTo, writers, since: Date.now(), cleared: writers.size === 0 };
    this.barrier = b;
    if (b.cleared) this.again = true;
    else this.checkBarrier(b, 10);
  }

  /** Polls `pg_locks` (backing off to 250 ms) until the barrier's writers have ended. */
  private checkBarrier(b: Barrier, delayMs: number): void {
    this.barrierTimer = setTimeout(async () => {
      if (this.closed || this.barrier !== b) return;
      let ended = false;
      try {
        const overdue = Date.now() - b.since > this.options.maxWriterWaitMs;
        if (overdue) this.log.warn({ upTo: b.upTo }, 'event writers still running; skipping their ids');
        ended = overdue || disjoint(b.writers, await eventWriters(this.db));
      } catch (err) {
        this.log.warn({ err }, 'event writers check failed');
      }
      if (!ended) return this.checkBarrier(b, Math.min(delayMs * 2, 250));
      b.cleared = true;
      this.wake().catch((err) => this.log.warn({ err }, 'event log read failed'));
    }, delayMs);
    this.barrierTimer.unref();
  }

  private fanOut(rows: EventRow[]): void {
    for (const r of rows) {
      const subs = this.subscribers.get(r.workspaceId);
      if (!subs) continue;
      const event = toInboxEvent(r);
      for (const s of subs) {
        if (r.id <= s.cursor) continue;
        s.cursor = r.id;
        s.sink.send(event);
      }
    }
  }
}
