import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, isJsonObject, stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia } from '../media-fetch.ts';
import { telegramError } from './telegram.send.ts';

/** What `downloadTelegramFile` needs of a channel's config. */
interface TelegramMediaConfig {
  botToken: string;
}

/** Bot API errors: `{ok: false, error_code, description}` (the file server answers the same shape). */
function describeBotApi(json: unknown): { platformCode?: string; platformMessage?: string } {
  const code = field(json, 'error_code');
  const description = stringField(json, 'description');
  return {
    ...(typeof code === 'number' ? { platformCode: String(code) } : {}),
    ...(description ? { platformMessage: description } : {}),
  };
}

/**
 * Downloads an inbound Telegram file (Bot API "getFile"): `POST <apiBaseUrl>/bot<token>/getFile`
 * with `{file_id}` answers a `File` with `file_path` (valid for at least an hour), then
 * `GET <apiBaseUrl>/file/bot<token>/<file_path>` serves the bytes. The Bot API serves files up to
 * 20 MB: a larger one is refused by `getFile` (400 "file is too big").
 *
 * @returns the file stream with the file server's `Content-Type` and `Content-Length` (else the
 *   `File`'s `file_size`, bytes).
 * @throws as `telegramError` for a refused `getFile` (a wrong `file_id`: `OMNIFY_ERR_PLATFORM_REJECTED`);
 *   `OMNIFY_ERR_PLATFORM_REJECTED` with `platformCode` `invalid_response` when the `File` has no
 *   `file_path`; `fetchMedia`'s errors for the file. The token is redacted from every error.
 */
export async function downloadTelegramFile(
  media: MediaRef,
  config: TelegramMediaConfig,
  ctx: SendContext,
): Promise<MediaDownload> {
  const token = config.botToken;
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/bot${token}/getFile`,
    body: { file_id: media.id },
    timeoutMs: ctx.timeoutMs,
    secrets: [token],
    label: 'Telegram Bot API',
  });
  const env = isJsonObject(res.json) ? res.json : {};
  const ok = res.status >= 200 && res.status < 300 && env.ok === true;
  const path = stringField(env, 'result', 'file_path');
  if (!ok) throw telegramError(res, env, token, 'getFile');
  if (!path) {
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', 'Telegram getFile answered no file_path.', {
      platformCode: 'invalid_response',
      platformMessage: 'no result.file_path',
      httpStatus: res.status,
    });
  }
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const file = await fetchMedia(ctx, `${ctx.apiBaseUrl}/file/bot${token}/${encoded}`, {
    label: 'Telegram file server',
    secrets: [token],
    describe: describeBotApi,
  });
  const declared = Number(field(env, 'result', 'file_size'));
  return file.size === undefined && Number.isSafeInteger(declared) ? { ...file, size: declared } : file;
}
