import { CallError, ChatClient, type Identity, type Visitor, type WidgetMessage } from './client.ts';
import { Attachments } from './files.ts';
import { Outbox } from './outbox.ts';
import { Receipts } from './receipts.ts';
import type { SseEvent } from './sse.ts';
import { keeper } from './storage.ts';
import { ChatView, type Item, type ViewOptions } from './view.ts';

/** What the script tag configures. */
export interface ChatOptions extends ViewOptions {
  /** `<server>/webchat/<channel id>`. */
  base: string;
  channelId: string;
  greeting?: string;
  identity?: Identity;
  /** Open the panel at once. */
  open?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The widget's behaviour: the session (kept in localStorage, opened when the visitor first opens
 * the panel, or at once when one is kept, so answers that came while they were away show and
 * count on the badge), the live stream with reconnection (1 s doubling to 30 s, resumed from the
 * last event id; a new session when the old one is gone), the history on every (re)connection,
 * the outbox (outbox.ts), files (files.ts), receipts (receipts.ts) and the e-mail form after the
 * first message.
 */
export class Chat {
  private readonly client: ChatClient;
  private readonly kept: ReturnType<typeof keeper>;
  private readonly view: ChatView;
  private readonly outbox: Outbox;
  private readonly receipts: Receipts;
  private readonly files: Attachments;
  private readonly messages = new Map<string, WidgetMessage>();
  /** Answers the visitor has seen here, before the server's `read` status comes back. */
  private readonly readHere = new Set<string>();
  private seenUpTo: string | undefined;
  private visitor: Visitor | undefined;
  private connecting: Promise<void> | undefined;
  /** Bumped by `reset`: loops of an older generation stop. */
  private generation = 0;
  private streamAbort: AbortController | undefined;
  private emailState: 'ask' | 'thanks' | 'hidden' = 'hidden';

  constructor(
    host: HTMLElement,
    private readonly options: ChatOptions,
  ) {
    this.client = new ChatClient(options.base);
    this.kept = keeper(options.channelId);
    const k = this.kept.read();
    this.client.token = k.token;
    this.receipts = new Receipts(this.client);
    this.files = new Attachments(
      this.client,
      () => this.connect(),
      () => this.render(),
      (text) => this.view.notice(text),
    );
    this.outbox = new Outbox(
      this.client,
      k.pending ?? [],
      (pending) => this.kept.write({ pending }),
      (offline) => {
        if (offline) this.view.setConnection(navigator.onLine ? 'reconnecting' : 'offline');
        this.render();
      },
    );
    this.view = new ChatView(host, options, {
      send: (text) => {
        this.outbox.add(text);
        this.render();
        this.maybeAskEmail();
        void this.connect().then(() => this.outbox.flush());
      },
      attach: (file) => {
        this.files.add(file);
        this.maybeAskEmail();
      },
      retry: (id) => {
        if (this.files.retry(id)) return;
        this.outbox.retry(id);
        this.render();
        void this.outbox.flush();
      },
      email: (address) => void this.saveEmail(address),
      dismissEmail: () => {
        this.kept.write({ emailDone: true });
        this.setEmail('hidden');
      },
      opened: () => {
        void this.connect();
        this.markRead();
      },
    });
    window.addEventListener('online', () => {
      this.streamAbort?.abort();
      void this.outbox.flush();
    });
    this.render();
    if (k.token || this.outbox.items.size > 0) void this.connect();
    if (options.open) this.view.open();
  }

  open(): void {
    if (!this.view.isOpen) this.view.open();
  }

  close(): void {
    if (this.view.isOpen) this.view.close();
  }

  /** Forgets the visitor (the host's sign-out, or another signed-in user): the next one starts afresh. */
  reset(identity?: Identity): void {
    this.generation++;
    this.options.identity = identity;
    this.streamAbort?.abort();
    this.kept.clear();
    this.client.token = undefined;
    this.messages.clear();
    this.outbox.clear();
    this.files.clear();
    this.connecting = undefined;
    this.render();
    if (this.view.isOpen || identity) void this.connect();
  }

