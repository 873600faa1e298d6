import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { canonicalType, checkedType, specificType } from '../media/media-types.ts';

/*
 * What a visitor may attach in the web chat (docs/channels/webchat.md, "Files"): images of the
 * types the media module keeps for images (JPEG, PNG, GIF, WebP, HEIC/HEIF, AVIF, BMP, TIFF; never
 * SVG), and common documents. The media module's checks decide whether the bytes are what the
 * declared type says; this list narrows its `document` kind (which takes any type) to documents a
 * support team expects.
 */

/** Document types a visitor may send: PDF, plain text and CSV, Microsoft Office and OpenDocument files, RTF. */
export const UPLOAD_DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/rtf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);

/** A checked upload: shown inline (`image`) or offered as a download (`document`), and its type. */
export interface CheckedUpload {
  kind: 'image' | 'document';
  type: string;
}

/**
 * Checks a visitor's file: `declaredRaw` is the upload's `Content-Type` (generic
 * `application/octet-stream` counts as none), `sniffedRaw` the type its bytes look like (the media
 * module's staging sniffs it). An image type (declared, else sniffed) makes an `image`, anything
 * else a `document`; the media module's {@link checkedType} then checks the type is allowed for that
 * kind and agrees with the bytes, and a document must be one of {@link UPLOAD_DOCUMENT_TYPES}.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_TYPE_REFUSED` (422; details `kind`, `declaredType`,
 *   `sniffedType`) for an SVG, a type not on the list, or bytes of another type than declared.
 */
export function checkUpload(declaredRaw: string | undefined, sniffedRaw: string | undefined): CheckedUpload {
  const declared = specificType(declaredRaw);
  const guess = declared ?? canonicalType(sniffedRaw);
  const kind = guess?.startsWith('image/') ? 'image' : 'document';
  const type = checkedType(kind, declared, sniffedRaw);
  if (kind === 'document' && !UPLOAD_DOCUMENT_TYPES.has(type)) {
    throw new OmnifyError(
      'OMNIFY_ERR_MEDIA_TYPE_REFUSED',
      `Files of type ${type} cannot be sent in the web chat: send an image, a PDF or an office document.`,
      { kind, declaredType: declared ?? 'none', sniffedType: canonicalType(sniffedRaw) ?? 'unknown' },
    );
  }
  return { kind, type };
}
