import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/config.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Database } from './db/database.ts';
import type { JobQueue } from './queue/queue.ts';

/**
 * What every module receives from the runtime: the one config, the database, the durable job queue,
 * a logger (pino), the sealer of secrets at rest, and the public base URL (no trailing slash).
 */
export interface OmnifyContext {
  config: Config;
  db: Database;
  queue: JobQueue;
  log: FastifyBaseLogger;
  /** Seals and opens the secret-holding columns (channel and agent configs, ad connectors). */
  secrets: SecretBox;
  /** `PUBLIC_URL`, or the address this server listens on; used to build `webhookUrl`. */
  publicUrl(): string;
}
