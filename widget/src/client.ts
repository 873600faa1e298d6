import { type SseEvent, sseParser } from './sse.ts';

/** A message as the server sends it (src/modules/webchat/visitor-stream.ts, `WidgetMessage`). */
export interface WidgetMessage {
  id: string;
  clientId: string | null;
  from: 'visitor' | 'team' | 'bot';
  /** The text; a file's caption (may be empty). */
  text: string;
  /** The message's file (its bytes: {@link ChatClient.file}), null for other messages. */
  file?: WidgetFile | null;
  status: string | null;
  createdAt: string;
}

/** A message's file as the server describes it. */
export interface WidgetFile {
  name: string | null;
  type: string | null;
  size: number | null;
  /** Shown inline; else a download link. */
  image: boolean;
}

export interface Visitor {
  id: string;
  identified: boolean;
  name: string | null;
  email: string | null;
  emailVerified: boolean;
}

export interface SessionAnswer {
  token: string;
  resumed: boolean;
  visitor: Visitor;
  conversationStarted: boolean;
  /** The largest file the server takes (bytes). */
  maxFileBytes?: number;
}

/** A signed identity the host page passes (docs/channels/webchat.md). */
export interface Identity {
  userId: string;
  email?: string;
  name?: string;
  signature: string;
}

/** A failed call: `status` 0 when the network failed, `retryAfterMs` from a 429's `Retry-After`. */
export class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`web chat: ${status} ${code ?? ''}`);
  }
}

/**
 * The widget's side of the protocol (`<server>/webchat/<channel id>/…`): JSON calls with the
 * session token in `Authorization`, and the live stream read with `fetch` (EventSource cannot send
 * that header).
 */
export class ChatClient {
  token: string | undefined;

  constructor(private readonly base: string) {}

  /** One call with a JSON body, or a file's bytes as the body (typed as the file); throws {@link CallError}. */
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, blob?: boolean): Promise<T> {
    const res = await this.fetch(method, path, body, blob);
    const json = (await res.json().catch(() => undefined)) as
      | { error?: { code?: string; details?: { retryAfterMs?: number } } }
      | undefined;
    if (!res.ok) {
      const after = Number(res.headers.get('retry-after'));
      throw new CallError(res.status, json?.error?.code, after > 0 ? after * 1000 : undefined);
    }
    return json as T;
  }

  /** The raw answer of a call (see {@link call}); throws {@link CallError} when the network failed. */
  private async fetch(method: string, path: string, body?: unknown, blob?: boolean): Promise<Response> {
    const type = blob ? (body as Blob).type || 'application/octet-stream' : 'application/json';
    try {
      return await fetch(`${this.base}/${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': type } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : blob ? (body as Blob) : JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new CallError(0, undefined, undefined);
    }
  }

  /** Sends `file` as the visitor's message `id` (a retry with the same id is stored once). */
  upload(id: string, file: File): Promise<{ id: string; stored: boolean }> {
    return this.call('POST', `files?id=${id}&name=${encodeURIComponent(file.name)}`, file, true);
  }

  /** The bytes of message `id`'s file (the visitor's own conversation only); throws {@link CallError}. */
  async file(id: string): Promise<Blob> {
    const res = await this.fetch('GET', `messages/${encodeURIComponent(id)}/file`);
    if (!res.ok) throw new CallError(res.status, undefined, undefined);
    return res.blob();
  }

  /**
   * Whether this page may use the chat, asked with a simple GET (no preflight, so a refused origin
   * still gets the answer): 204 allowed, 403 refused, 404 no such chat, 0 the network failed.
   */
  async check(): Promise<number> {
    try {
      return (await fetch(`${this.base}/check`, { credentials: 'omit', cache: 'no-store' })).status;
    } catch {
      return 0;
    }
  }

  openSession(identity: Identity | undefined): Promise<SessionAnswer> {
    return this.call('POST', 'sessions', {
      ...(this.token ? { token: this.token } : {}),
      ...(identity ? { identity } : {}),
    });
  }

  send(id: string, text: string): Promise<{ id: string; stored: boolean }> {
    return this.call('POST', 'messages', { id, text });
  }

  history(limit = 50): Promise<{ data: WidgetMessage[]; nextCursor: string | null }> {
    return this.call('GET', `messages?limit=${limit}`);
  }

  email(email: string): Promise<{ email: string; verified: boolean }> {
    return this.call('POST', 'email', { email });
  }

  receipts(status: 'delivered' | 'read', ids: string[]): Promise<{ applied: number }> {
    return this.call('POST', 'receipts', { status, ids });
  }

  /**
   * Reads the live stream from `lastEventId` (or from now) until it ends, `signal` aborts or the
   * network fails; calls `onEvent` for each event. Resolves the HTTP status (200 when it ran).
   */
  async stream(
    lastEventId: string | undefined,
    onEvent: (e: SseEvent) => void,
    signal: AbortSignal,
  ): Promise<number> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/stream`, {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${this.token ?? ''}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        credentials: 'omit',
        cache: 'no-store',
        signal,
      });
    } catch {
      return 0;
    }
    if (!res.ok || !res.body) return res.status || 0;
    const feed = sseParser(onEvent);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // The connection broke or was aborted: the caller reconnects (or has stopped).
    }
    return 200;
  }
}
