/**
 * Live updates: one `EventSource` on `GET /api/v1/events` (Server-Sent Events; the browser resumes
 * from the last event id by itself after a drop) whose events refresh the TanStack Query cache —
 * the conversation list and counts, the open conversation and its messages. The connection state
 * is published for the "Reconnecting…" banner and as `data-live` on <html> (tests wait on it).
 */
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

/** An event as `GET /api/v1/events` sends it (docs/api-events.md). */
interface LiveEvent {
  type: string;
  conversationId?: string | null;
  messageId?: string | null;
}

type State = 'connecting' | 'open' | 'closed';
let state: State = 'connecting';
const listeners = new Set<() => void>();
const setState = (s: State) => {
  state = s;
  document.documentElement.dataset.live = s;
  for (const l of listeners) l();
};

/** The live connection's state, re-rendering on change. */
export function useLiveState(): State {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

const TYPES = ['message.created', 'message.updated', 'conversation.created', 'conversation.updated'];

/**
 * Opens the stream and applies its events to `qc` until the returned function is called. Bursts
 * (a batch of 50 messages) are coalesced: each affected query is invalidated once per 150 ms.
 */
export function connectLive(qc: QueryClient): () => void {
  const source = new EventSource('/api/v1/events', { withCredentials: true });
  const pending = new Set<string>();
  let timer: number | undefined;
  const flush = () => {
    timer = undefined;
    for (const key of pending) {
      const [kind, id] = key.split(':');
      if (kind === 'list') {
        void qc.invalidateQueries({ queryKey: ['conversations'] });
        void qc.invalidateQueries({ queryKey: ['conversation-counts'] });
      } else if (kind === 'messages') void qc.invalidateQueries({ queryKey: ['messages', id] });
      else if (kind === 'conversation') void qc.invalidateQueries({ queryKey: ['conversation', id] });
    }
    pending.clear();
  };
  const onEvent = (e: MessageEvent<string>) => {
    let ev: LiveEvent;
    try {
      ev = JSON.parse(e.data) as LiveEvent;
    } catch {
      return;
    }
    pending.add('list:');
    if (ev.conversationId) {
      pending.add(`conversation:${ev.conversationId}`);
      if (ev.type.startsWith('message.')) pending.add(`messages:${ev.conversationId}`);
    }
    timer ??= window.setTimeout(flush, 150);
  };
  for (const t of TYPES) source.addEventListener(t, onEvent as EventListener);
  // The server could not replay from our last id (too old): everything may have changed.
  source.addEventListener('reset', () => void qc.invalidateQueries());
  source.onopen = () => {
    // After a reconnect, refetch what the missed window might have changed (the server also replays).
    if (state === 'closed') void qc.invalidateQueries();
    setState('open');
  };
  source.onerror = () => setState('closed');
  return () => {
    source.close();
    if (timer) window.clearTimeout(timer);
  };
}
