import { createHash } from 'node:crypto';

/*
 * Answers of the Cloud API's media endpoints, written from Meta's documentation (Cloud API
 * reference, "Media": "Retrieve media URL" answers `{messaging_product, url, mime_type, sha256,
 * file_size, id}`; `file_size` is a string of bytes, `sha256` hex; the `url` is on
 * lookaside.fbsbx.com and valid for 5 minutes). No shared fixture holds them.
 */

/** A small JPEG-looking file (SOI marker, JFIF header, padding). */
export const JPEG_BYTES = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(2000, 0x42),
  Buffer.from('ffd9', 'hex'),
]);

/** The "Retrieve media URL" answer for media `id` served at `url`. */
export function mediaUrlAnswer(id: string, url: string, bytes: Buffer = JPEG_BYTES, mimeType = 'image/jpeg') {
  return {
    messaging_product: 'whatsapp',
    url,
    mime_type: mimeType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    file_size: String(bytes.length),
    id,
  };
}

/** The Graph error Meta answers for a media id that is unknown, expired or not the caller's. */
export const UNKNOWN_MEDIA = {
  error: {
    message:
      "Unsupported get request. Object with ID '65463453' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
    fbtrace_id: 'AbCdEfGhIjK',
  },
};
