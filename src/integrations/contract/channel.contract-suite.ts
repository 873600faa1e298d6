import './formats.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import {
  type ProgrammedResponse,
  type RecordedRequest,
  RecordingServer,
} from '../../testing/http-recorder.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from '../sandbox/sandbox.transport.ts';
import type { ChannelAdapter, OutboundRequest, WebhookRequest } from './channel-adapter.ts';
import { DecodedWithFiles, type InboundEvent, type InboundMessage } from './message.ts';

/** A known-good or known-bad signature case, e.g. from a fixture folder's SOURCE.md. */
export interface SignatureVector<C> {
  name: string;
  config: C;
  request: WebhookRequest;
  valid: boolean;
}

/**
 * One webhook body to run through `decode` (when the adapter has one; else JSON) and `parse`, with
 * optional extra assertions on the events. `contentType` defaults to `application/json`.
 */
export interface WebhookFixture {
  name: string;
  body: Buffer;
  contentType?: string;
  check?: (events: InboundEvent[]) => void;
}

/** What each adapter's test file supplies to `defineChannelContract`. */
export interface ChannelContractInput<C> {
  adapter: ChannelAdapter<C>;
  /** A valid config (secrets are test values). Its `apiBaseUrl`-like field is replaced by the fake API's URL via `withApiBaseUrl`. */
  config: C;
  /**
   * False when the platform authenticates with a shared token rather than a signature over the
   * body (Telegram's secret token): the tampered-body check is then skipped.
   */
  signatureCoversBody?: boolean;
  /** Returns the headers that make `rawBody` authentic for `config` (how the platform signs). */
  sign(rawBody: Buffer, config: C): Record<string, string>;
  /** Every webhook body to parse: the shared real fixtures plus the project's own samples. */
  webhooks: WebhookFixture[];
  signatureVectors: SignatureVector<C>[];
  /** Config pointing the adapter at the fake API (absent when sending is not over HTTP). */
  withApiBaseUrl?(config: C, baseUrl: string): C;
  /**
   * For an adapter that does not send over HTTP (e-mail's SMTP): the test file, from the repository
   * root, where its sending is tested against a real server instead of the suite's fake HTTP API.
   */
  sendTestedIn?: string;
  /** Platform-shaped answers of the fake API for each scenario (absent with `sendTestedIn`). */
  api?: {
    success: ProgrammedResponse;
    serverError: ProgrammedResponse;
    rejected: ProgrammedResponse & { platformCode: string };
    rateLimited: ProgrammedResponse & { retryAfterMs?: number };
    /** Checks the exact outbound request the adapter made in the success case. */
    assertSendRequest(req: RecordedRequest, out: OutboundRequest): void;
    /** The platform message id the success answer carries. */
    expectedPlatformMessageId: string;
  };
}

/** The repository's root (this file is src/integrations/contract/). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function request(rawBody: Buffer, headers: Record<string, string>): WebhookRequest {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method: 'POST', headers: { 'content-type': 'application/json', ...lower }, query: {}, rawBody };
}

function assertWellFormed(e: InboundEvent): void {
  if (e.kind === 'status') {
    expect(e.platformMessageId).toBeTruthy();
    expect(['sent', 'delivered', 'read', 'failed']).toContain(e.status);
    expect(Number.isNaN(e.at.getTime())).toBe(false);
    if (e.status === 'failed') expect(e.error?.code).toBeTruthy();
    return;
  }
  const m: InboundMessage = e;
  expect(m.platformMessageId, 'platformMessageId').toBeTruthy();
  expect(m.dedupeKey, 'dedupeKey').toBeTruthy();
  expect(m.threadKey, 'threadKey').toBeTruthy();
  expect(m.sender.handle, 'sender.handle').toBeTruthy();
  expect(Number.isNaN(m.sentAt.getTime()), 'sentAt is a date').toBe(false);
  expect(m.raw, 'raw payload kept').toBeDefined();
  const c = m.content;
  switch (c.type) {
    case 'text':
      expect(typeof c.text).toBe('string');
      expect(m.text).toBe(c.text);
      break;
    case 'image':
    case 'audio':
    case 'voice':
    case 'video':
    case 'document':
    case 'sticker':
    case 'animation':
      expect(c.media.id, 'media id').toBeTruthy();
      break;
    case 'location':
      expect(Number.isFinite(c.latitude) && Number.isFinite(c.longitude)).toBe(true);
      break;
    case 'contacts':
      expect(c.contacts.length).toBeGreaterThan(0);
      break;
    case 'interactive_reply':
      expect(c.replyId || c.title).toBeTruthy();
      break;
    case 'callback_query':
      expect(c.callbackId).toBeTruthy();
      break;
    case 'reaction':
      expect(c.targetPlatformMessageId).toBeTruthy();
      break;
    case 'unsupported':
      expect(c.platformType).toBeTruthy();
      break;
    default:
      throw new Error(`unknown content type ${(c as { type: string }).type}`);
  }
}

/**
 * The one contract every `ChannelAdapter` passes (Drizzle's shared-suite pattern): config schema,
 * signature verification (including the platform's published vectors), parsing of every fixture
 * without failure, and outbound sends against a real local HTTP server that answers in the platform's
 * shapes for success, 5xx, a permanent 4xx and throttling.
 */
