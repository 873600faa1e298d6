import type { PipelineDeps } from '../pipeline/deps.ts';
import type { IngestBatcher } from '../pipeline/ingest-batcher.ts';

/** What route plugins receive: the pipeline's dependencies plus the public base URL (no trailing slash). */
export interface OmnifyContext extends PipelineDeps {
  /** `PUBLIC_URL`, or the address this server listens on; used to build `webhookUrl`. */
  publicUrl(): string;
  /** Stores verified webhook deliveries (group commit). */
  ingest: IngestBatcher;
}
