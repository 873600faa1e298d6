import { isConnectionError } from '../../../kernel/db/connection-errors.ts';
import { type CarriedFilesDeps, keepCarriedFiles } from '../../media/carried-files.ts';
import { createMediaStore } from '../../media/store/create-media-store.ts';
import type { MediaStore } from '../../media/store/media-store.ts';
import type { PipelineDeps } from './deps.ts';
import { type IngestItem, type IngestResult, writeEvents } from './ingest.ts';
import { isPoisonError, writeEventsOneByOne } from './ingest-isolate.ts';

interface Pending extends IngestItem {
  resolve(r: IngestResult): void;
  reject(e: unknown): void;
}

/**
 * The batching of a database kind. PGlite has one connection: one batch at a time, and smaller
 * batches, because an outbound-send outcome write waits for the batch in progress (the window in
 * which a crash repeats a send; docs/architecture.md).
 */
export function ingestBatching(kind: 'pglite' | 'postgres'): { maxBatch: number; concurrency: number } {
  return kind === 'pglite' ? { maxBatch: 20, concurrency: 1 } : { maxBatch: 100, concurrency: 4 };
}

/**
 * Group commit for webhook deliveries. Each delivery is acknowledged only after the transaction
 * holding it commits, but deliveries that arrive while a transaction is running share the next
 * one, so under load one commit (and one WAL flush) serves many messages, while a lone delivery
 * is written at once with no added wait. If a shared transaction fails, each of its deliveries is
 * retried in a transaction of its own, so one bad delivery never fails another; a delivery that
 * fails alone on data that can never be stored is written event by event
 * ({@link writeEventsOneByOne}), so one bad message never sinks the good ones of its delivery.
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

  /**
   * Stores one delivery; resolves after its transaction committed (with its follow-up jobs). Files
   * the delivery carried are kept in the media store first ({@link keepCarriedFiles}).
   */
  async submit(item: IngestItem): Promise<IngestResult> {
    const events = await keepCarriedFiles(this.carried, item.events, item.files);
    return new Promise((resolve, reject) => {
      this.queue.push({ channel: item.channel, events, resolve, reject });
      this.schedule();
    });
  }

  private store: MediaStore | undefined;
  private get carried(): CarriedFilesDeps {
    return {
      store: () => (this.store ??= createMediaStore(this.deps.config)),
      maxBytes: this.deps.config.mediaMaxBytes,
      log: this.deps.log,
    };
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
      // The database is away: every delivery gets 503 at once (platforms redeliver), no retries.
      if (isConnectionError(e)) for (const p of batch) p.reject(e);
      else if (batch.length === 1) await this.isolate(batch[0]!, e);
      else {
        for (const p of batch) {
          try {
            const [r] = await this.deps.db.transaction((tx) => writeEvents(this.deps, tx, [p]));
            p.resolve(r!);
          } catch (err) {
            await this.isolate(p, err);
          }
        }
      }
    }
  }

  /** A delivery failed alone: on a poison error its events are stored one by one, else it fails. */
  private async isolate(p: Pending, error: unknown): Promise<void> {
    if (!isPoisonError(error)) return p.reject(error);
    try {
      p.resolve(await writeEventsOneByOne(this.deps, p));
    } catch (err) {
      p.reject(err);
    }
  }
}
