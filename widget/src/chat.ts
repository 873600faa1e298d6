import { chatItems } from './chat-items.ts';
import { ChatClient, type Identity, type Visitor, type WidgetMessage } from './client.ts';
import { Connection } from './connection.ts';
import { EmailAsk } from './email-ask.ts';
import { Attachments } from './files.ts';
import { Outbox } from './outbox.ts';
import { Receipts } from './receipts.ts';
import type { SseEvent } from './sse.ts';
import { keeper } from './storage.ts';
import { ChatView, type ViewOptions } from './view.ts';

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

/**
 * The widget's behaviour: the session (kept in localStorage, opened when the visitor first opens
 * the panel, or at once when one is kept, so answers that came while they were away show and
 * count on the badge), the live stream with reconnection (connection.ts: 1 s doubling to 30 s,
 * resumed from the last event id; a new session when the old one is gone), the history on every
 * (re)connection, the outbox (outbox.ts), files (files.ts), receipts (receipts.ts) and the e-mail
 * form after the first message (email-ask.ts). What the panel shows is built by chat-items.ts.
 */
export class Chat {
  private readonly client: ChatClient;
  private readonly kept: ReturnType<typeof keeper>;
  private readonly view: ChatView;
  private readonly outbox: Outbox;
  private readonly receipts: Receipts;
  private readonly files: Attachments;
  private readonly email: EmailAsk;
  private readonly messages = new Map<string, WidgetMessage>();
  /** Answers the visitor has seen here, before the server's `read` status comes back. */
  private readonly readHere = new Set<string>();
  private seenUpTo: string | undefined;
  private visitor: Visitor | undefined;
  private readonly connection: Connection;

  constructor(
    host: HTMLElement,
    private readonly options: ChatOptions,
  ) {
    this.client = new ChatClient(options.base);
    this.kept = keeper(options.channelId);
    const k = this.kept.read();
    this.client.token = k.token;
    this.receipts = new Receipts(this.client);
    this.connection = new Connection(this.client, this.kept, options, {
      opened: (s) => {
        this.visitor = s.visitor;
        if (s.maxFileBytes) this.files.maxBytes = s.maxFileBytes;
        if (!s.resumed) this.messages.clear();
      },
      connected: () => void this.outbox.flush(),
      live: () => void this.loadHistory(),
      event: (e) => this.onEvent(e),
      state: (state) => this.view.setConnection(state),
    });
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
        this.email.maybeAsk();
        void this.connect().then(() => this.outbox.flush());
      },
      attach: (file) => {
        this.files.add(file);
        this.email.maybeAsk();
      },
      retry: (id) => {
        if (this.files.retry(id)) return;
        this.outbox.retry(id);
        this.render();
        void this.outbox.flush();
      },
      email: (address) => void this.email.save(address),
      dismissEmail: () => this.email.dismiss(),
      opened: () => {
        void this.connect();
        this.markRead();
      },
    });
    this.email = new EmailAsk(
      this.kept,
      this.view,
      () => this.visitor?.email,
      async (address) => {
        await this.connect();
        await this.client.email(address);
      },
    );
    window.addEventListener('online', () => {
      this.connection.restartStream();
      void this.outbox.flush();
    });
    this.render();
    if (k.token || this.outbox.items.size > 0) void this.connect();
    if (options.open) this.view.open();
  }

  /** Opens the panel (the host page's `open`); nothing when it is open. */
  open(): void {
    if (!this.view.isOpen) this.view.open();
  }

  /** Closes the panel (the host page's `close`); nothing when it is closed. */
  close(): void {
    if (this.view.isOpen) this.view.close();
  }

  /** Forgets the visitor (the host's sign-out, or another signed-in user): the next one starts afresh. */
  reset(identity?: Identity): void {
    this.options.identity = identity;
    this.connection.reset();
    this.kept.clear();
    this.client.token = undefined;
    this.messages.clear();
    this.outbox.clear();
    this.files.clear();
    this.render();
    if (this.view.isOpen || identity) void this.connect();
  }

  /** Opens (or resumes) the session once and keeps the stream running (connection.ts). */
  private connect(): Promise<void> {
    return this.connection.connect();
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
    if (live && !known && m.from === 'visitor') this.email.maybeAsk();
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

  /** The greeting, the server's messages (oldest first), then the visitor's still on their way. */
  private render(): void {
    const { items, unread } = chatItems({
      greeting: this.options.greeting,
      messages: this.messages.values(),
      seenUpTo: this.seenUpTo,
      readHere: this.readHere,
      fileOf: (m) => this.files.fileOf(m),
      outgoing: this.outbox.items.values(),
    });
    this.view.setUnread(this.view.isOpen ? 0 : unread);
    this.view.render([...items, ...this.files.items()]);
  }
}
