import { prepareStatements } from '../../kernel/db/prepared.ts';
import type { OmnifyModule } from '../../kernel/module.ts';
import { POLL_SECONDS } from '../../kernel/module.ts';
import { type ConversationWakeJob, runConversationWake } from './conversation-wake.job.ts';
import { conversationsRoutes } from './conversations.routes.ts';
import { demoRoutes } from './demo/demo.routes.ts';
import { draftsRoutes } from './drafts.routes.ts';
import { announceEventsAfterCommit } from './events.notify.ts';
import { startEventPruning } from './events.prune.ts';
import { eventsRoutes } from './events.routes.ts';
import { messageOriginalRoutes } from './message-original.routes.ts';
import { migration as m001 } from './migrations/001-inbox.ts';
import { migration as m002 } from './migrations/002-private-notes.ts';
import { migration as m003 } from './migrations/003-events.ts';
import { migration as m004 } from './migrations/004-workflow.ts';
import { migration as m005 } from './migrations/005-message-search.ts';
import { migration as m006 } from './migrations/006-events-notify-after-commit.ts';
import { migration as m007 } from './migrations/007-reaction-targets.ts';
import { migration as m008 } from './migrations/008-conversation-page-index.ts';
import { migration as m009 } from './migrations/009-reply-context.ts';
import { runAgentReply } from './pipeline/agent-reply.job.ts';
import type { AgentReplyJob, InboundAckJob, OutboundSendJob } from './pipeline/deps.ts';
import { type IdentitySignalsJob, runIdentitySignals } from './pipeline/identity-signals.job.ts';
import { runInboundAck } from './pipeline/inbound-ack.job.ts';
import { IngestBatcher, ingestBatching } from './pipeline/ingest-batcher.ts';
import { runOutboundSend } from './pipeline/outbound-send.job.ts';
import { type ReadReceiptJob, runReadReceipt } from './pipeline/read-receipt.job.ts';
import { startReceivers } from './pipeline/receivers.ts';
import { runSenderProfile, type SenderProfileJob } from './pipeline/sender-profile.job.ts';
import { searchRoutes } from './search.routes.ts';
import { startMessageStatistics } from './search.statistics.ts';
import { typingRoutes } from './typing.routes.ts';
import { webhooksRoutes } from './webhooks.routes.ts';

/** A job counts as crashed once active longer than its handler may run plus this margin (seconds). */
const MARGIN_SECONDS = 10;

/**
 * The inbox: conversations and messages, webhook ingest (group commit), the `agent-reply` and
 * `outbound-send` jobs that answer and deliver, `read-receipt`, which tells the platform what a
 * person read, and `conversation-wake`, which reopens snoozed conversations; typing indicators.
 */
export const inboxModule: OmnifyModule = {
  name: 'inbox',
  migrations: [m001, m002, m003, m004, m005, m006, m007, m008, m009],
  async api(app, opts) {
    await app.register(conversationsRoutes, opts);
    // POST /conversations/:id/drafts/:messageId/send: a person sends an agent's draft (assisted).
    await app.register(draftsRoutes, opts);
    // GET /events: live events over Server-Sent Events (docs/api-events.md).
    await app.register(eventsRoutes, opts);
    // The inbox demo and simulated customer messages on sandbox channels (docs/inbox.md).
    await app.register(demoRoutes, opts);
    // GET /search/messages: full-text search over all messages (search.routes.ts).
    await app.register(searchRoutes, opts);
    // POST /conversations/:id/typing: the contact sees "typing…" while a person writes (typing.routes.ts).
    await app.register(typingRoutes, opts);
    // GET /conversations/:id/messages/:messageId/original: an e-mail as received, sanitized (message-original.routes.ts).
    await app.register(messageOriginalRoutes, opts);
  },
  root: webhooksRoutes,
  queues: {
    'agent-reply': (c) => Math.ceil(c.agentTimeoutMs / 1000) + MARGIN_SECONDS,
    'outbound-send': (c) => Math.ceil(c.sendTimeoutMs / 1000) + MARGIN_SECONDS,
    'inbound-ack': (c) => Math.ceil(c.sendTimeoutMs / 1000) + MARGIN_SECONDS,
    // A read and a few short statements.
    'identity-signals': () => MARGIN_SECONDS,
    // Two reads, one directory lookup and one statement.
    'sender-profile': (c) => Math.ceil(c.sendTimeoutMs / 1000) + MARGIN_SECONDS,
    'read-receipt': (c) => Math.ceil(c.sendTimeoutMs / 1000) + MARGIN_SECONDS,
    // Two short statements.
    'conversation-wake': () => MARGIN_SECONDS,
  },
  async start(ctx, { workers }) {
    // PGlite plans a statement on every run unless it is prepared (src/kernel/db/prepared.ts).
    await prepareStatements(ctx.db);
    // Event streams of every process learn of new events after each commit (events.notify.ts).
    const stopAnnouncing = announceEventsAfterCommit(ctx);
    if (!workers) return stopAnnouncing;
    const n = ctx.config.workerConcurrency;
    await ctx.queue.work<AgentReplyJob>('agent-reply', n, (job) => runAgentReply(ctx, job), POLL_SECONDS);
    await ctx.queue.work<OutboundSendJob>(
      'outbound-send',
      n,
      (job) => runOutboundSend(ctx, job),
      POLL_SECONDS,
    );
    await ctx.queue.work<InboundAckJob>('inbound-ack', n, (job) => runInboundAck(ctx, job), POLL_SECONDS);
    await ctx.queue.work<IdentitySignalsJob>(
      'identity-signals',
      1,
      (job) => runIdentitySignals(ctx, job),
      POLL_SECONDS,
    );
    await ctx.queue.work<ReadReceiptJob>('read-receipt', n, (job) => runReadReceipt(ctx, job), POLL_SECONDS);
    await ctx.queue.work<SenderProfileJob>(
      'sender-profile',
      1,
      (job) => runSenderProfile(ctx, job),
      POLL_SECONDS,
    );
    await ctx.queue.work<ConversationWakeJob>(
      'conversation-wake',
      1,
      (job) => runConversationWake(ctx, job),
      POLL_SECONDS,
    );
    // The event log keeps 24 h (events.schema.ts); workers prune it hourly.
    const stopPruning = startEventPruning(ctx);
    // PGlite has no autovacuum: the message search's plans need statistics (search.statistics.ts).
    const stopStatistics = startMessageStatistics(ctx);
    // IMAP and Discord Gateway channels: loops that deliver into the same ingest (receivers.ts).
    let batcher: IngestBatcher | undefined;
    const stopReceivers = startReceivers({
      ...ctx,
      ingest: () => (batcher ??= new IngestBatcher(ctx, ingestBatching(ctx.db.kind))),
    });
    return async () => {
      await stopReceivers();
      await stopStatistics();
      await stopPruning();
      await stopAnnouncing();
    };
  },
};
