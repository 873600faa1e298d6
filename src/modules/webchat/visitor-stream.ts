import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { WebchatSignal } from '../../integrations/webchat/webchat.live.ts';
import type { Database } from '../../kernel/db/database.ts';
import { SseResponse } from '../../kernel/http-server/sse-response.ts';
import { contactFeedMessage, conversationIdByThread } from '../inbox/contact-feed.ts';
import type { EventSink } from '../inbox/events.hub.ts';
import { widgetMessages } from './visitor-files.ts';

/** An event of the inbox's log, as the hub hands it to a sink. */
type InboxEvent = Parameters<EventSink['send']>[0];

/** Statuses of an answer the visitor may see (it went out). */
const SHOWN = new Set(['sent', 'delivered', 'read']);

/** Who the stream is for. */
export interface VisitorStreamTarget {
  db: Database;
  log: FastifyBaseLogger;
  workspaceId: string;
  channelId: string;
  threadKey: string;
  /** The visitor's conversation, null until their first message started it. */
  conversationId: string | null;
}

/** Timing and limits (milliseconds, bytes). */
export interface VisitorStreamOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
}

export const VISITOR_STREAM_DEFAULTS: VisitorStreamOptions = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 256 * 1024,
};

/**
 * One visitor's live stream, Server-Sent Events written to Node's response (the route hijacked it).
 * It is an {@link EventSink} of the inbox's event hub for the visitor's workspace and keeps, in log
 * order, only the events of their conversation that they may see: their own messages and answers
 * once sent (`event: message`, `id:` the log position, data a {@link WidgetMessage} read in full
 * from the inbox), never private notes or drafts. Live signals add `event: typing` and
 * `event: read` (no id). `event: ready` (with the starting position as `id:`) opens it, `event:
 * reset` says the log no longer reaches back to the requested position (reload the history), and
 * every heartbeat either moves the position on (`event: position`, so a reconnect does not replay
 * other conversations' events) or is a comment. A client that falls `maxBufferedBytes` behind is
 * dropped: it reconnects from its last id.
 */
export class VisitorStream extends SseResponse implements EventSink {
  private chain: Promise<void> = Promise.resolve();
  private seen: number;
  private written: number;

  constructor(
    res: ServerResponse,
    headers: Record<string, OutgoingHttpHeader | undefined>,
    private readonly target: VisitorStreamTarget,
    from: number,
    options: VisitorStreamOptions = VISITOR_STREAM_DEFAULTS,
  ) {
    super(res, headers, options, `retry: 2000\n\nid: ${from}\nevent: ready\ndata: {}\n\n`);
    this.seen = from;
    this.written = from;
  }

  send(event: InboxEvent): void {
    this.chain = this.chain
      .then(() => this.handle(event))
      .catch((err: unknown) => {
        this.target.log.warn({ err }, 'web chat stream: an event could not be read; the visitor reconnects');
        this.close();
      });
  }

  async sendAll(events: InboxEvent[]): Promise<void> {
    for (const e of events) this.send(e);
    await this.chain;
    await this.flushed();
  }

  reset(): void {
    this.write('event: reset\ndata: {}\n\n');
  }

  /** Writes a live signal of the visitor's conversation. */
  signal(s: WebchatSignal): void {
    if (s.kind === 'typing') this.write('event: typing\ndata: {}\n\n');
    else this.write(`event: read\ndata: ${JSON.stringify({ upTo: s.platformMessageId })}\n\n`);
  }

  private async handle(e: InboxEvent): Promise<void> {
    if (this.closed) return;
    const t = this.target;
    this.seen = Math.max(this.seen, Number(e.id));
    if ('conversation' in e) {
      // The visitor's first message starts their conversation: learn its id once.
      if (t.conversationId === null && e.conversation?.channelId === t.channelId) {
        t.conversationId = await conversationIdByThread(t.db, t.workspaceId, t.channelId, t.threadKey);
      }
      return;
    }
    const m = 'message' in e ? e.message : undefined;
    if (!m || !e.messageId || e.conversationId !== t.conversationId || m.private) return;
    if (m.direction === 'outbound' && !SHOWN.has(m.status ?? '')) return;
    const found = await contactFeedMessage(t.db, t.workspaceId, t.conversationId, e.messageId);
    if (!found || this.closed) return;
    const [shown] = await widgetMessages(t.db, t.workspaceId, t.conversationId, [found]);
    if (!shown || this.closed) return;
    this.write(`id: ${e.id}\nevent: message\ndata: ${JSON.stringify(shown)}\n\n`);
    this.written = Number(e.id);
  }

  /** The heartbeat moves the visitor's position on past other conversations' events, else a comment. */
  protected override beat(): void {
    if (this.seen > this.written) {
      this.write(`id: ${this.seen}\nevent: position\ndata: {}\n\n`);
      this.written = this.seen;
    } else super.beat();
  }
}
