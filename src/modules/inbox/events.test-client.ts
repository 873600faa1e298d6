/**
 * Test helper: a Server-Sent Events client over `fetch` (Node 20 has no EventSource), parsing the
 * stream as the WHATWG spec says (fields `id`, `event`, `data`, `retry`; `:` comments; a blank line
 * dispatches). Used by the events tests against a real listening server.
 */

/** One dispatched event; `data` parsed as JSON. */
export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  data: any;
  /** `performance.now()` when it was dispatched. */
  receivedAt: number;
}

/** An open stream: what arrived so far, and waits on it. */
export interface TestEventStream {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  comments: string[];
  retry: number | undefined;
  /** Resolves when the stream has ended (server closed it). */
  ended: Promise<void>;
  /** Waits until `pred(events)` holds; throws after `timeoutMs` with what arrived. */
  until<T>(
    what: string,
    pred: (events: ReceivedEvent[]) => T | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  close(): void;
}

/**
 * Opens `GET url` with `Accept: text/event-stream` and `headers` (a bearer key or a session
 * cookie; `last-event-id` to resume). Resolves once the response head and the first chunk (the
 * `retry:` line) have arrived.
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<TestEventStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const s: TestEventStream = {
    status: res.status,
    headers: res.headers,
    events: [],
    comments: [],
    retry: undefined,
    ended: Promise.resolve(),
    async until(what, pred, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = pred(s.events);
        if (v) return v;
        if (Date.now() > end)
          throw new Error(
            `timed out waiting for ${what}; got ${JSON.stringify(s.events.map((e) => e.event))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => abort.abort(),
  };
  if (!res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) return s;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let pending: { id?: string; event?: string; data: string[] } = { data: [] };
  let lastId: string | undefined;
  const line = (l: string) => {
    if (l === '') {
      if (pending.data.length > 0) {
        s.events.push({
          id: pending.id ?? lastId,
          event: pending.event ?? 'message',
          data: JSON.parse(pending.data.join('\n')),
          receivedAt: performance.now(),
        });
      }
      lastId = pending.id ?? lastId;
      pending = { data: [] };
      return;
    }
    if (l.startsWith(':')) return void s.comments.push(l.slice(1).trim());
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    const value = colon < 0 ? '' : l.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') pending.id = value;
    else if (field === 'event') pending.event = value;
    else if (field === 'data') pending.data.push(value);
    else if (field === 'retry') s.retry = Number(value);
  };
  let started: () => void = () => {};
  const firstChunk = new Promise<void>((r) => {
    started = r;
  });
  const pump = async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop()!;
      for (const l of lines) line(l);
      started();
    }
  };
  s.ended = pump()
    .catch(() => {})
    .finally(started);
  await firstChunk;
  return s;
}
