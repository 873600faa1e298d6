import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request received by a `RecordingServer`. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v21.0/123/messages`. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `body` parsed as JSON, or undefined when it is not JSON. */
  json: any;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/** A programmed answer: status, JSON body (or string, or a Buffer of bytes), optional headers, optional delay in ms. */
export interface ProgrammedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type Responder = (req: RecordedRequest) => ProgrammedResponse | Promise<ProgrammedResponse>;

/**
 * A real HTTP server on 127.0.0.1 for tests: records every request and answers with what the test
 * programmed (a queue of one-off answers first, then the default responder). Tests build platform
 * fakes (Graph API, Telegram Bot API, OpenAI) on top of it.
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ProgrammedResponse[] = [];
  private server: Server | undefined;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  baseUrl = '';

  constructor(private responder: Responder) {}

  /** Replaces the default responder. */
  setResponder(responder: Responder): void {
    this.responder = responder;
  }

  /** Answers the next requests with these, in order, before falling back to the responder. */
  enqueue(...responses: ProgrammedResponse[]): void {
    this.queue.push(...responses);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const rec: RecordedRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body,
          json,
          at: Date.now(),
        };
        this.requests.push(rec);
        this.waiters = this.waiters.filter((w) => {
          if (this.requests.length >= w.count) {
            w.resolve();
            return false;
          }
          return true;
        });
        const answer = this.queue.shift() ?? (await this.responder(rec));
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        // A Buffer is sent as is (binary files: media downloads), a string as text, anything else as JSON.
        const payload =
          Buffer.isBuffer(answer.body) || typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(payload);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Resolves once at least `count` requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs = 15_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${count} requests (got ${this.requests.length})`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => {
      if (!this.server) return r();
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}
