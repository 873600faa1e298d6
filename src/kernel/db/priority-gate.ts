import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Which queue an operation waits in. `urgent`: writes recording what already happened outside the
 * database; `normal`: everything else, API requests first of all; `background`: long batch work (a
 * model run, background.ts) that must not hold the API up.
 */
export type GateLane = 'urgent' | 'normal' | 'background';

/** A background waiter older than this (ms) goes before normal waiters, so it cannot starve. */
export const BACKGROUND_MAX_WAIT_MS = 1_000;

interface Waiter {
  resolve: () => void;
  since: number;
}

/**
 * Hands one resource (PGlite's single connection) to one operation at a time: urgent waiters first,
 * then normal ones, then background ones, each queue in arrival order; a background waiter that has
 * waited `backgroundMaxWaitMs` (default {@link BACKGROUND_MAX_WAIT_MS}) goes before normal ones. An
 * operation already running is never interrupted, so an urgent one waits at most for the operation
 * in progress.
 *
 * After a background operation the resource is handed on only once the event loop has polled for
 * I/O (two `setImmediate` turns: the first may still fall in the current loop iteration). PGlite runs
 * a statement synchronously on the calling thread, so a request that arrived during a long batch
 * statement is only read after it; without the turn, the batch's next statement (already queued)
 * would start before that request could queue, and a model run would hold the API for all its
 * statements in a row instead of one at a time. This is cooperative scheduling between foreground
 * and background work, as an operating system's idle-priority class does for threads.
 *
 * The urgent lane is for writes that record something that already happened outside the database
 * (a platform accepted a message): the shorter they wait, the smaller the window in which a crash
 * makes us repeat it.
 */
export class PriorityGate {
  private busy = false;
  private readonly backgroundMaxWaitMs: number;
  private readonly queues: Record<GateLane, Waiter[]> = { urgent: [], normal: [], background: [] };

  /** `backgroundMaxWaitMs`: see {@link BACKGROUND_MAX_WAIT_MS} (its default). */
  constructor(options: { backgroundMaxWaitMs?: number } = {}) {
    this.backgroundMaxWaitMs = options.backgroundMaxWaitMs ?? BACKGROUND_MAX_WAIT_MS;
  }

  /** Number of operations waiting (not counting the one running). */
  get waiting(): number {
    return this.queues.urgent.length + this.queues.normal.length + this.queues.background.length;
  }

  /**
   * Runs `fn` once the resource is free and its turn in `lane` has come (see the class); resolves
   * or rejects with it.
   */
  async run<T>(fn: () => Promise<T>, lane: GateLane = 'normal'): Promise<T> {
    if (this.busy) {
      await new Promise<void>((resolve) => this.queues[lane].push({ resolve, since: performance.now() }));
    } else {
      this.busy = true;
    }
    try {
      return await fn();
    } finally {
      if (lane === 'background') void this.yieldThenHandOver();
      else this.handOver();
    }
  }

  private async yieldThenHandOver(): Promise<void> {
    await nextTurn();
    await nextTurn();
    this.handOver();
  }

  /** Hands the resource straight to the next waiter (it stays busy), or frees it. */
  private handOver(): void {
    const q = this.queues;
    const oldBackground =
      q.background[0] && performance.now() - q.background[0].since >= this.backgroundMaxWaitMs;
    const next =
      q.urgent.shift() ??
      (oldBackground ? q.background.shift() : undefined) ??
      q.normal.shift() ??
      q.background.shift();
    if (next) next.resolve();
    else this.busy = false;
  }
}
