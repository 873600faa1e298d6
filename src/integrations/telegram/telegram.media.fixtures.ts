/*
 * Bot API answers of `getFile`, written from Telegram's documentation (Bot API, "getFile": the
 * answer is a `File` object `{file_id, file_unique_id, file_size, file_path}` in the usual `{ok,
 * result}` envelope; the file is then at `https://api.telegram.org/file/bot<token>/<file_path>`;
 * errors are `{ok: false, error_code, description}`). No shared fixture holds them.
 */

/** A short PDF-looking file. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/** The `getFile` answer for `fileId` stored at `filePath`. */
export const getFileAnswer = (fileId: string, filePath: string, size = PDF_BYTES.length) => ({
  ok: true,
  result: { file_id: fileId, file_unique_id: 'AgADbQADXXXXXXXX', file_size: size, file_path: filePath },
});

/** What `getFile` answers for a `file_id` that names no file. */
export const WRONG_FILE_ID = { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' };
