import { isConnectionError } from './connection-errors.ts';

/**
 * How a write that must not be lost is retried. Delays in milliseconds: after the n-th failure
 * (n ≥ 1) the wait is a random value in [s/2, s] with s = min(`maxMs`, `minMs`·2^(n−1)) ("equal
 * jitter", AWS Architecture Blog, "Exponential Backoff and Jitter", 2015).
 */
export interface WriteRetryPolicy {
  minMs: number;
  maxMs: number;
  /** Connection-level failures (database restarting or away) are retried until this long after the first failure. */
  giveUpAfterMs: number;
  /** Any other failure (deadlock, serialization, a bug) is retried until it has failed this many times in all. */
  maxStatementFailures: number;
}

/** 50 ms doubling to 1 s, for up to 10 minutes of outage; other errors 3 tries. */
export const DEFAULT_WRITE_RETRY: WriteRetryPolicy = {
  minMs: 50,
  maxMs: 1_000,
  giveUpAfterMs: 10 * 60_000,
  maxStatementFailures: 3,
};

/** The wait after the `failures`-th consecutive failure under `policy` (milliseconds, jittered). */
export function writeRetryDelayMs(failures: number, policy: WriteRetryPolicy, random = Math.random): number {
  const step = Math.min(policy.maxMs, policy.minMs * 2 ** Math.max(0, failures - 1));
  return step / 2 + random() * (step / 2);
}

/**
 * Runs `fn` (one write, or one transaction) until it succeeds, waiting between tries as
 * `policy` says; rethrows the last error once the policy gives up. `fn` must be safe to run again
 * after a failure whose commit may have happened (guard it with a WHERE on the state it changes).
 * `onRetry(error, failures, delayMs)` is called before each wait (for logging).
 */
export async function retryWrite<T>(
  fn: () => Promise<T>,
  options: {
    policy?: Partial<WriteRetryPolicy>;
    onRetry?: (error: unknown, failures: number, delayMs: number) => void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  } = {},
): Promise<T> {
  const policy = { ...DEFAULT_WRITE_RETRY, ...options.policy };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  let failures = 0;
  let statementFailures = 0;
  let firstFailureAt = 0;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      failures++;
      if (failures === 1) firstFailureAt = now();
      if (isConnectionError(e)) {
        if (now() - firstFailureAt >= policy.giveUpAfterMs) throw e;
      } else if (++statementFailures >= policy.maxStatementFailures) {
        throw e;
      }
      const delay = writeRetryDelayMs(failures, policy);
      options.onRetry?.(e, failures, delay);
      await sleep(delay);
    }
  }
}
