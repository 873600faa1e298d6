import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import { readyData } from './discord.gateway.fixtures.ts';

/**
 * A local server speaking Discord's Gateway protocol (Discord docs, "Events > Gateway": HELLO op 10
 * with `heartbeat_interval`, IDENTIFY op 2 → READY dispatch with `session_id` and
 * `resume_gateway_url`, HEARTBEAT op 1 → HEARTBEAT_ACK op 11, dispatches op 0 with increasing `s`,
 * RESUME op 6 → the session's dispatches after `seq` replayed, then RESUMED; RECONNECT op 7 and
 * close codes on demand), JSON encoding, no compression. Test code only.
 */

/** A frame the client sent, with the connection it came on (1, 2, …). */
export interface ClientFrame {
  op: number;
  d: unknown;
  connection: number;
}

interface Session {
  id: string;
  seq: number;
  log: { op: 0; t: string; s: number; d: unknown }[];
}

export class FakeGateway {
  readonly frames: ClientFrame[] = [];
  /** Close codes the client closed its connections with, in order. */
  readonly clientCloses: number[] = [];
  /** The query strings connections were opened with. */
  readonly queries: string[] = [];
  url = '';
  /** When set, IDENTIFY is answered by closing with this code (4004 bad token, 4014 disallowed intents). */
  closeOnIdentify: number | undefined;
  /** When false, heartbeats are not acknowledged (a zombie connection). */
  ackHeartbeats = true;
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private connectionCount = 0;
  private readonly sessions = new Map<string, Session>();
  private current: Session | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly token: string,
    private readonly heartbeatIntervalMs = 250,
  ) {}

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => this.server!.once('listening', () => r()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('connection', (ws, req) => this.accept(ws, req.url ?? ''));
    return this;
  }

  get connections(): number {
    return this.connectionCount;
  }

  /** The id of the session dispatches go to (the last READY's or the resumed one). */
  get sessionId(): string | undefined {
    return this.current?.id;
  }

  /** Sends a dispatch in the current session (kept for replay on RESUME); returns its sequence. */
  dispatch(t: string, d: unknown): number {
    const session = this.current;
    if (!session) throw new Error('no session: the client has not identified');
    const frame = { op: 0 as const, t, s: ++session.seq, d };
    session.log.push(frame);
    this.socket?.send(JSON.stringify(frame));
    return frame.s;
  }

  /** Asks the client to reconnect and resume (op 7). */
  requestReconnect(): void {
    this.socket?.send(JSON.stringify({ op: 7, d: null }));
  }

  /** Closes the current connection from the server side with `code`. */
  close(code: number): void {
    this.socket?.close(code);
  }

  /** Resolves once a frame matching `test` has arrived (checks the ones already received too). */
  async waitFor(test: (f: ClientFrame) => boolean, timeoutMs = 10_000): Promise<ClientFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(test);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(`no matching Gateway frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async stop(): Promise<void> {
    for (const c of this.server?.clients ?? []) c.terminate();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private accept(ws: WebSocket, query: string): void {
    const connection = ++this.connectionCount;
    this.socket = ws;
    this.queries.push(query);
    ws.on('close', (code) => this.clientCloses.push(code));
    ws.on('message', (raw) =>
      this.onFrame(ws, connection, JSON.parse(String(raw)) as { op: number; d: unknown }),
    );
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
  }

  private onFrame(ws: WebSocket, connection: number, f: { op: number; d: unknown }): void {
    this.frames.push({ ...f, connection });
    for (const w of this.waiters.splice(0)) w();
    if (f.op === 1 && this.ackHeartbeats) ws.send(JSON.stringify({ op: 11 }));
    if (f.op === 2) this.identify(ws, f.d);
    if (f.op === 6) this.resume(ws, f.d);
  }

  private identify(ws: WebSocket, d: unknown): void {
    if (!isJsonObject(d) || d.token !== this.token) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    if (this.closeOnIdentify) {
      ws.close(this.closeOnIdentify, 'Refused.');
      return;
    }
    const session: Session = { id: `session-${this.sessions.size + 1}`, seq: 0, log: [] };
    this.sessions.set(session.id, session);
    this.current = session;
    const s = ++session.seq;
    ws.send(JSON.stringify({ op: 0, t: 'READY', s, d: readyData(session.id, this.url) }));
  }

  private resume(ws: WebSocket, d: unknown): void {
    const x = isJsonObject(d) ? d : {};
    const session = this.sessions.get(String(x.session_id));
    if (x.token !== this.token || !session || typeof x.seq !== 'number') {
      ws.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    this.current = session;
    for (const frame of session.log) if (frame.s > x.seq) ws.send(JSON.stringify(frame));
    ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++session.seq, d: {} }));
  }
}
