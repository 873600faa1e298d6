import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmnifyError } from '../../kernel/errors/catalog.ts';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import {
  type ProgrammedResponse,
  type RecordedRequest,
  RecordingServer,
} from '../../testing/http-recorder.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from '../sandbox/sandbox.transport.ts';
import type { ChannelAdapter, SendContext } from './channel-adapter.ts';

/**
 * The shared contract of typing indicators and read receipts (`ChannelAdapter.sendTyping`,
 * `markRead`), run by each adapter that has them against a local server speaking its platform's
 * API (src/testing/http-recorder.ts): the exact request, the error classes as `send` has them, no
 * secret in any error, the SSRF guard, and the platform's sandbox emulator answering the call.
 */

/** One call of the suite: how the platform answers it and the exact request it must be. */
export interface SignalCall {
  success: ProgrammedResponse;
  assertRequest(req: RecordedRequest): void;
}

export interface SignalContractInput<Config> {
  adapter: ChannelAdapter<Config>;
  /** A valid config (test secrets); its API base URL is replaced by the local server's. */
  config: Config;
  withApiBaseUrl(config: Config, apiBaseUrl: string): Config;
  /** A conversation of the platform (thread key) and its contact's latest message. */
  threadKey: string;
  platformMessageId: string;
  /** Present when the adapter has `sendTyping`, absent when it must not. */
  typing?: SignalCall;
  /** Present when the adapter has `markRead`, absent when it must not. */
  markRead?: SignalCall;
  /** Failed answers of the platform, as for `send`. */
  serverError: ProgrammedResponse;
  rejected: ProgrammedResponse & { platformCode: string };
  rateLimited: ProgrammedResponse & { retryAfterMs?: number };
}

/** Defines the suite for one adapter. */
export function defineSignalContract<Config>(input: SignalContractInput<Config>): void {
  const { adapter } = input;
  const secrets = adapter.secretFields
    .map((f) => (input.config as Record<string, unknown>)[f])
    .filter((s): s is string => typeof s === 'string');

  describe(`${adapter.platform} typing indicators and read receipts`, () => {
    it('declares the capabilities it implements, and implements those it declares', () => {
      expect(adapter.capabilities.typing).toBe(input.typing !== undefined);
      expect(typeof adapter.sendTyping === 'function').toBe(input.typing !== undefined);
      expect(adapter.capabilities.readReceipts).toBe(input.markRead !== undefined);
      expect(typeof adapter.markRead === 'function').toBe(input.markRead !== undefined);
    });

    const server = new RecordingServer(() => ({ status: 500, body: 'unprogrammed' }));
    let config: Config;
    beforeAll(async () => {
      await server.start();
      config = input.withApiBaseUrl(input.config, server.baseUrl);
    });
    afterAll(() => server.stop());
    // The local server listens on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does.
    const http = createHttpClient({ allowPrivateUrls: true });
    const ctx = (): SendContext => ({ apiBaseUrl: adapter.apiBaseUrl(config), timeoutMs: 5_000, http });
    const request = { threadKey: input.threadKey, platformMessageId: input.platformMessageId };

    const calls: [string, SignalCall | undefined, (c: Config, x: SendContext) => Promise<void>][] = [
      ['sendTyping', input.typing, (c, x) => adapter.sendTyping!(request, c, x)],
      ['markRead', input.markRead, (c, x) => adapter.markRead!(request, c, x)],
    ];
    for (const [name, call, run] of calls) {
      if (!call) continue;
      describe(name, () => {
        /** The error, checked to hold no secret of the config. */
        const failure = async (p: Promise<void>): Promise<OmnifyError> => {
          const err = await rejectionOf(p);
          const shown = `${err.message} ${JSON.stringify(err.details)}`;
          for (const s of secrets) expect(shown).not.toContain(s);
          return err;
        };

        it('makes exactly the request the platform documents', async () => {
          server.enqueue(call.success);
          const before = server.requests.length;
          await expect(run(config, ctx())).resolves.toBeUndefined();
          expect(server.requests.length).toBe(before + 1);
          call.assertRequest(server.requests.at(-1)!);
        });

        it('classifies a 5xx as transient', async () => {
          server.enqueue(input.serverError);
          const err = await failure(run(config, ctx()));
          expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
          expect(err.retryable).toBe(true);
        });

        it('classifies a permanent 4xx as rejected, with the platform code', async () => {
          server.enqueue(input.rejected);
          const err = await failure(run(config, ctx()));
          expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
          expect(err.retryable).toBe(false);
          expect(err.details.platformCode).toBe(input.rejected.platformCode);
        });

        it('classifies a network failure as transient', async () => {
          const dead = input.withApiBaseUrl(input.config, 'http://127.0.0.1:9');
          const err = await failure(
            run(dead, { apiBaseUrl: adapter.apiBaseUrl(dead), timeoutMs: 2_000, http }),
          );
          expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
        });

        it('is refused before connecting when the API is on a private address and that is not allowed', async () => {
          const before = server.requests.length;
          const guarded = createHttpClient({ allowPrivateUrls: false });
          const err = await failure(run(config, { ...ctx(), http: guarded }));
          expect(err.details.platformCode).toBe('private_address');
          expect(server.requests.length).toBe(before);
        });

        it('is answered by the sandbox emulator, in-process, secrets redacted', async () => {
          const records: SandboxRecord[] = [];
          const sandbox = sandboxHttpClient(adapter.platform, async (r) => void records.push(r), secrets);
          await run(input.config, { apiBaseUrl: SANDBOX_BASE_URL, timeoutMs: 5_000, http: sandbox });
          expect(records).toHaveLength(1);
          expect(records[0]!.response.status).toBeGreaterThanOrEqual(200);
          expect(records[0]!.response.status).toBeLessThan(300);
          for (const s of secrets) expect(JSON.stringify(records)).not.toContain(s);
        });
        // Last: a platform may then hold off further calls for a while (Discord's buckets).
        it('classifies throttling as rate limited, with the wait the platform named', async () => {
          server.enqueue(input.rateLimited);
          const err = await failure(run(config, ctx()));
          expect(err.code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
          if (input.rateLimited.retryAfterMs !== undefined) {
            expect(err.details.retryAfterMs).toBe(input.rateLimited.retryAfterMs);
          }
        });
      });
    }
  });
}
