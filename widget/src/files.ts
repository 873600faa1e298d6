import { CallError, type ChatClient, type WidgetMessage } from './client.ts';
import { megabytes } from './dom.ts';
import type { ItemFile } from './file-view.ts';
import { newClientId } from './outbox.ts';
import { TEXTS } from './texts.ts';
import type { Item } from './view.ts';

/** A file the visitor attached, on its way. */
interface Upload {
  clientId: string;
  file: File;
  createdAt: string;
  /** An image's local copy, shown while it is sent (and after, instead of downloading it again). */
  preview?: string;
  state: 'sending' | 'failed' | 'stored';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The visitor's files: attaching (checked against the server's limit first, then uploaded under a
 * widget message id, retried under the same id while the network or server is away, so it is
 * stored once), and opening the files of the conversation (fetched with the session token, which
 * an `<img src>` cannot send, and shown from a local object URL, kept for the page's life).
 */
export class Attachments {
  /** The server's `MEDIA_MAX_BYTES` (the session says); 25 MB until it did. */
  maxBytes = 26_214_400;
  private readonly uploads = new Map<string, Upload>();
  private readonly urls = new Map<string, string>();
  private readonly loading = new Map<string, Promise<string>>();

  constructor(
    private readonly client: ChatClient,
    /** Resolves once a session is open. */
    private readonly ready: () => Promise<void>,
    private readonly changed: () => void,
    /** Tells the visitor why a file was not sent. */
    private readonly notice: (text: string) => void,
  ) {}

  /** Checks `file` and sends it. */
  add(file: File): void {
    const refused =
      file.size > this.maxBytes
        ? TEXTS.fileTooLarge.replace('{size}', megabytes(this.maxBytes))
        : file.size === 0
          ? TEXTS.fileEmpty
          : undefined;
    if (refused) {
      this.notice(refused);
      return;
    }
    const u: Upload = {
      clientId: newClientId(),
      file,
      createdAt: new Date().toISOString(),
      state: 'sending',
    };
    if (file.type.startsWith('image/')) u.preview = URL.createObjectURL(file);
    this.uploads.set(u.clientId, u);
    this.changed();
    void this.send(u);
  }

  /** Sends a failed file again; false when `clientId` is no file of ours. */
  retry(clientId: string): boolean {
    const u = this.uploads.get(clientId);
    if (!u) return false;
    u.state = 'sending';
    this.changed();
    void this.send(u);
    return true;
  }

  private async send(u: Upload): Promise<void> {
    await this.ready();
    for (let wait = 1_000; this.uploads.has(u.clientId); wait = Math.min(wait * 2, 30_000)) {
      try {
        await this.client.upload(u.clientId, u.file);
        u.state = 'stored';
        break;
      } catch (e) {
        const status = e instanceof CallError ? e.status : 0;
        if (status === 413 || status === 415 || status === 422) {
          this.uploads.delete(u.clientId);
          this.notice(
            status === 413 ? TEXTS.fileTooLarge.replace('{size}', megabytes(this.maxBytes)) : TEXTS.fileType,
          );
          break;
        }
        if ([400, 401, 403, 404].includes(status)) {
          u.state = 'failed';
          break;
        }
        await sleep(e instanceof CallError && e.retryAfterMs ? e.retryAfterMs : wait);
      }
    }
    this.changed();
  }

  /** The server's copy of message `m` arrived: an upload of ours is shown from it now. */
  arrived(m: WidgetMessage): void {
    const u = m.clientId ? this.uploads.get(m.clientId) : undefined;
    if (!u) return;
    this.uploads.delete(u.clientId);
    if (u.preview) this.urls.set(m.id, u.preview);
  }

  /** The files on their way, as rows. */
  items(): Item[] {
    return [...this.uploads.values()].map((u) => ({
      key: u.clientId,
      clientId: u.clientId,
      from: 'visitor',
      text: '',
      file: { name: u.file.name, image: !!u.preview, size: u.file.size, url: u.preview },
      status: u.state === 'failed' ? 'failed' : u.state === 'stored' ? null : 'sending',
      createdAt: u.createdAt,
    }));
  }

  /** How message `m`'s file is shown, or undefined when it has none. */
  fileOf(m: WidgetMessage): ItemFile | undefined {
    const f = m.file;
    if (!f) return undefined;
    return {
      name: f.name ?? TEXTS.file,
      image: f.image,
      size: f.size,
      url: this.urls.get(m.id),
      load: () => this.load(m.id),
    };
  }

  /** A local URL of message `id`'s file, fetched once. */
  private load(id: string): Promise<string> {
    let p = this.loading.get(id);
    if (!p) {
      p = this.client.file(id).then((blob) => {
        const url = URL.createObjectURL(blob);
        this.urls.set(id, url);
        return url;
      });
      p.catch(() => this.loading.delete(id));
      this.loading.set(id, p);
    }
    return p;
  }

  /** Forgets everything (another visitor). */
  clear(): void {
    for (const u of this.uploads.values()) if (u.preview) URL.revokeObjectURL(u.preview);
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.uploads.clear();
    this.urls.clear();
    this.loading.clear();
  }
}
