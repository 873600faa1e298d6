/**
 * The seam between the web chat adapter and the web chat module. A web chat has no platform API:
 * what the adapter "sends" beyond stored messages (typing) must reach the visitor's open stream,
 * which the module holds (in whichever process the visitor is connected to). Integrations touch
 * no database and import no module, so the module registers its live transport here when its
 * routes start and removes it when they close; the adapter hands each signal to every registered
 * transport. Several Omnify servers in one process (tests) each register their own; a signal names
 * its conversation by thread key, which holds the channel id, so it reaches only that visitor.
 */

/**
 * A live, best-effort signal for the visitor of one conversation (not stored, not retried):
 * someone is typing, or the team read the visitor's messages up to `platformMessageId` (the
 * widget's message id).
 */
export type WebchatSignal =
  | { kind: 'typing'; threadKey: string }
  | { kind: 'read'; threadKey: string; platformMessageId: string };

/** Where signals go: the module announces them to every process's visitor streams. */
export type WebchatLiveTransport = (signal: WebchatSignal) => Promise<void>;

const transports = new Set<WebchatLiveTransport>();

/** Registers `transport`; returns the function that removes it. */
export function connectWebchatLive(transport: WebchatLiveTransport): () => void {
  transports.add(transport);
  return () => {
    transports.delete(transport);
  };
}

/**
 * Hands `signal` to every registered transport. Resolves once all have taken it; with none (no web
 * chat routes in this process) it is dropped. A transport's failure rejects: callers of typing
 * treat that as a failed platform call (never shown to the typist).
 */
export async function emitWebchatSignal(signal: WebchatSignal): Promise<void> {
  await Promise.all([...transports].map((t) => t(signal)));
}
