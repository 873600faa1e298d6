/**
 * After-commit callbacks shared by both drivers: those registered on one transaction
 * (`Transaction.afterCommit`) and the process-wide ones (`Database.onCommit`).
 */

/** Process-wide listeners of one database handle, called after each of its transactions commits. */
export class CommitListeners {
  private readonly listeners = new Set<() => void>();

  /** Adds `fn`; returns its removal. */
  add(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** Runs, after a commit, the transaction's own callbacks (in order), then every listener. */
  committed(own: ReadonlyArray<() => void>): void {
    for (const fn of own) safely(fn);
    for (const fn of this.listeners) safely(fn);
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // An announcement that failed must not turn a committed transaction into an error.
  }
}
