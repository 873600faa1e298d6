// Worker bootstrap for task modules written in TypeScript (run from source under tsx or vitest):
// Node 20 does not apply `--import tsx` to worker threads, so the worker loads its task module through
// tsx's `tsImport` and forwards every task to that module's default export. Compiled (.js) task
// modules do not come through here (see thread-pool.ts).
import { workerData } from 'piscina';
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport(workerData.taskModule, import.meta.url);
const handler = mod.default;
if (typeof handler !== 'function') {
  throw new TypeError(`${workerData.taskModule} has no default export to run tasks with`);
}

/** Runs one task with the task module's default export. */
export default function run(task) {
  return handler(task);
}
