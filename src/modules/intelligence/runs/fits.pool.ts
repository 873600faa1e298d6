import type { Piscina } from 'piscina';
import { createThreadPool, siblingWorkerFile } from '../../../kernel/workers/thread-pool.ts';
import { packFitInput, unpackLtvOutput } from './fit-input.ts';
import { unpackAdFit } from './fit-transfer.ts';
import type { FitName, Fits } from './fits.ts';
import type { FitTask, FitTaskResult } from './fits.worker.ts';

/** A pool of worker threads running the model fits, and how to stop it. */
export interface FitPool {
  /** Runs a fit in a worker thread (same contract as `localFits`). */
  fits: Fits;
  /** Runs a fit and also answers the id of the thread that ran it (for tests and diagnostics). */
  runTask<T = unknown>(name: FitName, input: unknown): Promise<FitTaskResult<T>>;
  /** Stops the threads; fits still running are rejected. */
  close(): Promise<void>;
}

/**
 * Starts a pool of up to `threads` worker threads for the model fits (fits.worker.ts beside this
 * module, `.ts` under tsx/vitest or `.js` once compiled). Threads start on first use and exit after
 * 30 s idle. Size it to the machine: the API and database need a core too (1 on 2 cores).
 */
export function createFitPool(threads: number): FitPool {
  const pool: Piscina = createThreadPool(siblingWorkerFile(import.meta.url, 'fits.worker'), { threads });
  const runTask = async <T>(name: FitName, input: unknown) => {
    // Built a slice at a time and moved (fit-input.ts): no large structured clone on this thread.
    const packed = await packFitInput(name, input);
    const task: FitTask = { name, input: packed.value };
    const r = (await pool.run(task, { transferList: packed.transfer })) as FitTaskResult<T>;
    const out = name === 'ltv' ? await unpackLtvOutput(r.out) : await unpackAdFit(r.out);
    return { ...r, out: out as T };
  };
  return {
    fits: (async (name, input) => (await runTask(name, input)).out) as Fits,
    runTask,
    close: () => pool.destroy(),
  };
}
