import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import { drained } from '../../kernel/http-server/drain.ts';
import type { EventSink } from './events.hub.ts';
import type { InboxEvent } from './events.repository.ts';

/** Timing and limits of one stream. */
export interface SseOptions {
  /** Sent as `retry:` first: how long EventSource waits before reconnecting (milliseconds). */
  retryMs: number;
  /** A comment line this often keeps proxies and load balancers from closing an idle stream (ms). */
  heartbeatMs: number;
  /**
   * Bytes the client may leave unread before the stream is closed. It then reconnects with
   * `Last-Event-ID` and gets the rest from the log, instead of this process buffering without end.
   */
  maxBufferedBytes: number;
}

export const SSE_DEFAULTS: SseOptions = { retryMs: 2_000, heartbeatMs: 15_000, maxBufferedBytes: 1 << 20 };

/** One event in the text/event-stream format: `id:`, `event:` (its type), `data:` (its JSON, one line). */
export function frame(e: InboxEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/**
 * A Server-Sent Events response written straight to Node's `ServerResponse` (the route has hijacked
 * the reply from Fastify): status 200 with `headers` plus the event-stream ones, `retry:`, then
 * events and heartbeat comments. Closing it (or the client going away) stops the heartbeat and runs
 * the `onClose` callbacks once.
 */
export class SseStream implements EventSink {
  private ended = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeCallbacks: Array<() => void> = [];

  constructor(
    private readonly res: ServerResponse,
    headers: Record<string, OutgoingHttpHeader | undefined>,
    private readonly options: SseOptions = SSE_DEFAULTS,
  ) {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers responses unless told not to.
      'x-accel-buffering': 'no',
    });
    res.on('close', () => this.finish());
    res.on('error', () => this.finish());
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
    this.write(`retry: ${options.retryMs}\n\n`);
  }

  get closed(): boolean {
    return this.ended;
  }

  send(event: InboxEvent): void {
    this.write(frame(event));
  }

  async sendAll(events: InboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.write(events.map(frame).join(''));
    if (!this.ended) await drained(this.res);
  }

  reset(): void {
    this.write('event: reset\ndata: {"reason":"expired"}\n\n');
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

  private write(chunk: string): void {
    if (this.ended) return;
    this.res.write(chunk);
    if (this.res.writableLength <= this.options.maxBufferedBytes) return;
    // Too far behind: drop the connection rather than buffer; the client resumes from the log.
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