export function defineChannelContract<C>(input: ChannelContractInput<C>): void {
  const { adapter } = input;
  // What `parse` receives from the webhook route: the adapter's own decoding of the signed request
  // (form fields, a MIME message; a delivery that carried files answers them beside its body), or
  // the JSON body.
  const decoded = async (f: WebhookFixture): Promise<unknown> => {
    if (!adapter.decode) return JSON.parse(f.body.toString('utf8'));
    const headers = {
      ...input.sign(f.body, input.config),
      'content-type': f.contentType ?? 'application/json',
    };
    const out = await adapter.decode(request(f.body, headers));
    return out instanceof DecodedWithFiles ? out.body : out;
  };

  describe(`ChannelAdapter contract: ${adapter.platform}`, () => {
    it('accepts its valid test config and declares its secrets', () => {
      expect(Value.Check(adapter.configSchema, input.config)).toBe(true);
      expect(adapter.secretFields.length).toBeGreaterThan(0);
    });

    it('accepts a correctly signed request and rejects a tampered or unsigned one', () => {
      const body = input.webhooks[0]?.body ?? Buffer.from('{}');
      expect(() => adapter.verify(request(body, input.sign(body, input.config)), input.config)).not.toThrow();
      if (input.signatureCoversBody !== false) {
        const tampered = Buffer.concat([body, Buffer.from(' ')]);
        const bad = thrownBy(() =>
          adapter.verify(request(tampered, input.sign(body, input.config)), input.config),
        );
        expect(bad?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
      }
      const missing = thrownBy(() => adapter.verify(request(body, {}), input.config));
      expect(missing?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
    });

    for (const v of input.signatureVectors) {
      it(`signature vector ${v.name} is ${v.valid ? 'accepted' : 'rejected'}`, () => {
        const err = thrownBy(() => adapter.verify(v.request, v.config));
        if (v.valid) expect(err).toBeUndefined();
        else expect(err?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
      });
    }

    it('has at least one webhook fixture', () => {
      expect(input.webhooks.length).toBeGreaterThan(0);
    });

    for (const f of input.webhooks) {
      it(`parses ${f.name} into well-formed events`, async () => {
        const events = adapter.parse(await decoded(f), input.config);
        for (const e of events) assertWellFormed(e);
        f.check?.(events);
      });
    }

    it('rejects a body that is not its envelope with OMNIFY_ERR_VALIDATION', () => {
      const err = thrownBy(() => adapter.parse(42, input.config));
      expect(err?.code).toBe('OMNIFY_ERR_VALIDATION');
    });

    if (!input.api || !input.withApiBaseUrl) {
      it(`sends other than over HTTP, tested in ${input.sendTestedIn}`, () => {
        expect(input.sendTestedIn).toMatch(/\.test\.ts$/);
        expect(existsSync(join(REPO_ROOT, input.sendTestedIn!))).toBe(true);
      });
      return;
    }
    const spec = { ...input, api: input.api, withApiBaseUrl: input.withApiBaseUrl };
    describe('send', () => {
      const api = new RecordingServer(() => spec.api.success);
      let config: C;
      const out: OutboundRequest = { messageId: 'msg-1', threadKey: '', text: 'Hello from Omnify ✓' };
      beforeAll(async () => {
        await api.start();
        config = spec.withApiBaseUrl(input.config, api.baseUrl);
        const first = input.webhooks
          .flatMap((w) => {
            try {
              return adapter.parse(JSON.parse(w.body.toString('utf8')), input.config);
            } catch {
              return [];
            }
          })
          .find((e): e is InboundMessage => e.kind === 'message');
        out.threadKey = first?.threadKey ?? '12345';
      });
      afterAll(() => api.stop());
      // The fake API listens on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does.
      const http = createHttpClient({ allowPrivateUrls: true });
      const ctx = () => ({ apiBaseUrl: adapter.apiBaseUrl(config), timeoutMs: 5_000, http });

      it('sends and returns the platform message id', async () => {
        api.enqueue(spec.api.success);
        const before = api.requests.length;
        const res = await adapter.send(out, config, ctx());
        expect(res.platformMessageId).toBe(spec.api.expectedPlatformMessageId);
        expect(api.requests.length).toBe(before + 1);
        spec.api.assertSendRequest(api.requests.at(-1)!, out);
      });

      it('classifies a 5xx as transient', async () => {
        api.enqueue(spec.api.serverError);
        const err = await rejectionOf(adapter.send(out, config, ctx()));
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
        expect(err.retryable).toBe(true);
      });

      it('classifies a permanent 4xx as rejected, with the platform code', async () => {
        api.enqueue(spec.api.rejected);
        const err = await rejectionOf(adapter.send(out, config, ctx()));
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
        expect(err.retryable).toBe(false);
        expect(err.details.platformCode).toBe(spec.api.rejected.platformCode);
        expect(err.details.platformMessage).toBeTruthy();
      });

      it('classifies throttling as rate limited and honours the wait it names', async () => {
        api.enqueue(spec.api.rateLimited);
        const err = await rejectionOf(adapter.send(out, config, ctx()));
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
        expect(err.retryable).toBe(true);
        if (spec.api.rateLimited.retryAfterMs !== undefined) {
          expect(err.details.retryAfterMs).toBe(spec.api.rateLimited.retryAfterMs);
        }
      });

      it('classifies a network failure as transient', async () => {
        const dead = spec.withApiBaseUrl(input.config, 'http://127.0.0.1:9');
        const err = await rejectionOf(
          adapter.send(out, dead, { apiBaseUrl: adapter.apiBaseUrl(dead), timeoutMs: 2_000, http }),
        );
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
      });

      it('is refused before connecting when the API is on a private address and that is not allowed', async () => {
        const guarded = createHttpClient({ allowPrivateUrls: false });
        const before = api.requests.length;
        const err = await rejectionOf(adapter.send(out, config, { ...ctx(), http: guarded }));
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
        expect(err.details.platformCode).toBe('private_address');
        expect(api.requests.length).toBe(before);
      });

      it('is understood by its sandbox emulator, in-process', async () => {
        const records: SandboxRecord[] = [];
        const secrets = adapter.secretFields.map((f) => (input.config as Record<string, unknown>)[f]);
        const http = sandboxHttpClient(adapter.platform, async (r) => void records.push(r), secrets);
        const before = api.requests.length;
        const res = await adapter.send(out, input.config, {
          apiBaseUrl: SANDBOX_BASE_URL,
          timeoutMs: 5_000,
          http,
        });
        expect(res.platformMessageId).toBeTruthy();
        expect(records).toHaveLength(1);
        expect(records[0]!.response.status).toBe(200);
        for (const s of secrets) if (typeof s === 'string') expect(JSON.stringify(records)).not.toContain(s);
        expect(api.requests.length).toBe(before);
      });
    });
  });
}
