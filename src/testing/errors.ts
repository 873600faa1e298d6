import { isOmnifyError, type OmnifyError } from '../kernel/errors/catalog.ts';

/** Runs `fn`; returns the OmnifyError it threw, or undefined when it did not throw. Other errors propagate. */
export function thrownBy(fn: () => unknown): OmnifyError | undefined {
  try {
    fn();
  } catch (e) {
    if (isOmnifyError(e)) return e;
    throw e;
  }
  return undefined;
}

/** Awaits `p` and returns the OmnifyError it rejected with; throws when it resolved or rejected otherwise. */
export async function rejectionOf(p: Promise<unknown>): Promise<OmnifyError> {
  try {
    await p;
  } catch (e) {
    if (isOmnifyError(e)) return e;
    throw e;
  }
  throw new Error('expected an OmnifyError');
}
