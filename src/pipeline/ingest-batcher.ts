import type { PipelineDeps } from './deps.ts';
import { type IngestItem, type IngestResult, writeEvents } from './ingest.ts';

interface Pending extends IngestItem {
  resolve(r: IngestResult): void;
  reject(e: unknown): void;
}

/**
 * Group commit for webhook deliveries. Each delivery is acknowledged only after the transaction
 * holding it commits, but deliveries that arrive while a transaction is running share the next
 * one, so under load one commit (and one WAL flush) serves many messages, while a lone delivery
 * is written at once with no added wait. If a shared transaction fails, each of its deliveries is
 * retried in a transaction of its own, so one bad delivery never fails another.
 *
 * `maxBatch`: most deliveries per transaction. `concurrency`: transactions in flight at once
 * (PGlite runs one at a time anyway; PostgreSQL gains from a few).
 */
export class IngestBatcher {
  private queue: Pending[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly deps: PipelineDeps,
    private readonly options: { maxBatch: number; concurrency: number },
  ) {}

  /** Stores one delivery; resolves after its transaction committed (with its follow-up jobs). */
  submit(item: IngestItem): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts transactions on the next turn of the event loop rather than at once, so deliveries
   * whose requests are already readable join the batch. This matters on PGlite, whose queries run
   * on this thread: while a transaction runs no request is read, so without the pause every batch
   * would hold one delivery.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      void this.flush(batch).finally(() => {
        this.running--;
        this.schedule();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const results = await this.deps.db.transaction((tx) => writeEvents(this.deps, tx, batch));
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
      } else {
        for (const p of batch) {
          try {
            const [r] = await this.deps.db.transaction((tx) => writeEvents(this.deps, tx, [p]));
            p.resolve(r!);
          } catch (err) {
            p.reject(err);
          }
        }
      }
    }
  }
}
