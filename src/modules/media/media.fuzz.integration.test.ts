import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFile } from '../../integrations/sandbox/media.emulator.ts';
import { signWhatsApp, WHATSAPP_SIGNATURE_HEADER } from '../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { nastyStrings } from '../../testing/fuzz.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { type ProgrammedResponse, RecordingServer } from '../../testing/http-recorder.ts';

/*
 * The media route against a WhatsApp Graph API that answers nonsense: each run delivers a validly
 * signed message whose media fields are mutated (kind, declared type, file name), and the fake
 * platform answers its media calls with mutated statuses, JSON, headers and bytes (random, truncated,
 * over the limit, of another type). Whatever happens, the answer is never a 500 or 503, and a
 * refused file leaves no row and no staged file. Seeded: the same runs every time.
 */

const APP_SECRET = 'fuzz-media-app-secret';
const TOKEN = 'EAAfuzz-media-token';
const MAX = 8 * 1024;
const PNG = sampleFile('a.png').file!.bytes;
const PDF = sampleFile('a.pdf').file!.bytes;

/** How the fake platform answers one media id. */
interface Answer {
  metaStatus: number;
  meta: Record<string, unknown>;
  fileStatus: number;
  fileType: string | undefined;
  bytes: Buffer;
}

const bytes = fc.oneof(
  fc.constant(PNG),
  fc.constant(PDF),
  fc.constant(Buffer.alloc(0)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.integer({ min: MAX - 4, max: MAX * 2 }).map((n) => Buffer.alloc(n, 0x41)),
);
const type = fc.oneof(
  fc.constantFrom(
    'image/png',
    'image/jpeg',
    'application/pdf',
    'text/html',
    'application/octet-stream',
    'audio/ogg; codecs=opus',
  ),
  nastyStrings,
);
const answer: fc.Arbitrary<Answer> = fc.record({
  metaStatus: fc.constantFrom(200, 200, 200, 400, 404, 429, 500),
  meta: fc.record(
    {
      url: fc.constantFrom('FILE', 'FILE', 'https://elsewhere.example/x', 'not a url', ''),
      mime_type: type,
      file_size: fc.oneof(fc.constantFrom('12', '-1', 'NaN', '99999999999'), fc.integer()),
      sha256: fc.constantFrom('0'.repeat(64), 'zz', undefined),
    },
    { requiredKeys: ['url'] },
  ),
  fileStatus: fc.constantFrom(200, 200, 200, 302, 403, 404, 503),
  fileType: fc.option(type, { nil: undefined }),
  bytes,
});
const delivery = fc.record({
  kind: fc.constantFrom('image', 'document', 'audio', 'sticker', 'video'),
  mimeType: fc.option(type, { nil: undefined }),
  fileName: fc.option(fc.oneof(nastyStrings, fc.constant('../../x.pdf')), { nil: undefined }),
});

/** A well-formed exchange now and then (a PNG image served as declared), so runs reach the store too. */
const wellFormed = fc.record({
  d: fc.record({
    kind: fc.constant('image'),
    mimeType: fc.constantFrom('image/png', undefined),
    fileName: fc.option(nastyStrings, { nil: undefined }),
  }),
  a: fc.record({
    metaStatus: fc.constant(200),
    meta: fc.record({ url: fc.constant('FILE'), mime_type: fc.constant('image/png') }),
    fileStatus: fc.constant(200),
    fileType: fc.constantFrom('image/png', undefined),
    bytes: fc.constant(PNG),
  }),
});
const exchange = fc.oneof(
  { weight: 1, arbitrary: wellFormed },
  { weight: 3, arbitrary: fc.record({ d: delivery, a: answer }) },
);

describe.each(testBackends())('media route under platform nonsense on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let mediaDir: string;
  let channelId: string;
  const answers = new Map<string, Answer>();
  let n = 0;

  beforeAll(async () => {
    graph = await new RecordingServer((req): ProgrammedResponse => {
      const meta = /^\/(fz-\d+)\?/.exec(req.url)?.[1];
      const a = answers.get(meta ?? req.url.replace('/file/', ''));
      if (!a) return { status: 404, body: { error: { message: 'unknown', code: 100 } } };
      if (meta) {
        const url = a.meta.url === 'FILE' ? `${graph.baseUrl}/file/${meta}` : a.meta.url;
        return { status: a.metaStatus, body: { ...a.meta, url } };
      }
      const headers: Record<string, string> = {};
      if (a.fileType !== undefined && /^[\x20-\x7e]*$/.test(a.fileType)) headers['content-type'] = a.fileType;
      if (a.fileStatus === 302) headers.location = `${graph.baseUrl}/file/elsewhere`;
      return { status: a.fileStatus, body: a.bytes, headers };
    }).start();
    mediaDir = mkdtempSync(join(tmpdir(), 'omnify-media-fuzz-'));
    omnify = await startTestOmnify(backend, { mediaDir, mediaMaxBytes: MAX, workers: false });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      config: {
        phoneNumberId: '1550009',
        accessToken: TOKEN,
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await graph?.stop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('answers 200, 404, 422, 429 or 502, never a 500 or 503, and keeps nothing it refused', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(exchange, async ({ d, a }) => {
        const id = `fz-${++n}`;
        answers.set(id, a);
        const media = {
          id,
          ...(d.mimeType ? { mime_type: d.mimeType } : {}),
          ...(d.fileName ? { filename: d.fileName } : {}),
        };
        const body = JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: 'WABA',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: '1550009', phone_number_id: '1550009' },
                    contacts: [{ profile: { name: 'Fuzz' }, wa_id: '15550199' }],
                    messages: [
                      {
                        from: '15550199',
                        id: `wamid.${id}`,
                        timestamp: '1767261600',
                        type: d.kind,
                        [d.kind]: media,
                      },
                    ],
                  },
                },
              ],
            },
          ],
        });
        const hook = await omnify.post(`/webhooks/${channelId}`, body, {
          [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(body, APP_SECRET),
        });
        expect(hook.status).toBe(200);
        const { rows } = await omnify.db.query<{ id: string; conversation_id: string }>(
          'SELECT id, conversation_id FROM messages WHERE platform_message_id = $1',
          [`wamid.${id}`],
        );
        const m = rows[0]!;
        // A connection closed after each answer: see the note on `get` in media.integration.test.ts.
        const res = await request(
          `${omnify.url}/api/v1/conversations/${m.conversation_id}/messages/${m.id}/media`,
          {
            headers: { authorization: `Bearer ${TEST_API_KEY}` },
            reset: true,
          },
        );
        await res.body.arrayBuffer();
        const status = res.statusCode;
        statuses.add(status);
        expect([200, 404, 422, 429, 502], `${id}: ${status}`).toContain(status);
        const kept = await omnify.db.query('SELECT 1 FROM media_files WHERE message_id = $1', [m.id]);
        expect(kept.rows.length).toBe(status === 200 ? 1 : 0);
        const tmp = join(mediaDir, 'tmp');
        expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
      }),
      { numRuns: 40, seed: 20260314, endOnFailure: true },
    );
    // The runs reached the checks, not only the platform's refusals.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 422, 502]));
  }, 120_000);
});
