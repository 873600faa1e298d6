import { CallError, type ChatClient, type Identity, type SessionAnswer } from './client.ts';
import type { SseEvent } from './sse.ts';
import type { keeper } from './storage.ts';

/** What the banner says about the connection (ChatView.setConnection). */
export type ConnectionState = 'online' | 'reconnecting' | 'offline' | 'refused';

/** What the chat does when the connection changes (chat.ts). */
export interface ConnectionHooks {
  /** A session was opened (`resumed` or new), before it is kept and shown online. */
  opened(s: SessionAnswer): void;
  /** The session is open: send what waits. */
  connected(): void;
  /** The stream is live (its `ready` event), before that event is handed on: load the history. */
  live(): void;
  /** One event of the stream. */
  event(e: SseEvent): void;
  /** Show the connection state. */
  state(s: ConnectionState): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const away = (): ConnectionState => (navigator.onLine ? 'reconnecting' : 'offline');

/**
 * The session and the live stream of one visitor: the session is opened (or resumed with the kept
 * token) once, retried 1 s doubling to 30 s (or the server's `Retry-After`) until it opens; a 403
 * or 404 (also a refused origin, seen only as a network error) stops as `refused`, a 401 (a bad
 * identity signature) goes on anonymously. The stream then runs, resumed from the last event id
 * after each end (1 s doubling to 30 s; at once when the browser is back online); when the session
 * is gone (401) a new one is opened. `reset` stops the loops of the previous visitor.
 */
export class Connection {
  /** Bumped by `reset`: loops of an older generation stop. */
  private generation = 0;
  private connecting: Promise<void> | undefined;
  private streamAbort: AbortController | undefined;

  constructor(
    private readonly client: ChatClient,
    private readonly kept: ReturnType<typeof keeper>,
    /** The chat's options: `identity` is read at each opening and dropped when refused (401). */
    private readonly options: { identity?: Identity },
    private readonly hooks: ConnectionHooks,
  ) {}

  /** Opens (or resumes) the session once and keeps the stream running; never rejects. */
  connect(): Promise<void> {
    const generation = this.generation;
    this.connecting ??= this.openSession(generation)
      .then(() => {
        this.hooks.connected();
        void this.streamLoop(generation);
      })
      .catch(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  /** Ends the current stream now: it is resumed at once (the browser is back online). */
  restartStream(): void {
    this.streamAbort?.abort();
  }

  /** Stops the loops of the current visitor; the next `connect` opens a new session. */
  reset(): void {
    this.generation++;
    this.streamAbort?.abort();
    this.connecting = undefined;
  }

  private async openSession(generation: number): Promise<void> {
    for (let wait = 1_000; generation === this.generation; wait = Math.min(wait * 2, 30_000)) {
      try {
        const s = await this.client.openSession(this.options.identity);
        if (generation !== this.generation) break;
        this.client.token = s.token;
        this.hooks.opened(s);
        this.kept.write({ token: s.token, ...(s.resumed ? {} : { lastEventId: undefined }) });
        this.hooks.state('online');
        return;
      } catch (e) {
        let status = e instanceof CallError ? e.status : 0;
        // A refused origin fails the preflight: the browser shows only a network error.
        if (status === 0) status = await this.client.check();
        if (status === 403 || status === 404) {
          this.hooks.state('refused');
          throw e;
        }
        if (status === 401) this.options.identity = undefined; // a bad signature: go on anonymously
        this.hooks.state(away());
        await sleep(e instanceof CallError && e.retryAfterMs ? e.retryAfterMs : wait);
      }
    }
    throw new Error('reset');
  }

  /** Reads the stream; after each end waits (1 s doubling to 30 s) and resumes from the last id. */
  private async streamLoop(generation: number): Promise<void> {
    for (let wait = 1_000; generation === this.generation; ) {
      const abort = new AbortController();
      this.streamAbort = abort;
      let live = false;
      const status = await this.client.stream(
        this.kept.read().lastEventId,
        (e) => {
          if (generation !== this.generation) return;
          if (!live && e.event === 'ready') {
            live = true;
            wait = 1_000;
            this.hooks.state('online');
            this.hooks.live();
          }
          this.hooks.event(e);
        },
        abort.signal,
      );
      if (generation !== this.generation) return;
      if (status === 403 || status === 404) return this.hooks.state('refused');
      if (status === 401) {
        // The session is gone: start a new one (a new visitor).
        this.client.token = undefined;
        this.kept.write({ token: undefined, lastEventId: undefined });
        await this.openSession(generation).catch(() => undefined);
        continue;
      }
      this.hooks.state(away());
      await Promise.race([sleep(wait), new Promise((r) => abort.signal.addEventListener('abort', r))]);
      wait = Math.min(wait * 2, 30_000);
    }
  }
}
