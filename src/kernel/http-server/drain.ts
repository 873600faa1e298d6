import type { ServerResponse } from 'node:http';

/**
 * Resolves once `res` can take more writes (`drain`) or is gone (`close`), at once when its buffer
 * is not full: the back-pressure wait of a Server-Sent Events stream that writes a batch of events.
 */
export function drained(res: ServerResponse): Promise<void> {
  if (!res.writableNeedDrain) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
