/**
 * Hands one resource (PGlite's single connection) to one operation at a time, in arrival order,
 * except that urgent operations go before every waiting normal one. An operation already running
 * is never interrupted, so an urgent one waits at most for the operation in progress.
 *
 * Used for writes that record something that already happened outside the database (a platform
 * accepted a message): the shorter they wait, the smaller the window in which a crash makes us
 * repeat it.
 */
export class PriorityGate {
  private busy = false;
  private readonly urgent: (() => void)[] = [];
  private readonly normal: (() => void)[] = [];

  /** Number of operations waiting (not counting the one running). */
  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  /** Runs `fn` once the resource is free (ahead of normal waiters when `urgent`); resolves or rejects with it. */
  async run<T>(fn: () => Promise<T>, urgent = false): Promise<T> {
    if (this.busy) {
      await new Promise<void>((resolve) => (urgent ? this.urgent : this.normal).push(resolve));
    } else {
      this.busy = true;
    }
    try {
      return await fn();
    } finally {
      // Hand the resource straight to the next waiter (it stays busy), or free it.
      const next = this.urgent.shift() ?? this.normal.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}
