import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { WebchatSignal } from '../../integrations/webchat/webchat.live.ts';
import type { Database } from '../../kernel/db/database.ts';
import { drained } from '../../kernel/http-server/drain.ts';
import {
  type ContactFeedMessage,
  contactFeedMessage,
  conversationIdByThread,
} from '../inbox/contact-feed.ts';
import type { EventSink } from '../inbox/events.hub.ts';

/** An event of the inbox's log, as the hub hands it to a sink. */
type InboxEvent = Parameters<EventSink['send']>[0];

/** A message as the widget shows it. */
export interface WidgetMessage {
  id: string;
  /** The widget's own id of a visitor message (what it posted), null for answers. */
  clientId: string | null;
  /** `visitor`, a person of the team (`team`), or an AI agent (`bot`). */
  from: 'visitor' | 'team' | 'bot';
  text: string;
  /** Answers: `sent`, `delivered` or `read`; visitor messages: null. */
  status: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** A feed message as the widget shows it. */
export function widgetMessage(m: ContactFeedMessage): WidgetMessage {
  const inbound = m.direction === 'inbound';
  return {
    id: m.id,
    clientId: inbound ? m.platformMessageId : null,
    from: inbound ? 'visitor' : m.senderKind === 'agent' ? 'bot' : 'team',
    text: m.text ?? '',
    status: inbound ? null : m.status,
    createdAt: m.createdAt,
  };
}

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
export class VisitorStream implements EventSink {
  private ended = false;
  private chain: Promise<void> = Promise.resolve();
  private seen: number;
  private written: number;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeCallbacks: Array<() => void> = [];

  constructor(
    private readonly res: ServerResponse,
    headers: Record<string, OutgoingHttpHeader | undefined>,
    private readonly target: VisitorStreamTarget,
    from: number,
    private readonly options: VisitorStreamOptions = VISITOR_STREAM_DEFAULTS,
  ) {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.on('close', () => this.finish());
    res.on('error', () => this.finish());
    this.seen = from;
    this.written = from;
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
    this.write(`retry: 2000\n\nid: ${from}\nevent: ready\ndata: {}\n\n`);
  }

  get closed(): boolean {
    return this.ended;
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
    if (!this.ended) await drained(this.res);
  }

  reset(): void {
    this.write('event: reset\ndata: {}\n\n');
  }

  /** Writes a live signal of the visitor's conversation. */
  signal(s: WebchatSignal): void {
    if (s.kind === 'typing') this.write('event: typing\ndata: {}\n\n');
    else this.write(`event: read\ndata: ${JSON.stringify({ upTo: s.platformMessageId })}\n\n`);
  }

  /** Runs `fn` when the stream ends (at once if it already has). */
  onClose(fn: () => void): void {
    if (this.ended) fn();
    else this.closeCallbacks.push(fn);
  }

  close(): void {
    if (this.ended) return;
    this.res.end();
    this.finish();
  }

  private async handle(e: InboxEvent): Promise<void> {
    if (this.ended) return;
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
    if (!found || this.ended) return;
    this.write(`id: ${e.id}\nevent: message\ndata: ${JSON.stringify(widgetMessage(found))}\n\n`);
    this.written = Number(e.id);
  }

  private beat(): void {
    if (this.seen > this.written) {
      this.write(`id: ${this.seen}\nevent: position\ndata: {}\n\n`);
      this.written = this.seen;
    } else this.write(': keep-alive\n\n');
  }

  private write(chunk: string): void {
    if (this.ended) return;
    this.res.write(chunk);
    if (this.res.writableLength <= this.options.maxBufferedBytes) return;
    this.res.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const fn of this.closeCallbacks.splice(0)) fn();
  }
}
