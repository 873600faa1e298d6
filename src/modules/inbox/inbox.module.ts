import type { OmnifyModule } from '../../kernel/module.ts';
import { POLL_SECONDS } from '../../kernel/module.ts';
import { conversationsRoutes } from './conversations.routes.ts';
import { runAgentReply } from './pipeline/agent-reply.job.ts';
import type { AgentReplyJob, OutboundSendJob } from './pipeline/deps.ts';
import { runOutboundSend } from './pipeline/outbound-send.job.ts';
import { webhooksRoutes } from './webhooks.routes.ts';

/** A job counts as crashed once active longer than its handler may run plus this margin (seconds). */
const MARGIN_SECONDS = 10;

/**
 * The inbox: conversations and messages, webhook ingest (group commit), and the `agent-reply` and
 * `outbound-send` jobs that answer and deliver.
 */
export const inboxModule: OmnifyModule = {
  name: 'inbox',
  api: conversationsRoutes,
  root: webhooksRoutes,
  queues: {
    'agent-reply': (c) => Math.ceil(c.agentTimeoutMs / 1000) + MARGIN_SECONDS,
    'outbound-send': (c) => Math.ceil(c.sendTimeoutMs / 1000) + MARGIN_SECONDS,
  },
  async start(ctx, { workers }) {
    if (!workers) return undefined;
    const n = ctx.config.workerConcurrency;
    await ctx.queue.work<AgentReplyJob>('agent-reply', n, (job) => runAgentReply(ctx, job), POLL_SECONDS);
    await ctx.queue.work<OutboundSendJob>(
      'outbound-send',
      n,
      (job) => runOutboundSend(ctx, job),
      POLL_SECONDS,
    );
    return undefined;
  },
};
