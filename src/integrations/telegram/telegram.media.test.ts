import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { type TelegramConfig, telegramAdapter } from './telegram.adapter.ts';
import { getFileAnswer, PDF_BYTES, WRONG_FILE_ID } from './telegram.media.fixtures.ts';

/*
 * Downloads through a local server speaking the Bot API's getFile and file protocol (answers
 * written from the Bot API docs: telegram.media.fixtures.ts); the file_id comes from the shared real
 * update update_document_tgdocs.json when ../shared is present.
 */

const config: TelegramConfig = { botToken: '123456789:AAtest-Bot_token-0mnify', secretToken: 'sec' };
const DOC_ID = 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX';
const server = new RecordingServer((req) => {
  if (req.url === `/bot${config.botToken}/getFile`) {
    if (req.json?.file_id === DOC_ID)
      return { status: 200, body: getFileAnswer(DOC_ID, 'documents/file 1.pdf') };
    if (req.json?.file_id === 'no-path')
      return { status: 200, body: { ok: true, result: { file_id: 'no-path' } } };
    return { status: 400, body: WRONG_FILE_ID };
  }
  if (req.url === `/file/bot${config.botToken}/documents/file%201.pdf`)
    return { status: 200, body: PDF_BYTES, headers: { 'content-type': 'application/octet-stream' } };
  return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
});
beforeAll(() => server.start());
afterAll(() => server.stop());

const ctx = (): SendContext => ({
  apiBaseUrl: server.baseUrl,
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls: true }),
});

describe('Telegram file download', () => {
  it.skipIf(!!sharedSkipReason())(
    'asks getFile for the real update’s file_id, then fetches file/bot<token>/<file_path>',
    async () => {
      const update = JSON.parse(
        readFileSync(join(SHARED_PAYLOADS_DIR, 'telegram', 'update_document_tgdocs.json'), 'utf8'),
      );
      const [event] = telegramAdapter.parse(update, config) as InboundMessage[];
      if (!event || !('media' in event.content)) throw new Error('expected a document');
      const file = await telegramAdapter.downloadMedia!(event.content.media, config, ctx());
      expect(await buffer(file.body)).toEqual(PDF_BYTES);
      expect(file.size).toBe(PDF_BYTES.length);
      const [getFile, fetch] = server.requests.slice(-2);
      expect(getFile).toMatchObject({ method: 'POST', json: { file_id: DOC_ID } });
      expect(fetch).toMatchObject({
        method: 'GET',
        url: `/file/bot${config.botToken}/documents/file%201.pdf`,
      });
    },
  );

  it('maps a refused file_id to OMNIFY_ERR_PLATFORM_REJECTED, token redacted, and a File without file_path', async () => {
    const e = await rejectionOf(telegramAdapter.downloadMedia!({ id: 'wrong' }, config, ctx()));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: '400', platformMessage: 'Bad Request: invalid file_id' },
    });
    expect(e.message).not.toContain(config.botToken);
    const none = await rejectionOf(telegramAdapter.downloadMedia!({ id: 'no-path' }, config, ctx()));
    expect(none.details.platformCode).toBe('invalid_response');
  });

  it('maps a failing file server to a classified error without the token in it', async () => {
    server.enqueue(
      { status: 200, body: getFileAnswer('x', 'photos/gone.jpg') },
      { status: 502, body: 'Bad Gateway' },
    );
    const e = await rejectionOf(telegramAdapter.downloadMedia!({ id: 'x' }, config, ctx()));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_PLATFORM_TRANSIENT', details: { httpStatus: 502 } });
    expect(JSON.stringify(e.details) + e.message).not.toContain(config.botToken);
  });
});
