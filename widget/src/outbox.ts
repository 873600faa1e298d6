import { CallError, type ChatClient } from './client.ts';
import type { PendingMessage } from './storage.ts';

/** A visitor message the server's stream has not brought back yet. */
export interface Outgoing extends PendingMessage {
  /** Unset while waiting to be sent; `stored` once the server took it; `failed` when it refused it. */
  state?: 'failed' | 'stored';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A widget message id: `m_` and 16 random base64url characters. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `m_${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')}`;
}

/**
 * The visitor's messages on their way: sent in order, each retried under the same id until the
 * server took it (it stores an id once), waiting 1 s doubling to 30 s (or the `Retry-After` of a
 * 429) while the network or the server is away; refused ones (400, 401, 403, 404) are `failed`
 * until the visitor retries. Those not yet stored are kept across reloads (`save`).
 */
export class Outbox {
  readonly items = new Map<string, Outgoing>();
  private flushing = false;

  constructor(
    private readonly client: ChatClient,
    kept: PendingMessage[],
    private readonly save: (waiting: PendingMessage[]) => void,
    private readonly changed: (offline?: boolean) => void,
  ) {
    for (const p of kept) this.items.set(p.clientId, p);
  }

  /** Queues `text`; call {@link flush} once a session is open. */
  add(text: string): void {
    const p = { clientId: newClientId(), text, createdAt: new Date().toISOString() };
    this.items.set(p.clientId, p);
    this.persist();
  }

  /** A failed message is tried again. */
  retry(clientId: string): void {
    const p = this.items.get(clientId);
    if (p) p.state = undefined;
  }

  /** The server's copy arrived: the message is no longer ours to show. */
  arrived(clientId: string): void {
    if (this.items.delete(clientId)) this.persist();
  }

  clear(): void {
    this.items.clear();
    this.persist();
  }

  /** Sends what waits, in order (one run at a time). */
  async flush(): Promise<void> {
    if (this.flushing || !this.client.token) return;
    this.flushing = true;
    try {
      for (const p of this.items.values()) {
        if (p.state) continue;
        for (let wait = 1_000; ; wait = Math.min(wait * 2, 30_000)) {
          try {
            await this.client.send(p.clientId, p.text);
            p.state = 'stored';
            this.persist();
            break;
          } catch (e) {
            const status = e instanceof CallError ? e.status : 0;
            if ([400, 401, 403, 404].includes(status)) {
              p.state = 'failed';
              break;
            }
            this.changed(true);
            await sleep(e instanceof CallError && e.retryAfterMs ? e.retryAfterMs : wait);
          }
        }
        this.changed();
      }
    } finally {
      this.flushing = false;
    }
  }

  private persist(): void {
    const waiting = [...this.items.values()].filter((p) => p.state !== 'stored');
    this.save(waiting.map(({ clientId, text, createdAt }) => ({ clientId, text, createdAt })));
  }
}