  /** Opens (or resumes) the session once and keeps the stream running. */
  private connect(): Promise<void> {
    const generation = this.generation;
    this.connecting ??= this.openSession(generation)
      .then(() => {
        void this.outbox.flush();
        void this.streamLoop(generation);
      })
      .catch(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  private async openSession(generation: number): Promise<void> {
    for (let wait = 1_000; generation === this.generation; wait = Math.min(wait * 2, 30_000)) {
      try {
        const s = await this.client.openSession(this.options.identity);
        if (generation !== this.generation) break;
        this.client.token = s.token;
        this.visitor = s.visitor;
        if (s.maxFileBytes) this.files.maxBytes = s.maxFileBytes;
        if (!s.resumed) this.messages.clear();
        this.kept.write({ token: s.token, ...(s.resumed ? {} : { lastEventId: undefined }) });
        this.view.setConnection('online');
        return;
      } catch (e) {
        let status = e instanceof CallError ? e.status : 0;
        // A refused origin fails the preflight: the browser shows only a network error.
        if (status === 0) status = await this.client.check();
        if (status === 403 || status === 404) {
          this.view.setConnection('refused');
          throw e;
        }
        if (status === 401) this.options.identity = undefined; // a bad signature: go on anonymously
        this.view.setConnection(navigator.onLine ? 'reconnecting' : 'offline');
        await sleep(e instanceof CallError && e.retryAfterMs ? e.retryAfterMs : wait);
      }
    }
    throw new Error('reset');
  }

  /** Reads the stream; after each end waits (1 s doubling to 30 s) and resumes from the last id. */
  private async streamLoop(generation: number): Promise<void> {
    for (let wait = 1_000; generation === this.generation; ) {
      const abort = new AbortController();
      this.streamAbort = abort;
      let live = false;
      const status = await this.client.stream(
        this.kept.read().lastEventId,
        (e) => {
          if (generation !== this.generation) return;
          if (!live && e.event === 'ready') {
            live = true;
            wait = 1_000;
            this.view.setConnection('online');
            void this.loadHistory();
          }
          this.onEvent(e);
        },
        abort.signal,
      );
      if (generation !== this.generation) return;
      if (status === 403 || status === 404) return this.view.setConnection('refused');
      if (status === 401) {
        // The session is gone: start a new one (a new visitor).
        this.client.token = undefined;
        this.kept.write({ token: undefined, lastEventId: undefined });
        await this.openSession(generation).catch(() => undefined);
        continue;
      }
      this.view.setConnection(navigator.onLine ? 'reconnecting' : 'offline');
      await Promise.race([sleep(wait), new Promise((r) => abort.signal.addEventListener('abort', r))]);
      wait = Math.min(wait * 2, 30_000);
    }
  }

  private async loadHistory(): Promise<void> {
    try {
      const page = await this.client.history(50);
      for (const m of page.data) this.upsert(m, false);
      this.receipts.add('delivered', page.data);
      this.markRead();
      this.render();
    } catch {
      // The stream is up; the history comes with the next reconnection.
    }
  }

  private onEvent(e: SseEvent): void {
    if (e.id) this.kept.write({ lastEventId: e.id });
    if (e.event === 'message') {
      const m = JSON.parse(e.data) as WidgetMessage;
      const isNew = this.upsert(m, true);
      if (m.from !== 'visitor') this.view.typing(false);
      if (isNew && m.from !== 'visitor') {
        this.receipts.add('delivered', [m]);
        if (document.visibilityState === 'visible') this.markRead();
      }
      this.render();
    } else if (e.event === 'typing') this.view.typing(true);
    else if (e.event === 'read') {
      this.seenUpTo = (JSON.parse(e.data) as { upTo?: string }).upTo;
      this.render();
    } else if (e.event === 'reset') {
      this.messages.clear();
      void this.loadHistory();
    }
  }

  /** Adds or updates a server message; true when it was not known. */
  private upsert(m: WidgetMessage, live: boolean): boolean {
    const known = this.messages.has(m.id);
    this.messages.set(m.id, m);
    if (m.clientId) this.outbox.arrived(m.clientId);
    this.files.arrived(m);
    if (live && !known && m.from === 'visitor') this.maybeAskEmail();
    return !known;
  }

  /** The panel is open: every answer shown is read (reported, and off the badge at once). */
  private markRead(): void {
    if (!this.view.isOpen) return;
    const answers = [...this.messages.values()].filter((m) => m.from !== 'visitor');
    for (const m of answers) this.readHere.add(m.id);
    this.receipts.add('read', answers);
    this.render();
  }

  private maybeAskEmail(): void {
    if (this.emailState !== 'hidden' || this.kept.read().emailDone || this.visitor?.email) return;
    this.setEmail('ask');
  }

  private setEmail(state: 'ask' | 'thanks' | 'hidden', address?: string): void {
    this.emailState = state;
    this.view.showEmail(state, address);
  }

  private async saveEmail(address: string): Promise<void> {
    try {
      await this.connect();
      await this.client.email(address);
      this.kept.write({ emailDone: true });
      this.setEmail('thanks', address);
      setTimeout(() => this.setEmail('hidden'), 6_000);
    } catch {
      this.view.emailError();
    }
  }

  /** The greeting, the server's messages (oldest first), then the visitor's still on their way. */
  private render(): void {
    const items: Item[] = [];
    if (this.options.greeting)
      items.push({ key: 'greeting', from: 'team', text: this.options.greeting, status: null, createdAt: '' });
    const sorted = [...this.messages.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const seenAt = sorted.find((m) => m.clientId === this.seenUpTo)?.createdAt;
    for (const m of sorted) {
      const status = m.status as Item['status'];
      const seen = m.from === 'visitor' && seenAt !== undefined && m.createdAt <= seenAt;
      const file = this.files.fileOf(m);
      items.push({ key: m.id, from: m.from, text: m.text, status, createdAt: m.createdAt, seen, file });
    }
    // The badge: answers not read yet, by the server's status or here.
    const unread = sorted.filter(
      (m) => m.from !== 'visitor' && m.status !== 'read' && !this.readHere.has(m.id),
    );
    this.view.setUnread(this.view.isOpen ? 0 : unread.length);
    for (const p of this.outbox.items.values()) {
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
    this.view.render([...items, ...this.files.items()]);
  }
}
