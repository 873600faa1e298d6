import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { MediaContentType } from '../inbox/inbox.service.ts';

/*
 * Which file types a message of each content kind may hold, and whether a file's bytes are what its
 * declared type says (docs/media.md, "Content types"). Types are compared in a canonical form:
 * lower-case, without parameters, common aliases folded (`image/jpg` → `image/jpeg`).
 */

const IMAGES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/bmp',
  'image/tiff',
];
const AUDIO = [
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/amr',
  'audio/wav',
  'audio/webm',
  'audio/flac',
  'audio/3gpp',
];
const VIDEO = [
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/3gpp',
  'video/3gpp2',
  'video/matroska',
  'video/mpeg',
  'video/ogg',
];

/** The types allowed per content kind; `document` takes any type (it is only ever served as a download). */
export const ALLOWED_TYPES: Record<Exclude<MediaContentType, 'document'>, ReadonlySet<string>> = {
  image: new Set(IMAGES),
  sticker: new Set(['image/webp', 'image/png', 'image/gif', 'video/webm', 'application/x-tgsticker']),
  animation: new Set(['image/gif', 'video/mp4', 'video/webm']),
  audio: new Set(AUDIO),
  voice: new Set(AUDIO),
  video: new Set(VIDEO),
};

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heif',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/opus': 'audio/ogg',
  'application/ogg': 'audio/ogg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-aac': 'audio/aac',
  'audio/aacp': 'audio/aac',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-flac': 'audio/flac',
  'video/x-m4v': 'video/mp4',
  'video/x-matroska': 'video/matroska',
  'application/x-zip-compressed': 'application/zip',
  'application/x-gzip': 'application/gzip',
};

/**
 * Containers that hold several declared types: bytes sniffed as the container agree with any type in
 * its group (an `.m4a` sniffs as MP4, a `.docx` as ZIP, a Telegram `.tgs` sticker as gzip).
 */
const CONTAINERS: Array<{ sniffed: ReadonlySet<string>; declared: (t: string) => boolean }> = [
  {
    sniffed: new Set(['video/mp4', 'audio/mp4', 'video/quicktime', 'video/3gpp', 'video/3gpp2']),
    declared: (t) =>
      ['video/mp4', 'audio/mp4', 'video/quicktime', 'video/3gpp', 'video/3gpp2', 'audio/3gpp'].includes(t),
  },
  { sniffed: new Set(['audio/ogg', 'video/ogg']), declared: (t) => ['audio/ogg', 'video/ogg'].includes(t) },
  {
    sniffed: new Set(['video/webm', 'video/matroska']),
    declared: (t) => ['video/webm', 'audio/webm', 'video/matroska'].includes(t),
  },
  {
    sniffed: new Set(['application/zip']),
    declared: (t) =>
      t.endsWith('+zip') ||
      t.startsWith('application/vnd.openxmlformats-officedocument.') ||
      t.startsWith('application/vnd.oasis.opendocument.') ||
      [
        'application/java-archive',
        'application/vnd.android.package-archive',
        'application/vnd.ms-xpsdocument',
      ].includes(t),
  },
  {
    sniffed: new Set(['application/x-cfb']),
    declared: (t) =>
      [
        'application/msword',
        'application/vnd.ms-excel',
        'application/vnd.ms-powerpoint',
        'application/vnd.ms-outlook',
        'application/x-msi',
      ].includes(t),
  },
  { sniffed: new Set(['application/gzip']), declared: (t) => t === 'application/x-tgsticker' },
];

/** Declared types with no magic number to sniff: bytes of no known type do not contradict them. */
const unsniffable = (t: string) =>
  t.startsWith('text/') ||
  /^application\/([\w.+-]+\+)?(json|xml|yaml|x-yaml|x-ndjson|javascript|x-subrip|rtf|csv|x-tgsticker)$/.test(
    t,
  ) ||
  t === 'image/svg+xml';

/** `type` in canonical form (lower-case, no parameters, aliases folded), or undefined when it is no `type/subtype`. */
export function canonicalType(type: string | undefined): string | undefined {
  const bare = type?.split(';')[0]?.trim().toLowerCase();
  if (!bare || !/^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(bare)) return undefined;
  return ALIASES[bare] ?? bare;
}

/** A declared type that says something (not absent, malformed or a generic `application/octet-stream`). */
export function specificType(type: string | undefined): string | undefined {
  const t = canonicalType(type);
  return t === undefined || t === 'application/octet-stream' || t === 'binary/octet-stream' ? undefined : t;
}

/** True when bytes sniffed as `sniffed` (undefined: no known type) may be a file of `declared` type. */
export function typesAgree(declared: string, sniffed: string | undefined): boolean {
  if (sniffed === undefined) return unsniffable(declared);
  if (sniffed === declared) return true;
  return CONTAINERS.some((c) => c.sniffed.has(sniffed) && c.declared(declared));
}

const refused = (message: string, details: Record<string, string>) =>
  new OmnifyError('OMNIFY_ERR_MEDIA_TYPE_REFUSED', message, details);

/**
 * The type a file is kept and served as, after the checks: the declared type (the reference's
 * `mimeType`, else the file server's `Content-Type`; generic types count as none) must be allowed for
 * the message's content kind, and the sniffed type of the bytes must agree with it. Without a
 * declared type the sniffed one is used; a document of no known type is `application/octet-stream`.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_TYPE_REFUSED` (details `declaredType`, `sniffedType`, `kind`).
 */
export function checkedType(
  kind: MediaContentType,
  declaredRaw: string | undefined,
  sniffedRaw: string | undefined,
): string {
  const declared = specificType(declaredRaw);
  const sniffed = canonicalType(sniffedRaw);
  const details = { kind, declaredType: declared ?? 'none', sniffedType: sniffed ?? 'unknown' };
  const allowed = kind === 'document' ? undefined : ALLOWED_TYPES[kind];
  const type = declared ?? sniffed;
  if (type === undefined) {
    if (!allowed) return 'application/octet-stream';
    throw refused(`A ${kind} file of no known type is not kept.`, details);
  }
  if (allowed && !allowed.has(type)) {
    throw refused(`A ${kind} message may not hold a file of type ${type}.`, details);
  }
  if (declared && !typesAgree(declared, sniffed)) {
    throw refused(
      `The file claims to be ${declared} but its bytes are ${sniffed ?? 'of no known type'}.`,
      details,
    );
  }
  return type;
}
