import type { SessionInfo } from '@discordjs/ws';

/**
 * Gateway sessions of one receive loop, kept so that what Discord replays on RESUME is everything
 * not yet stored (Discord docs, "Events > Gateway > Resuming": RESUME with `session_id` and the last
 * `seq` replays the dispatches after it).
 *
 * @discordjs/ws keeps a session's `sequence` at the last dispatch received, before we have stored
 * it. Here the sequence moves only when {@link GatewaySessions.ack} says a dispatch is committed,
 * so a connection lost while deliveries are under way resumes from the last stored one (the inbox
 * deduplicates what comes twice). The sessions live as long as the loop, across the connections it
 * opens, and are lost with the process: a new process identifies afresh and Discord does not replay
 * what the old one had received but not stored.
 */
export class GatewaySessions {
  readonly #sessions = new Map<number, SessionInfo>();

  /** The session of `shardId`, with the sequence of the last stored dispatch. */
  get(shardId: number): SessionInfo | null {
    return this.#sessions.get(shardId) ?? null;
  }

  /**
   * Takes the library's update: `null` forgets the session (Discord invalidated it), a new session id
   * (READY) is taken whole, an update of the current session keeps our sequence (see the class).
   */
  update(shardId: number, info: SessionInfo | null): void {
    if (!info) {
      this.#sessions.delete(shardId);
      return;
    }
    const current = this.#sessions.get(shardId);
    this.#sessions.set(
      shardId,
      current?.sessionId === info.sessionId ? { ...info, sequence: current.sequence } : { ...info },
    );
  }

  /** Records that the dispatch `sequence` of session `sessionId` is stored (or needs no storing). */
  ack(shardId: number, sessionId: string | undefined, sequence: number): void {
    const current = this.#sessions.get(shardId);
    if (!current || current.sessionId !== sessionId || !(sequence > current.sequence)) return;
    this.#sessions.set(shardId, { ...current, sequence });
  }

  /**
   * The session hooks for one `WebSocketManager` (its `retrieveSessionInfo` / `updateSessionInfo`
   * options). `resumeUrl` checks the `resume_gateway_url` READY names (a refused one is replaced by
   * the URL it returns). After `close()` the manager's updates are ignored (its teardown must not
   * forget a session the next connection can resume) and its next connection attempt waits forever:
   * the library reconnects by itself 0.5 s after a close, and a manager that is being destroyed must
   * not open a socket no one would close.
   */
  gate(resumeUrl: (url: string) => string): {
    retrieve: (shardId: number) => Promise<SessionInfo | null>;
    update: (shardId: number, info: SessionInfo | null) => void;
    close: () => void;
  } {
    let closed = false;
    return {
      retrieve: (shardId) => (closed ? new Promise<never>(() => {}) : Promise.resolve(this.get(shardId))),
      update: (shardId, info) => {
        if (closed) return;
        this.update(shardId, info && { ...info, resumeURL: resumeUrl(info.resumeURL) });
      },
      close: () => {
        closed = true;
      },
    };
  }
}
