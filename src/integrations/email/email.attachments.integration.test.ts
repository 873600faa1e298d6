import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { sampleFile } from '../sandbox/media.emulator.ts';

/*
 * An e-mail's attachments open from the inbox although e-mail has no media API: the raw-MIME
 * webhook's files are kept in the media store when the mail arrives (`MediaRef.kept`), and
 * GET …/media serves them through the same checks as any download. MEDIA_MAX_BYTES is 64 KiB here.
 */

const SECRET = 'attach-inbound-secret-0123456789';
const PNG = sampleFile('photo.png').file!.bytes;
const PDF = sampleFile('terms.pdf').file!.bytes;
const BIG = Buffer.concat([PDF.subarray(0, 8), Buffer.alloc(100 * 1024, 0x20)]);
const MAX = 64 * 1024;

/** A mail with `files` attached, built by nodemailer's MIME composer (as a mail client would). */
function mailWith(messageId: string, files: { filename: string; content: Buffer; contentType: string }[]) {
  return new MailComposer({
    from: 'Mary Smith <mary@customer.example>',
    to: 'support@acme.example',
    subject: 'Photos of the damage',
    messageId,
    date: new Date('2026-03-02T09:00:00Z'),
    text: 'The parcel arrived broken, see the photo and the receipt.',
    attachments: files,
  })
    .compile()
    .build();
}

describe.each(testBackends())('e-mail attachments on %s', (backend) => {
  let omnify: TestOmnify;
  let mediaDir: string;
  let channelId: string;
  const post = (raw: Buffer) =>
    omnify.post(`/webhooks/${channelId}`, raw, {
      'content-type': 'message/rfc822',
      authorization: `Bearer ${SECRET}`,
    });
  const files = async () =>
    (
      await omnify.db.query<{ id: string; conversation_id: string; content_type: string; media: string }>(
        `SELECT id, conversation_id, content_type, content->'media'->>'fileName' AS media FROM messages
          WHERE channel_id = $1 AND content_type <> 'text' ORDER BY created_at, id`,
        [channelId],
      )
    ).rows;
  const download = async (m: { id: string; conversation_id: string }) => {
    const res = await request(
      `${omnify.url}/api/v1/conversations/${m.conversation_id}/messages/${m.id}/media`,
      {
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
        reset: true,
      },
    );
    const body = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, type: res.headers['content-type'], body };
  };

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'omnify-email-media-'));
    omnify = await startTestOmnify(backend, { mediaDir, mediaMaxBytes: MAX });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'email',
      name: 'Support mail',
      config: {
        from: 'Acme Support <support@acme.example>',
        smtpHost: 'smtp.acme.example',
        inboundSecret: SECRET,
      },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('serves the attachments of a mail posted to the inbound webhook, byte for byte', async () => {
    const raw = await mailWith('<damage.1@customer.example>', [
      { filename: 'damage.png', content: PNG, contentType: 'image/png' },
      { filename: 'receipt.pdf', content: PDF, contentType: 'application/pdf' },
    ]);
    expect((await post(raw)).json).toEqual({ ok: true, stored: 3, duplicates: 0 });
    const [png, pdf] = await files();
    expect([png?.content_type, png?.media, pdf?.content_type, pdf?.media]).toEqual([
      'image',
      'damage.png',
      'document',
      'receipt.pdf',
    ]);
    const got = await download(png!);
    expect([got.status, got.type]).toEqual([200, 'image/png']);
    expect(got.body.equals(PNG)).toBe(true);
    const doc = await download(pdf!);
    expect([doc.status, doc.type]).toEqual([200, 'application/pdf']);
    expect(doc.body.equals(PDF)).toBe(true);
    // A redelivery stores nothing twice and the files still open.
    expect((await post(raw)).json).toEqual({ ok: true, stored: 0, duplicates: 3 });
    expect((await download(png!)).body.equals(PNG)).toBe(true);
  });

  it('keeps a file past MEDIA_MAX_BYTES as a reference only, and says so when it is opened', async () => {
    const raw = await mailWith('<big.1@customer.example>', [
      { filename: 'scan.pdf', content: BIG, contentType: 'application/pdf' },
    ]);
    expect((await post(raw)).json.stored).toBe(2);
    const big = (await files()).find((f) => f.media === 'scan.pdf')!;
    const res = await download(big);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body.toString()).error.code).toBe('OMNIFY_ERR_MEDIA_TOO_LARGE');
  });
});
