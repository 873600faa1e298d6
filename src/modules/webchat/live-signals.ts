import type { FastifyBaseLogger } from 'fastify';
import type { WebchatSignal } from '../../integrations/webchat/webchat.live.ts';
import type { Database } from '../../kernel/db/database.ts';

/** The NOTIFY channel web chat signals travel on between processes (payload: one JSON signal). */
export const WEBCHAT_SIGNALS_CHANNEL = 'omnify_webchat';

/** Reads a NOTIFY payload back into a signal; null for anything else. */
function readSignal(payload: string): WebchatSignal | null {
  try {
    const v = JSON.parse(payload) as Partial<WebchatSignal>;
    if (typeof v.threadKey !== 'string') return null;
    if (v.kind === 'typing') return { kind: 'typing', threadKey: v.threadKey };
    if (v.kind === 'read' && typeof v.platformMessageId === 'string')
      return { kind: 'read', threadKey: v.threadKey, platformMessageId: v.platformMessageId };
  } catch {
    // Not ours.
  }
  return null;
}

/**
 * Typing and read signals for visitors, across processes: `announce` sends one NOTIFY on
 * {@link WEBCHAT_SIGNALS_CHANNEL} (PostgreSQL delivers it to every process's LISTEN, PGlite to this
 * one), and each process hands it to its own open streams of that conversation (`subscribe`).
 * Best effort: a signal sent while a visitor is not connected, or while the LISTEN connection is
 * reconnecting, is lost, which is what a typing indicator should do.
 */
export class WebchatSignals {
  private readonly subscribers = new Map<string, Set<(s: WebchatSignal) => void>>();
  private listening: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Announces `signal` to every process. Rejects when the database cannot be reached. */
  async announce(signal: WebchatSignal): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [WEBCHAT_SIGNALS_CHANNEL, JSON.stringify(signal)]);
  }

  /**
   * Calls `fn` with each signal for conversation `threadKey` until the returned function is called.
   * Resolves once this process listens (at the first subscription).
   */
  async subscribe(threadKey: string, fn: (s: WebchatSignal) => void): Promise<() => void> {
    this.listening ??= this.db.listen(WEBCHAT_SIGNALS_CHANNEL, (p) => this.dispatch(p));
    try {
      await this.listening;
    } catch (e) {
      this.listening = undefined;
      throw e;
    }
    const set = this.subscribers.get(threadKey) ?? new Set();
    set.add(fn);
    this.subscribers.set(threadKey, set);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.subscribers.get(threadKey) === set) this.subscribers.delete(threadKey);
    };
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.subscribers.clear();
    const unlisten = await this.listening?.catch(() => undefined);
    await unlisten?.().catch((err: unknown) => this.log.warn({ err }, 'web chat signals: unlisten failed'));
  }

  private dispatch(payload: string): void {
    const signal = readSignal(payload);
    if (!signal) return;
    for (const fn of this.subscribers.get(signal.threadKey) ?? []) fn(signal);
  }
}
