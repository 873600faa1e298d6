import { h } from './dom.ts';
import { attachButton, fileView, type ItemFile } from './file-view.ts';
import { mailForm, showMailError } from './mail-form.ts';
import { STYLES } from './styles.ts';
import { TEXTS } from './texts.ts';

/** One row of the conversation as shown. */
export interface Item {
  /** Stable key: the server id, or the widget's id while it is being sent. */
  key: string;
  from: 'visitor' | 'team' | 'bot';
  text: string;
  /** `sending` and `failed` are the widget's own; the rest come from the server. */
  status: 'sending' | 'failed' | 'sent' | 'delivered' | 'read' | null;
  createdAt: string;
  /** The team read it (a visitor message). */
  seen?: boolean;
  /** The widget's id of a visitor message (for a retry). */
  clientId?: string;
  /** Its file: an image shown inline, else a download link. */
  file?: ItemFile;
}

/** What the user does, handed to the controller. */
export interface ViewActions {
  send(text: string): void;
  retry(clientId: string): void;
  email(address: string): void;
  dismissEmail(): void;
  attach(file: File): void;
  opened(): void;
}

/** Host-chosen texts and looks (`data-*` of the script tag). */
export interface ViewOptions {
  title?: string;
  subtitle?: string;
  color?: string;
  side?: 'left' | 'right';
}

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';
const DOWN_ICON =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M6 9l6 6 6-6"/></svg>';
const CLOSE_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';
const SEND_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M5 12l14-7-5 14-2-6z"/></svg>';

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
};

/**
 * The widget's DOM in a shadow root on `host`: the launcher (with an unread badge), and the panel
 * with its header, connection banner, conversation log (`role="log"`), typing dots, e-mail form and
 * composer (a paperclip attaches a file, as does pasting a picture; Enter sends, Shift+Enter breaks
 * the line; Escape closes).
 */
