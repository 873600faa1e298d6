import type { OmnifyContext } from '../../../kernel/context.ts';

/** What the message pipeline needs: config, database, job queue, logger and secrets. */
export type PipelineDeps = Pick<OmnifyContext, 'config' | 'db' | 'queue' | 'log' | 'secrets'>;

/** Data of an `agent-reply` job: the inbound message to answer. */
export interface AgentReplyJob {
  messageId: string;
}

/** Data of an `outbound-send` job: the outbound message and the attempt this job is for (0-based). */
export interface OutboundSendJob {
  messageId: string;
  attempt: number;
}

/** Data of an `inbound-ack` job: the inbound message to answer on its platform (a Telegram callback query). */
export interface InboundAckJob {
  messageId: string;
}
