import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from './fixtures.ts';

/** A `bin/omnify.js` child process: what it printed (stdout and stderr), and its exit code when it ended. */
export interface OmnifyRun {
  child: ChildProcess;
  out: string;
  /** null while the process still runs. */
  code: number | null;
}

/**
 * Runs `bin/omnify.js <args>` (the compiled CLI, as a user runs it) with `env` added to this
 * process's environment. Resolves when `ready(output)` holds (the process still running) or when it
 * exits; rejects after `timeoutMs`. The child is killed if the test process exits first.
 */
export function runOmnify(
  args: string[],
  env: Record<string, string>,
  { ready = () => false, timeoutMs = 90_000 }: { ready?: (out: string) => boolean; timeoutMs?: number } = {},
): Promise<OmnifyRun> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/omnify.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server behind, even if the test run itself is torn down.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`omnify ${args.join(' ')} timed out:\n${out}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready(out)) {
        clearTimeout(timer);
        resolve({ child, out, code: null });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ child, out, code });
    });
  });
}

/** A started `omnify start`: its base URL (127.0.0.1) and what it printed so far. */
export interface OmnifyServer {
  child: ChildProcess;
  url: string;
  output(): string;
}

/**
 * Starts `omnify start` with `env` and resolves once it prints that it listens; rejects when it exits
 * before (with its output) or does not listen within `timeoutMs`.
 */
export async function startOmnifyProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<OmnifyServer> {
  const listening = /listening on (http:\/\/\S+)/;
  const run = await runOmnify(['start'], env, { ready: (out) => listening.test(out), timeoutMs });
  if (run.code !== null) throw new Error(`omnify start exited with ${run.code}:\n${run.out}`);
  let out = run.out;
  run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  run.child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = listening.exec(out)![1]!.replace('localhost', '127.0.0.1');
  return { child: run.child, url, output: () => out };
}
