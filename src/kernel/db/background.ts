import { AsyncLocalStorage } from 'node:async_hooks';

const background = new AsyncLocalStorage<true>();

/**
 * Runs `fn` as background work: on the embedded database (PGlite, one connection) every statement
 * it issues, directly or through anything it awaits, waits behind the API's (priority-gate.ts), and
 * the API gets a turn between its statements. On PostgreSQL it changes nothing. For long batch work
 * such as a model run; resolves or rejects with `fn`.
 */
export function inBackground<T>(fn: () => Promise<T>): Promise<T> {
  return background.run(true, fn);
}

/** True inside {@link inBackground}. */
export function isBackground(): boolean {
  return background.getStore() === true;
}
