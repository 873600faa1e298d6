/**
 * Worker-thread pools for CPU-bound work (piscina v5), so the API's event loop stays free while a
 * model fits. Inputs and outputs cross threads by structured clone: plain data only (no class
 * instances, functions or database handles).
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/** Sizing of a pool: `threads` workers at most (≥ 1); idle workers exit after `idleTimeoutMs`. */
export interface ThreadPoolOptions {
  threads: number;
  idleTimeoutMs?: number;
}

/**
 * The worker file `name` (without extension) beside the module at `moduleUrl` (pass
 * `import.meta.url`), with the extension that module has: `.ts` when the code runs from source
 * (tsx, vitest), `.js` once compiled. Returns the file's URL and whether it needs the TypeScript
 * loader.
 */
export function siblingWorkerFile(moduleUrl: string, name: string): { url: URL; typescript: boolean } {
  const ext = fileURLToPath(moduleUrl).match(/\.(ts|mts|js|mjs)$/)?.[1] ?? 'js';
  return { url: new URL(`./${name}.${ext}`, moduleUrl), typescript: ext === 'ts' || ext === 'mts' };
}

/**
 * A piscina pool running the default export of the task module at `file` (see
 * {@link siblingWorkerFile}) for each `pool.run(task)`. A TypeScript task module is loaded through
 * ts-worker.js (tsx's `tsImport`: Node 20 ignores `--import` loaders in worker threads); a compiled
 * one directly. Threads start on first use and exit when idle, so an idle server holds none. Close
 * it with `pool.destroy()` (running tasks are rejected).
 */
export function createThreadPool(
  file: { url: URL; typescript: boolean },
  options: ThreadPoolOptions,
): Piscina {
  const threads = Math.max(1, Math.floor(options.threads));
  return new Piscina({
    filename: file.typescript ? new URL('./ts-worker.js', import.meta.url).href : file.url.href,
    workerData: { taskModule: file.url.href },
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
    // The parent's Node flags (e.g. vitest's or tsx's loaders) are not for workers.
    execArgv: [],
  });
}
