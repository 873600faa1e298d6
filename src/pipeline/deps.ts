import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { SecretBox } from '../kernel/crypto/secret-box.ts';
import type { JobQueue } from '../queue/queue.ts';

/** What the message pipeline needs: config, database, job queue and a logger (pino). */
export interface PipelineDeps {
  config: Config;
  db: Database;
  queue: JobQueue;
  log: FastifyBaseLogger;
  /** Seals and opens the secret-holding columns (channel and agent configs, ad connectors). */
  secrets: SecretBox;
  /** Base URL at which this server is reachable from its own workers (sandbox emulator calls). */
  selfUrl(): string;
}

/** Data of an `agent-reply` job: the inbound message to answer. */
export interface AgentReplyJob {
  messageId: string;
}

/** Data of an `outbound-send` job: the outbound message and the attempt this job is for (0-based). */
export interface OutboundSendJob {
  messageId: string;
  attempt: number;
}
