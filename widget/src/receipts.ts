import type { ChatClient, WidgetMessage } from './client.ts';

/**
 * Receipts for the team's answers, batched: `delivered` once the widget showed an answer still
 * `sent`, `read` once the visitor had the panel open on it. Sent 300 ms after the last one queued,
 * at most 100 ids per call; a failed call is dropped (a receipt is worth less than the traffic).
 */
export class Receipts {
  private readonly queue = { delivered: new Set<string>(), read: new Set<string>() };
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: ChatClient) {}

  /** Queues the answers among `messages` that `status` moves on. */
  add(status: 'delivered' | 'read', messages: Iterable<WidgetMessage>): void {
    const due = (m: WidgetMessage) => (status === 'delivered' ? m.status === 'sent' : m.status !== 'read');
    for (const m of messages) if (m.from !== 'visitor' && due(m)) this.queue[status].add(m.id);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), 300);
  }

  private async send(): Promise<void> {
    for (const status of ['delivered', 'read'] as const) {
      const ids = [...this.queue[status]].slice(0, 100);
      if (ids.length === 0) continue;
      for (const id of ids) this.queue[status].delete(id);
      await this.client.receipts(status, ids).catch(() => undefined);
    }
  }
}
