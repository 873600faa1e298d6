/**
 * Worker-thread entry of the model fits (loaded by piscina, see fits.pool.ts): the default export
 * runs one fit task `{ name, input }` on plain data (the ad series' points rebuilt here from their
 * shared columns) and answers `{ threadId, out }`, `threadId` being the worker's (never 0, the main
 * thread's) so callers and tests can tell where the fit ran.
 */
import { threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { packLtvOutput, unpackFitInput } from './fit-input.ts';
import { packAdFit } from './fit-transfer.ts';
import { FIT_FUNCTIONS, type FitInputs, type FitName, fitArgument } from './fits.ts';

/** One fit to run: the fit's name and its input as packFitInput (fit-input.ts) gives it. */
export interface FitTask {
  name: FitName;
  input: unknown;
}

/** The answer of a fit task: the thread that ran it and the fit's output. */
export interface FitTaskResult<T = unknown> {
  threadId: number;
  out: T;
}

/**
 * Runs `task.name` on `task.input` (unpacked, see fit-input.ts); throws for an unknown name (and
 * whatever the fit throws). An ad fit's answer comes back packed into transferred buffers
 * (fit-transfer.ts: results as JSON, `ModelResult.resultJson`), the LTV fit's customers as columns
 * with their ids in one buffer (fit-input.ts), so that the API's thread rebuilds no large object.
 */
export default function runFit(task: FitTask): FitTaskResult {
  const fn = FIT_FUNCTIONS[task.name] as ((input: unknown) => unknown) | undefined;
  if (!fn) throw new Error(`Unknown fit ${String(task.name)}`);
  const out = fn(fitArgument(task.name, unpackFitInput(task.name, task.input) as FitInputs[FitName]));
  // The results' JSON (fit-transfer.ts) or the LTV customers (fit-input.ts) cross as transferred
  // buffers; fits.pool.ts unpacks them.
  const { value, transfer } = task.name === 'ltv' ? packLtvOutput(out) : packAdFit(out);
  const answer: FitTaskResult = { threadId, out: value };
  if (transfer.length === 0) return answer;
  return move({
    get [transferableSymbol]() {
      return transfer;
    },
    get [valueSymbol]() {
      return answer;
    },
  }) as unknown as FitTaskResult;
}
