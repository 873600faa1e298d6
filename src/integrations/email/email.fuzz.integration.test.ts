import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { AUTO_REPLY, customerReply, FIRST, HTML_WITH_FILES, NO_ID } from './email.fixtures.ts';

/*
 * Fuzz of the raw-MIME inbound webhook through the real server: real messages (the shared .eml files
 * when ../shared is present, plus our samples) with one byte-level mutation (bytes inserted —
 * NUL, invalid UTF-8, CESU surrogates, broken encoded words, line breaks —, truncation, a header
 * value replaced by a nasty one, multiparts nested hundreds deep, duplicated headers, no header/body
 * separator), correctly authenticated. Never a 5xx; a body mailparser cannot read is a 400; and the
 * good mail posted right after each one is stored.
 */

const SECRET = 'fuzz-inbound-secret-0123456789';
const skip = sharedSkipReason();
if (skip) console.warn(`email fuzz: ${skip}`);

const bases: Buffer[] = [
  ...[FIRST, HTML_WITH_FILES, AUTO_REPLY, NO_ID, customerReply('<omnify.PHg-.m-1@acme.example>')].map((s) =>
    Buffer.from(s),
  ),
  ...listFixtures(join(SHARED_PAYLOADS_DIR, 'email'), /\.eml$/).map((f) => f.bytes),
];

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const nastyBytes = fc.oneof(
  fc.constantFrom(
    latin1('\u0000'),
    latin1('\u00ff\u00fe'),
    latin1('\u00ed\u00a0\u0080'), // a lone surrogate as CESU-8
    latin1('\r\n'),
    latin1('\r\n\r\n'),
    latin1('\r\n--'),
    latin1('=?utf-8?B?////?='),
    latin1('=?x-unknown?Q?=ff=00?='),
    Buffer.from('😀\u0000\uD800', 'utf8'),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a)),
);
const nastyHeaderValues = fc.constantFrom(
  '',
  '<>',
  '<<<@>>>',
  Array.from({ length: 300 }, (_, i) => `<id${i}@x.example>`).join(' '),
  'x'.repeat(60_000),
  '=?utf-8?Q?=00=ED=A0=80?=',
  '\u00ed\u00a0\u0080',
  'Thu, 99 Foo 99999 99:99:99 +9999',
  'multipart/mixed; boundary=""',
  'multipart/alternative',
  'text/html; charset=x-does-not-exist',
  'base64',
  'quoted-printable',
  '"Name" <@>, ,,, <a@b',
  'undisclosed-recipients:;',
);
const HEADERS = [
  'Subject',
  'From',
  'Message-ID',
  'References',
  'In-Reply-To',
  'Date',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Auto-Submitted',
];

type MimeMutation =
  | { kind: 'insert'; at: number; bytes: Buffer }
  | { kind: 'truncate'; at: number }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'nest'; depth: number }
  | { kind: 'duplicateHeaders' }
  | { kind: 'noSeparator' };

const mimeMutations: fc.Arbitrary<MimeMutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: nastyBytes }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constantFrom(...HEADERS),
    value: nastyHeaderValues,
  }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 20, max: 400 }) }),
  fc.constant({ kind: 'duplicateHeaders' as const }),
  fc.constant({ kind: 'noSeparator' as const }),
);

function mutateMime(raw: Buffer, m: MimeMutation): Buffer {
  const split = raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : raw.length;
  const head = raw.subarray(0, split).toString('latin1');
  const body = raw.subarray(split);
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (raw.length + 1);
      return Buffer.concat([raw.subarray(0, at), m.bytes, raw.subarray(at)]);
    }
    case 'truncate':
      return raw.subarray(0, m.at % (raw.length + 1));
    case 'header': {
      const line = new RegExp(`^${m.name}:.*(\\r?\\n[ \\t].*)*$`, 'im');
      const value = `${m.name}: ${m.value}`;
      const next = line.test(head) ? head.replace(line, value) : `${value}\r\n${head}`;
      return Buffer.concat([latin1(next), body]);
    }
    case 'nest': {
      const open = Array.from(
        { length: m.depth },
        (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`,
      );
      const close = Array.from({ length: m.depth }, (_, i) => `\r\n--b${m.depth - 1 - i}--\r\n`);
      return latin1(
        `From: nest@customer.example\r\nMessage-ID: <nest@x>\r\n${open.join('')}Content-Type: text/plain\r\n\r\ndeep${close.join('')}`,
      );
    }
    case 'duplicateHeaders':
      return Buffer.concat([latin1(`${head}\r\n${head}`), body]);
    case 'noSeparator':
      return Buffer.from(raw.toString('latin1').replace(/\r?\n\r?\n/, '\r\n'), 'latin1');
  }
}

describe.each(testBackends())('e-mail inbound webhook fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const post = (raw: Buffer) =>
    omnify.post(`/webhooks/${channelId}`, raw, {
      authorization: `Bearer ${SECRET}`,
      'content-type': 'message/rfc822',
    });
  const stored = async (dedupeKey: string) =>
    (
      await omnify.db.query('SELECT 1 FROM messages WHERE channel_id = $1 AND dedupe_key = $2', [
        channelId,
        dedupeKey,
      ])
    ).rows.length;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'email',
      config: {
        from: 'Acme <support@acme.example>',
        smtpHost: '127.0.0.1',
        smtpPort: 9,
        inboundSecret: SECRET,
      },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('never answers 5xx to mutated, authenticated mail and keeps taking the next ones', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), mimeMutations, async (which, m) => {
        run++;
        const res = await post(mutateMime(bases[which]!, m));
        expect(res.status, `${m.kind}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
        const id = `<good.${run}@customer.example>`;
        const good = await post(Buffer.from(FIRST.replace('<first.1234@customer.example>', id)));
        expect(good.status, good.text).toBe(200);
        expect(await stored(id)).toBe(1);
      }),
      { seed: 20_261_206, numRuns: 80 },
    );
  }, 180_000);
});
