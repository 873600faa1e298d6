import type { MessageMedia } from '../inbox/inbox.service.ts';

/** Extensions of the types a platform names without a file name (photos, voice notes). */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** Characters never kept in a file name besides controls: path separators, quotes and what Windows refuses. */
const UNSAFE = new Set('"*/:<>?\\|');

/** `name` with controls (C0, DEL, C1) and {@link UNSAFE} characters replaced by `_`. */
const cleaned = (name: string) =>
  [...name]
    .map((c) =>
      c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) || UNSAFE.has(c)
        ? '_'
        : c,
    )
    .join('');

/**
 * The name a file is served under (Content-Disposition): the platform's file name without path
 * parts, control characters or characters file systems refuse, at most 200 characters (the
 * extension kept); else `<content kind>-<first 8 characters of the message id>.<extension>` with the
 * extension of the sniffed or checked type (none when unknown).
 */
export function fileNameFor(ref: MessageMedia, contentType: string, sniffedExt: string | undefined): string {
  const last = ref.media.fileName?.split(/[/\\]/).pop();
  const given = last === undefined ? undefined : cleaned(last).trim().replace(/^\.+/, '');
  if (given) {
    if (given.length <= 200) return given;
    const dot = given.lastIndexOf('.');
    const ext = dot > 0 && given.length - dot <= 16 ? given.slice(dot) : '';
    return given.slice(0, 200 - ext.length) + ext;
  }
  const ext = sniffedExt ?? EXTENSIONS[contentType];
  return `${ref.contentType}-${ref.messageId.slice(0, 8)}${ext ? `.${ext}` : ''}`;
}
