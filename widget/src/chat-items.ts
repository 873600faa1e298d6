import type { WidgetMessage } from './client.ts';
import type { ItemFile } from './file-view.ts';
import type { Outgoing } from './outbox.ts';
import type { Item } from './view.ts';

/** What the conversation shown in the panel is made of (chat.ts holds it). */
export interface ChatState {
  /** The configured greeting, shown first; none when empty or unset. */
  greeting?: string;
  /** The server's messages, by id, in any order. */
  messages: Iterable<WidgetMessage>;
  /** The widget id (`clientId`) of the newest visitor message the team has read (the `read` event). */
  seenUpTo: string | undefined;
  /** Answers the visitor has seen here, before the server's `read` status comes back. */
  readHere: ReadonlySet<string>;
  /** How a server message's file is shown (files.ts), undefined when it has none. */
  fileOf(m: WidgetMessage): ItemFile | undefined;
  /** The visitor's messages still on their way (outbox.ts). */
  outgoing: Iterable<Outgoing>;
}

/**
 * The rows of the conversation and the badge count: the greeting, the server's messages (oldest
 * first by `createdAt`; a visitor message is `seen` when the team read it or a later one), then the
 * visitor's still on their way (`sending`, `failed`, or no status once stored). `unread` counts the
 * answers (team or bot) read neither by the server's status nor here. Files on their way
 * (Attachments.items) are not included: the caller appends them.
 */
export function chatItems(s: ChatState): { items: Item[]; unread: number } {
  const items: Item[] = [];
  if (s.greeting)
    items.push({ key: 'greeting', from: 'team', text: s.greeting, status: null, createdAt: '' });
  const sorted = [...s.messages].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const seenAt = sorted.find((m) => m.clientId === s.seenUpTo)?.createdAt;
  for (const m of sorted) {
    const status = m.status as Item['status'];
    const seen = m.from === 'visitor' && seenAt !== undefined && m.createdAt <= seenAt;
    const file = s.fileOf(m);
    items.push({ key: m.id, from: m.from, text: m.text, status, createdAt: m.createdAt, seen, file });
  }
  // The badge: answers not read yet, by the server's status or here.
  const unread = sorted.filter((m) => m.from !== 'visitor' && m.status !== 'read' && !s.readHere.has(m.id));
  for (const p of s.outgoing) {
    const status = p.state === 'failed' ? 'failed' : p.state === 'stored' ? null : 'sending';
    items.push({
      key: p.clientId,
      clientId: p.clientId,
      from: 'visitor',
      text: p.text,
      status,
      createdAt: p.createdAt,
    });
  }
  return { items, unread: unread.length };
}
