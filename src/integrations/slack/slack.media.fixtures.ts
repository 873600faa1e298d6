/*
 * Web API answers of `files.info`, written from Slack's documentation (docs.slack.dev, "files.info":
 * `{ok: true, file: {id, name, mimetype, url_private, url_private_download, …}}`; errors as `{ok:
 * false, error: "file_not_found"}` with HTTP 200). No shared fixture holds them.
 */

/** The `files.info` answer for file `id` downloadable at `url`. */
export const filesInfoAnswer = (id: string, url: string) => ({
  ok: true,
  file: {
    id,
    name: 'namenamename.txt',
    mimetype: 'text/plain',
    filetype: 'text',
    size: 12,
    url_private: url.replace('/download/', '/'),
    url_private_download: url,
  },
});

/** What `files.info` answers for a file that does not exist (or the bot cannot see). */
export const FILE_NOT_FOUND = { ok: false, error: 'file_not_found' };
