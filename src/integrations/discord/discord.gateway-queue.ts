import { setTimeout as sleep } from 'node:timers/promises';
import { isOmnifyError } from '../../kernel/errors/catalog.ts';
import type { ReceiverContext } from '../contract/channel-adapter.ts';

/** One dispatch waiting to be stored: `body` to deliver (undefined: nothing to store), then acknowledged. */
export interface QueuedDispatch {
  body: unknown;
  /** Called once the body is committed (or found not worth storing): moves the session's sequence. */
  ack: () => void;
  /** The dispatch's name, for logs. */
  t: string;
}

/** Retry waits of a failed delivery, ms: doubled from `baseMs` up to `maxMs`. */
export interface DeliveryRetry {
  baseMs: number;
  maxMs: number;
  /** Attempts for errors that are not known to be transient (bugs) before the dispatch is dropped. */
  maxUnexpected: number;
}

/** In memory at most this many dispatches wait (the database is down, the bot's servers are busy). */
const MAX_WAITING = 10_000;

/**
 * Stores dispatches one at a time, in the order received, through `ctx.deliver`, and acknowledges
 * each after its commit. A delivery that fails for a transient reason (the database is away) is
 * retried with backoff until it succeeds or the loop stops; one refused as bad input
 * (`user`/`permanent` errors) is logged and skipped; an unexpected error is retried
 * `maxUnexpected` times, then skipped. Beyond `MAX_WAITING` waiting dispatches new ones are
 * dropped (logged): the Gateway has no flow control. When the loop stops, what already waits gets
 * one attempt each for a short grace period (a changed channel's new connection cannot resume this
 * one's session, so what is dropped then is lost).
 */
export class DispatchQueue {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #dropped = 0;
  #stopped = false;
  #deadline = Number.POSITIVE_INFINITY;

  constructor(
    private readonly ctx: Pick<ReceiverContext, 'deliver' | 'log' | 'signal'>,
    private readonly retry: DeliveryRetry,
  ) {}

  push(item: QueuedDispatch): void {
    if (this.#stopped) return;
    if (this.#waiting >= MAX_WAITING) {
      if (this.#dropped++ % 1000 === 0) {
        this.ctx.log.warn('discord gateway: too many dispatches wait to be stored; dropping', {
          t: item.t,
          dropped: this.#dropped,
        });
      }
      return;
    }
    this.#waiting++;
    this.#tail = this.#tail.then(async () => {
      this.#waiting--;
      if (this.#stopped && Date.now() > this.#deadline) return;
      if (item.body === undefined || (await this.#deliver(item))) item.ack();
    });
  }

  /**
   * Stops taking dispatches; those waiting get one attempt each for `graceMs`. Resolves when they are
   * done or the grace period is over (a delivery that hangs does not hold the loop).
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.#stopped = true;
    this.#deadline = Date.now() + graceMs;
    const timer = new AbortController();
    await Promise.race([this.#tail, sleep(graceMs, undefined, { signal: timer.signal }).catch(() => {})]);
    timer.abort();
    if (this.#waiting > 0) {
      this.ctx.log.warn('discord gateway: stopped with dispatches not stored', { left: this.#waiting });
    }
  }

  /** True once stored or skipped for good; false when the loop stopped first. */
  async #deliver(item: QueuedDispatch): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ctx.deliver(item.body);
        return true;
      } catch (e) {
        if (this.ctx.signal.aborted || this.#stopped) return false; // stopping: one attempt only
        const code = isOmnifyError(e) ? e.code : 'unexpected';
        const unexpected = !isOmnifyError(e) || e.errorClass === 'unexpected';
        const refused = isOmnifyError(e) && !unexpected && !e.retryable;
        if (refused || (unexpected && attempt >= this.retry.maxUnexpected)) {
          this.ctx.log.warn('discord gateway: a dispatch could not be stored and is skipped', {
            t: item.t,
            code,
          });
          return true;
        }
        const waitMs = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** Math.min(attempt, 20));
        this.ctx.log.warn('discord gateway: storing a dispatch failed; retrying', {
          t: item.t,
          code,
          waitMs,
        });
        try {
          await sleep(waitMs, undefined, { signal: this.ctx.signal });
        } catch {
          return false;
        }
      }
    }
  }
}
