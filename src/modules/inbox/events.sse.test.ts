import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxEvent } from './events.repository.ts';
import { frame, type SseOptions, SseStream } from './events.sse.ts';
import { openEventStream } from './events.test-client.ts';

const event = (id: number, preview = `m-${id}`): InboxEvent => ({
  id: String(id),
  type: 'message.created',
  conversationId: '00000000-0000-4000-8000-000000000001',
  messageId: `00000000-0000-4000-8000-00000000000${id % 10}`,
  at: '2026-05-01T10:00:00.000Z',
  message: {
    direction: 'inbound',
    senderKind: 'contact',
    private: false,
    contentType: 'text',
    preview,
    status: null,
    edited: false,
    attempts: 0,
    error: null,
    createdAt: '2026-05-01T10:00:00.000Z',
  },
});

/** A real server on 127.0.0.1 whose every request becomes an SseStream handed to `onStream`. */
async function serve(options: SseOptions, onStream: (s: SseStream, res: ServerResponse) => void) {
  const server = createServer((_req, res) =>
    onStream(new SseStream(res, { 'x-extra': 'kept' }, options), res),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('Server-Sent Events stream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('writes retry first, then id/event/data frames the spec parser reads back, and heartbeats', async () => {
    let stream!: SseStream;
    const s = await serve({ retryMs: 2000, heartbeatMs: 30, maxBufferedBytes: 1 << 20 }, (st) => {
      stream = st;
    });
    server = s.server;
    const client = await openEventStream(s.url, {});
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(client.headers.get('x-extra')).toBe('kept');
    expect(client.retry).toBe(2000);
    stream.send(event(1, 'line one\nline two'));
    await stream.sendAll([event(2), event(3)]);
    stream.reset();
    await client.until('four events', (e) => e.length >= 4);
    expect(client.events.map((e) => [e.id, e.event])).toEqual([
      ['1', 'message.created'],
      ['2', 'message.created'],
      ['3', 'message.created'],
      // No id of its own: the client's last event id stays 3.
      ['3', 'reset'],
    ]);
    expect(client.events[0]!.data).toEqual(event(1, 'line one\nline two'));
    await client.until('a heartbeat', () => client.comments.includes('keep-alive'));
    client.close();
  });

  it('frames an event as one data line whatever its text holds', () => {
    const f = frame(event(7, 'a\r\nb\n\nc'));
    expect(f.split('\n')).toEqual([
      'id: 7',
      'event: message.created',
      expect.stringMatching(/^data: \{/),
      '',
      '',
    ]);
  });

  it('runs its close callbacks once when the client goes, and stops writing', async () => {
    let stream!: SseStream;
    const closed: string[] = [];
    const s = await serve({ retryMs: 2000, heartbeatMs: 10, maxBufferedBytes: 1 << 20 }, (st) => {
      stream = st;
      st.onClose(() => closed.push('first'));
    });
    server = s.server;
    const client = await openEventStream(s.url, {});
    stream.onClose(() => closed.push('second'));
    client.close();
    await expect.poll(() => stream.closed).toBe(true);
    stream.send(event(1));
    stream.close();
    expect(closed).toEqual(['first', 'second']);
    const late: string[] = [];
    stream.onClose(() => late.push('late'));
    expect(late).toEqual(['late']);
  });

  it('drops a client that stops reading rather than buffering without end', async () => {
    let stream!: SseStream;
    let res!: ServerResponse;
    const s = await serve({ retryMs: 2000, heartbeatMs: 60_000, maxBufferedBytes: 64 * 1024 }, (st, r) => {
      stream = st;
      res = r;
    });
    server = s.server;
    // Opened and never read: the socket's buffers fill, then ours.
    const abort = new AbortController();
    await fetch(s.url, { signal: abort.signal });
    await expect.poll(() => stream !== undefined).toBe(true);
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 500 && !stream.closed; i++) stream.send(event(i, big));
    expect(stream.closed).toBe(true);
    expect(res.destroyed).toBe(true);
    abort.abort();
  });
});
