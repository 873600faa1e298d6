import type { OutgoingHttpHeader, ServerResponse } from 'node:http';
import { drained } from './drain.ts';

/**
 * A Server-Sent Events response (WHATWG HTML, "Server-sent events") written straight to Node's
 * `ServerResponse` (the route has hijacked the reply from Fastify): status 200 with `headers` plus
 * the event-stream ones, then `opening` (e.g. `retry:`), then what subclasses write, and a heartbeat
 * every `heartbeatMs` (`beat`, a comment line unless overridden) so proxies keep an idle stream
 * open. A client that leaves more than `maxBufferedBytes` unread is dropped (it reconnects with
 * `Last-Event-ID`) rather than buffered without end. Closing it, or the client going away, stops the
 * heartbeat and runs the `onClose` callbacks once.
 */
export class SseResponse {
  private ended = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeCallbacks: Array<() => void> = [];

  constructor(
    protected readonly res: ServerResponse,
    headers: Record<string, OutgoingHttpHeader | undefined>,
    limits: { heartbeatMs: number; maxBufferedBytes: number },
    opening: string,
  ) {
    this.maxBufferedBytes = limits.maxBufferedBytes;
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
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
    this.write(opening);
  }

  private readonly maxBufferedBytes: number;

  get closed(): boolean {
    return this.ended;
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

  /** The heartbeat: a comment line. */
  protected beat(): void {
    this.write(': keep-alive\n\n');
  }

  /** Resolves once the client has taken what was written (back-pressure), or the stream ended. */
  protected async flushed(): Promise<void> {
    if (!this.ended) await drained(this.res);
  }

  protected write(chunk: string): void {
    if (this.ended) return;
    this.res.write(chunk);
    if (this.res.writableLength <= this.maxBufferedBytes) return;
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
