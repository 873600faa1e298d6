import { adapterFor, SUPPORTED_PLATFORMS } from '../../../integrations/channel-registry.ts';
import type { ChannelAdapter, ReceiverContext } from '../../../integrations/contract/channel-adapter.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { type ChannelRecord, listReceivingChannels } from '../../channels/channels.service.ts';
import type { PipelineDeps } from './deps.ts';
import type { IngestBatcher } from './ingest-batcher.ts';
import { parseSanitized } from './parse-sanitized.ts';

/** How often the set of receiving channels is read again (seconds): a changed channel restarts within it. */
export const RECEIVER_RECONCILE_SECONDS = 5;
/** Wait before restarting a loop that returned or threw (ms); doubles up to {@link RESTART_MAX_MS}. */
const RESTART_BASE_MS = 1_000;

const RESTART_MAX_MS = 60_000;

interface Running {
  /** `id@updatedAt`: a changed config is a new key, so the loop restarts with it. */
  key: string;
  abort: AbortController;
  done: Promise<void>;
}

/** What {@link startReceivers} needs; `adapters` defaults to the channel registry (tests pass their own). */
export interface ReceiversDeps extends Pick<PipelineDeps, 'config' | 'db' | 'secrets' | 'log'> {
  ingest: () => IngestBatcher;
  adapters?: { platforms: readonly string[]; adapterFor(platform: string): ChannelAdapter };
  /** Milliseconds between reads of the receiving channels; default {@link RECEIVER_RECONCILE_SECONDS}. */
  reconcileMs?: number;
}

/**
 * Runs the receive loops (`ChannelAdapter.receive`: IMAP, the Discord Gateway) of every channel
 * whose adapter `receives` with its config, in a process that runs workers. Every
 * {@link RECEIVER_RECONCILE_SECONDS} it reads the receiving channels again: a new channel's loop
 * starts, a changed one's (new `updated_at`) restarts with the new config, a deleted one's stops
 * (its signal aborts). A loop that returns or throws while its channel still wants it is restarted
 * after a backoff (1 s doubling to 60 s, reset after a minute of running); errors are logged
 * without the config.
 *
 * Each delivered body goes the webhook's way from `decode` on: sanitized, `parse`d, ingested in
 * one transaction with its jobs by the shared group-commit batcher, deduplicated by `dedupeKey`
 * (exactly-once storage), and `deliver` resolves only after the commit, so a loop acknowledges to
 * its platform only what is stored.
 *
 * Several worker processes each run every loop (no election): storage stays exactly once through the
 * dedupe keys, at the cost of one connection per process to each platform (docs/architecture.md).
 *
 * Returns a function that stops every loop and waits for them to return.
 */
export function startReceivers(deps: ReceiversDeps): () => Promise<void> {
  const registry = deps.adapters ?? {
    platforms: SUPPORTED_PLATFORMS.filter((p) => adapterFor(p).receive),
    adapterFor,
  };
  const running = new Map<string, Running>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const runLoop = (channel: ChannelRecord, adapter: ChannelAdapter, abort: AbortController) =>
    (async () => {
      let backoff = RESTART_BASE_MS;
      const log = deps.log.child({ channelId: channel.id, platform: channel.platform });
      const ctx: ReceiverContext = {
        signal: abort.signal,
        http: outboundHttp(deps.config),
        log: {
          info: (msg, data) => log.info(data ?? {}, msg),
          warn: (msg, data) => log.warn(data ?? {}, msg),
        },
        deliver: async (body, files) => {
          const events = parseSanitized(adapter, body, channel.config, log);
          if (events.length > 0) await deps.ingest().submit({ channel, events, files });
        },
      };
      while (!abort.signal.aborted) {
        const started = Date.now();
        try {
          await adapter.receive!(channel.config, ctx);
          if (!abort.signal.aborted) log.warn({}, 'receive loop returned; restarting');
        } catch (err) {
          if (abort.signal.aborted) break;
          log.warn({ err }, 'receive loop failed; restarting');
        }
        if (Date.now() - started > RESTART_MAX_MS) backoff = RESTART_BASE_MS;
        await sleep(backoff, abort.signal);
        backoff = Math.min(RESTART_MAX_MS, backoff * 2);
      }
    })();

  const reconcile = async () => {
    let channels: ChannelRecord[];
    try {
      channels = await listReceivingChannels(deps.db, deps.secrets, registry.platforms);
    } catch (err) {
      deps.log.warn({ err }, 'could not list receiving channels; trying again');
      return;
    }
    if (stopped) return;
    const wanted = new Map<string, { channel: ChannelRecord; adapter: ChannelAdapter }>();
    for (const channel of channels) {
      const adapter = registry.adapterFor(channel.platform);
      if (adapter.receive && adapter.receives?.(channel.config)) wanted.set(channel.id, { channel, adapter });
    }
    for (const [id, r] of running) {
      const w = wanted.get(id);
      if (!w || `${id}@${w.channel.updatedAt}` !== r.key) {
        r.abort.abort();
        running.delete(id);
      }
    }
    for (const [id, { channel, adapter }] of wanted) {
      if (running.has(id)) continue;
      const abort = new AbortController();
      running.set(id, { key: `${id}@${channel.updatedAt}`, abort, done: runLoop(channel, adapter, abort) });
    }
  };

  const tick = async () => {
    await reconcile();
    if (!stopped) timer = setTimeout(tick, deps.reconcileMs ?? RECEIVER_RECONCILE_SECONDS * 1000);
  };
  const first = tick();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await first;
    const loops = [...running.values()];
    for (const r of loops) r.abort.abort();
    running.clear();
    await Promise.all(loops.map((r) => r.done));
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
