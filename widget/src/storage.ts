/**
 * What the widget keeps in the host page's localStorage, per channel: the session token, where the
 * live stream stopped, messages not yet sent, and whether the e-mail form was answered. Storage can
 * be unavailable (privacy modes, sandboxed frames): then nothing is kept and the widget works for
 * the page's lifetime.
 */

/** A message the visitor wrote that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  text: string;
  createdAt: string;
}

export interface Kept {
  token?: string;
  lastEventId?: string;
  pending?: PendingMessage[];
  emailDone?: boolean;
}

/** Reads and writes the channel's entry (`omnify-chat:<channel id>`). */
export function keeper(channelId: string): {
  read(): Kept;
  write(patch: Partial<Kept>): void;
  clear(): void;
} {
  const key = `omnify-chat:${channelId}`;
  const read = (): Kept => {
    try {
      const v = JSON.parse(localStorage.getItem(key) ?? '{}') as unknown;
      return v && typeof v === 'object' ? (v as Kept) : {};
    } catch {
      return {};
    }
  };
  return {
    read,
    write(patch) {
      try {
        localStorage.setItem(key, JSON.stringify({ ...read(), ...patch }));
      } catch {
        // Full or unavailable: keep working without it.
      }
    },
    clear() {
      try {
        localStorage.removeItem(key);
      } catch {
        // Unavailable.
      }
    },
  };
}
