import type { keeper } from './storage.ts';
import type { ChatView } from './view.ts';

/** What the e-mail form shows: the question, the thanks, or nothing. */
export type EmailState = 'ask' | 'thanks' | 'hidden';

/**
 * The e-mail form after the visitor's first message (or file): asked once per visitor unless they
 * answered or dismissed it before (kept as `emailDone`) or the session already has an e-mail.
 * Saving shows the thanks for 6 s; a failed save shows the form's error and keeps it open.
 */
export class EmailAsk {
  private state: EmailState = 'hidden';

  constructor(
    private readonly kept: ReturnType<typeof keeper>,
    private readonly view: Pick<ChatView, 'showEmail' | 'emailError'>,
    /** The e-mail the session's visitor already gave, if any. */
    private readonly knownEmail: () => string | null | undefined,
    /** Sends the address to the server (connecting first); rejects when it fails. */
    private readonly send: (address: string) => Promise<void>,
  ) {}

  /** The visitor wrote: ask for their e-mail unless it is known, answered or already on show. */
  maybeAsk(): void {
    if (this.state !== 'hidden' || this.kept.read().emailDone || this.knownEmail()) return;
    this.set('ask');
  }

  /** The visitor closed the form: never ask again on this channel. */
  dismiss(): void {
    this.kept.write({ emailDone: true });
    this.set('hidden');
  }

  /** Saves `address`: the thanks, then hidden after 6 s; or the form's error. */
  async save(address: string): Promise<void> {
    try {
      await this.send(address);
      this.kept.write({ emailDone: true });
      this.set('thanks', address);
      setTimeout(() => this.set('hidden'), 6_000);
    } catch {
      this.view.emailError();
    }
  }

  private set(state: EmailState, address?: string): void {
    this.state = state;
    this.view.showEmail(state, address);
  }
}
