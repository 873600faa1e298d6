/**
 * Pieces of the crash-duplicates benchmark (bench/crash-duplicates.bench.ts): a real
 * `omnify start` child process (the compiled CLI bin/omnify.js runs) that can be killed with SIGKILL and started again, and the
 * signed WhatsApp webhooks it is fed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain JavaScript module without types
import { ensureBuild } from '../bin/build.js';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { REPO_ROOT, SAMPLE_PAYLOADS_DIR } from '../src/testing/fixtures.ts';

/** A running `omnify start` child: its process, base URL (127.0.0.1) and when it began listening (ms epoch). */
export interface ServerLife {
  child: ChildProcess;
  url: string;
  startedAt: number;
  listeningAt: number;
}

/**
 * What `bin/omnify.js start` runs, pinned for one benchmark run: builds dist/ when stale (as
 * bin/omnify.js does), then copies it under node_modules/.cache/ (same depth, so packages resolve
 * the same) so that a rebuild by another process during the run changes no server life's code.
 * `entry` is the copied CLI; `dispose` removes the copy.
 */
export async function pinnedBuild(): Promise<{ entry: string; dispose(): void }> {
  ensureBuild({ quiet: true });
  // Another process may be rebuilding dist/ right now: copy only once its lock is gone.
  for (let i = 0; i < 600 && existsSync(join(REPO_ROOT, '.build-lock')); i++)
    await new Promise((r) => setTimeout(r, 500));
  const dir = join(REPO_ROOT, 'node_modules/.cache', `omnify-bench-dist-${process.pid}`);
  cpSync(join(REPO_ROOT, 'dist'), dir, { recursive: true });
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', dispose);
  return { entry: join(dir, 'cli/main.js'), dispose };
}

/**
 * Starts `node <entry> start` (`entry`: the CLI of `pinnedBuild`) with `env` added to this process's environment and resolves
 * once it logs "listening on"; rejects when it exits first or does not listen within `timeoutMs`.
 * The child is SIGKILLed if this process exits while it runs.
 */
export function startServer(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServerLife> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [entry, 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let out = '';
  return new Promise((resolve, reject) => {
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out.slice(-4000)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      // Keep only the tail: enough to explain a failure, never the whole log of a long run.
      out = (out + d.toString()).slice(-20_000);
      const m = listening ? null : /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        listening = true;
        clearTimeout(timer);
        const url = m[1]!.replace('localhost', '127.0.0.1');
        resolve({ child, url, startedAt, listeningAt: Date.now() });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!listening)
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${out.slice(-4000)}`));
    });
  });
}

/** Sends `signal` to the child and resolves once it has exited (at once if it already has). */
export function stopServer(child: ChildProcess, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** One inbound WhatsApp message as Meta delivers it: body, `X-Hub-Signature-256`, sender and message id. */
export interface Webhook {
  body: Buffer;
  signature: string;
  /** The contact's `wa_id`, also the `to` of the reply. */
  sender: string;
  wamid: string;
}

const sample = JSON.parse(readFileSync(join(SAMPLE_PAYLOADS_DIR, 'whatsapp/text_hello.json'), 'utf8'));

/**
 * Webhook `i` (0-based) of a run tagged `tag`: a distinct message from a distinct contact, made from
 * samples/payloads/whatsapp/text_hello.json, compact JSON signed with the channel's app `secret` like
 * Meta signs deliveries. The same `i` always gives the same bytes (a redelivery is identical).
 */
export function webhook(i: number, tag: string, secret: string, timestampSeconds: number): Webhook {
  const n = String(i + 1).padStart(6, '0');
  const sender = `4915${tag}${n}`;
  const wamid = `wamid.CRASH${tag}${n}`;
  const value = structuredClone(sample.entry[0].changes[0].value);
  value.messages[0].id = wamid;
  value.messages[0].from = sender;
  value.messages[0].timestamp = String(timestampSeconds);
  value.contacts[0].wa_id = sender;
  const payload = structuredClone(sample);
  payload.entry[0].changes[0].value = value;
  const body = Buffer.from(JSON.stringify(payload));
  return { body, signature: signWhatsApp(body, secret), sender, wamid };
}
