import pg from 'pg';
import { mapDatabaseError } from './connection-errors.ts';

/** One subscription: payload callback and an optional "I reconnected, you may have missed some" callback. */
interface Subscriber {
  onPayload(payload: string): void;
  onReconnect?(): void;
}

/** Reconnect timing, milliseconds: the n-th consecutive failure waits a random time in [d/2, d], d = min(maxMs, minMs·2^n). */
export interface ReconnectPolicy {
  minMs: number;
  maxMs: number;
}

const DEFAULT_POLICY: ReconnectPolicy = { minMs: 100, maxMs: 5_000 };

/** Quotes a channel name as a PostgreSQL identifier (LISTEN takes no parameters). */
function ident(channel: string): string {
  return `"${channel.replace(/"/g, '""')}"`;
}

/**
 * LISTEN/NOTIFY on PostgreSQL that rides through server restarts. One dedicated connection (not
 * from the query pool) holds every LISTEN of this process. When it breaks (restart, failover,
 * network), its `error`/`end` events are handled — never left unhandled, which would end the
 * process — and it reconnects with exponential backoff and jitter, LISTENs again on every channel,
 * and calls each subscriber's `onReconnect`: notifications sent while it was away are lost (that is
 * PostgreSQL's NOTIFY semantics), so subscribers should look for missed work then.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly policy: ReconnectPolicy = DEFAULT_POLICY,
    private readonly onConnectionLost: (e: unknown) => void = () => {},
  ) {}

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /**
   * Subscribes to `channel`; resolves once LISTEN is active (connecting first if needed) and
   * returns an unsubscribe function. Throws `OMNIFY_ERR_DATABASE_UNAVAILABLE` when the first
   * connection cannot be made; later losses are healed in the background.
   */
  async listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>> {
    const sub: Subscriber = { onPayload, onReconnect };
    const first = !this.channels.has(channel);
    const subs = this.channels.get(channel) ?? new Set<Subscriber>();
    this.channels.set(channel, subs);
    subs.add(sub);
    try {
      if (!this.client && !this.timer) await this.connect();
      // LISTEN twice is harmless; this covers a connection opened while we were being added.
      if (first && this.client) await this.client.query(`LISTEN ${ident(channel)}`);
    } catch (e) {
      subs.delete(sub);
      if (subs.size === 0) this.channels.delete(channel);
      throw mapDatabaseError(e);
    }
    return async () => {
      const set = this.channels.get(channel);
      if (!set?.delete(sub) || set.size > 0) return;
      this.channels.delete(channel);
      await this.client?.query(`UNLISTEN ${ident(channel)}`).catch(() => {});
    };
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.connecting?.catch(() => {});
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    // Registered before connecting: an error event without a listener would end the process.
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('Connection terminated')));
    client.on('notification', (m) => {
      for (const s of this.channels.get(m.channel) ?? []) s.onPayload(m.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${ident(channel)}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.failures = 0;
  }

  private lost(client: pg.Client, e: unknown): void {
    if (client !== this.client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    this.onConnectionLost(e);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.timer) return;
    const step = Math.min(this.policy.maxMs, this.policy.minMs * 2 ** this.failures++);
    const delay = step / 2 + Math.random() * (step / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect().then(
        () => {
          if (!this.client) return;
          for (const subs of this.channels.values()) for (const s of subs) s.onReconnect?.();
        },
        () => this.reconnectLater(),
      );
    }, delay);
    this.timer.unref();
  }
}
