import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import { SseResponse } from '../../kernel/http-server/sse-response.ts';
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
 * The event stream of `GET /events`: a {@link SseResponse} (event-stream headers, heartbeat,
 * back-pressure limit, close callbacks) that opens with `retry:` and writes each event as a frame.
 */
export class SseStream extends SseResponse implements EventSink {
  constructor(
    res: ServerResponse,
    headers: Record<string, OutgoingHttpHeader | undefined>,
    options: SseOptions = SSE_DEFAULTS,
  ) {
    super(res, headers, options, `retry: ${options.retryMs}\n\n`);
  }

  send(event: InboxEvent): void {
    this.write(frame(event));
  }

  async sendAll(events: InboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.write(events.map(frame).join(''));
    await this.flushed();
  }

  reset(): void {
    this.write('event: reset\ndata: {"reason":"expired"}\n\n');
  }
}