export class ChatView {
  readonly root: ShadowRoot;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly log: HTMLElement;
  private readonly list: HTMLElement;
  private readonly dots: HTMLElement;
  private readonly mail: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly note: HTMLElement;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: HTMLElement,
    options: ViewOptions,
    private readonly act: ViewActions,
  ) {
    this.root = host.attachShadow({ mode: 'open' });
    // Inline, so the page's own rules (`body > * {position: relative}`) cannot move it.
    const side = options.side === 'left' ? 'left' : 'right';
    host.style.cssText = `position:fixed;z-index:2147483000;bottom:20px;${side}:20px`;
    if (side === 'left') host.dataset.side = 'left';
    if (options.color) host.style.setProperty('--accent', options.color);
    this.badge = h('span', { class: 'badge', 'aria-hidden': 'true' });
    this.badge.hidden = true;
    this.launcher = h('button', { class: 'launcher', type: 'button' });
    this.launcherState(false);
    this.launcher.onclick = () => (this.panel.hidden ? this.open() : this.close());
    const closeButton = h('button', { class: 'icon', type: 'button', 'aria-label': TEXTS.close });
    closeButton.innerHTML = CLOSE_ICON;
    closeButton.onclick = () => this.close();
    const head = h(
      'div',
      { class: 'head' },
      h(
        'div',
        { class: 'grow' },
        h('h2', {}, options.title || TEXTS.title),
        h('p', {}, options.subtitle || TEXTS.subtitle),
      ),
      closeButton,
    );
    this.banner = h('div', { class: 'banner', role: 'status' });
    this.banner.hidden = true;
    this.list = h('div', { class: 'rows' });
    this.list.style.display = 'contents';
    this.dots = h(
      'div',
      { class: 'typing', 'aria-label': TEXTS.typing, role: 'status' },
      h('i'),
      h('i'),
      h('i'),
    );
    this.dots.hidden = true;
    this.log = h(
      'div',
      { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': TEXTS.log },
      this.list,
      this.dots,
    );
    this.mail = mailForm(act);
    this.input = h('textarea', {
      rows: '1',
      placeholder: TEXTS.placeholder,
      'aria-label': TEXTS.composer,
      maxlength: '4096',
    });
    this.input.onkeydown = (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    };
    this.input.oninput = () => this.grow();
    // A pasted picture (a screenshot) is attached.
    this.input.onpaste = (e) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      for (const f of files) this.act.attach(f);
    };
    this.note = h('p', { class: 'note', role: 'alert' });
    this.note.hidden = true;
    this.sendButton = h('button', { class: 'send', type: 'button', 'aria-label': TEXTS.send });
    this.sendButton.innerHTML = SEND_ICON;
    this.sendButton.onclick = () => this.submit();
    const compose = h(
      'div',
      { class: 'compose' },
      ...attachButton((f) => this.act.attach(f)),
      this.input,
      this.sendButton,
    );
    this.panel = h(
      'div',
      { class: 'panel', role: 'dialog', 'aria-label': options.title || TEXTS.title },
      head,
      this.banner,
      this.log,
      this.mail,
      this.note,
      compose,
    );
    this.panel.hidden = true;
    this.panel.onkeydown = (e) => {
      if (e.key === 'Escape') this.close();
    };
    const style = h('style', {}, STYLES);
    this.root.append(style, this.panel, this.launcher);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    this.panel.hidden = false;
    this.launcherState(true);
    this.setUnread(0);
    this.scrollDown(true);
    this.input.focus();
    this.act.opened();
  }

  close(): void {
    this.panel.hidden = true;
    this.launcherState(false);
    this.launcher.focus();
  }

  /** The launcher says what a click does: open (a chat bubble) or close (a chevron). */
  private launcherState(open: boolean): void {
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? TEXTS.close : TEXTS.open);
    this.launcher.innerHTML = open ? DOWN_ICON : CHAT_ICON;
    this.launcher.append(this.badge);
  }

  setUnread(n: number): void {
    this.badge.textContent = n > 9 ? '9+' : String(n);
    this.badge.hidden = n === 0;
  }

  /** `online` hides the banner; the others say why messages may wait. */
  setConnection(state: 'online' | 'reconnecting' | 'offline' | 'refused'): void {
    this.banner.hidden = state === 'online';
    if (state !== 'online') this.banner.textContent = TEXTS[state];
  }

  /** Shows the dots for 6 s (or until a message from the team arrives). */
  typing(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.dots.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(() => this.typing(false), 6_000);
      this.scrollDown(false);
    }
  }

  /** Renders the conversation (oldest first). */
  render(items: Item[]): void {
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 60;
    this.list.replaceChildren(...items.map((i) => this.row(i)));
    this.scrollDown(nearBottom);
  }

  /** The e-mail form: `ask` shows it, `thanks` confirms `address`, `hidden` hides it. */
  showEmail(state: 'ask' | 'thanks' | 'hidden', address = ''): void {
    this.mail.hidden = state === 'hidden';
    const form = this.mail.querySelector('form')!;
    const prompt = this.mail.querySelector('p')!;
    form.hidden = state !== 'ask';
    this.mail.querySelector('.err')!.textContent = '';
    prompt.textContent =
      state === 'thanks' ? TEXTS.emailThanks.replace('{email}', address) : TEXTS.emailPrompt;
  }

  /** Says why a file was not sent, for 8 s. */
  notice(text: string): void {
    clearTimeout(this.noteTimer);
    this.note.textContent = text;
    this.note.hidden = false;
    this.noteTimer = setTimeout(() => (this.note.hidden = true), 8_000);
  }

  emailError(): void {
    showMailError(this.mail);
  }

  private row(i: Item): HTMLElement {
    const me = i.from === 'visitor';
    const row = h('div', { class: me ? 'row me' : 'row', 'data-from': i.from });
    if (!me) row.append(h('span', { class: 'who' }, i.from === 'bot' ? TEXTS.bot : TEXTS.team));
    const bubble = h('div', { class: i.file?.image ? 'bubble pic' : 'bubble' });
    if (i.file) bubble.append(fileView(i.file));
    if (i.text) bubble.append(i.file ? h('div', { class: 'cap' }, i.text) : i.text);
    row.append(bubble);
    const meta = h('div', { class: 'meta' });
    if (i.status === 'sending') meta.append(TEXTS.sending);
    else if (i.status === 'failed' && i.clientId) {
      const retry = h('button', { class: 'link', type: 'button' }, TEXTS.failed);
      const id = i.clientId;
      retry.onclick = () => this.act.retry(id);
      meta.append(retry);
    } else meta.append(time(i.createdAt) + (me && i.seen ? ` · ${TEXTS.seen}` : ''));
    row.append(meta);
    return row;
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim()) return;
    this.input.value = '';
    this.grow();
    this.act.send(text);
  }

  private grow(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
  }

  private scrollDown(force: boolean): void {
    if (force) this.log.scrollTop = this.log.scrollHeight;
  }
}
