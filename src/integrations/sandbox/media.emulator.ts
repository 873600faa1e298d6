import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Platform } from '../contract/message.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/*
 * The sandbox's media APIs: what a sandbox channel's `downloadMedia` calls, answered with small
 * generated files so the inbox demo shows pictures and offers downloads without any platform.
 * The sandbox base URL is https://sandbox.omnify.invalid (sandbox.transport.ts).
 */

const BASE = 'https://sandbox.omnify.invalid';

/** One PNG chunk: length, type, data, CRC-32 of type and data (PNG spec, "Chunk layout"). */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A 48×48 RGB PNG: a teal square with a lighter diagonal, valid for any image decoder. */
function png(): Buffer {
  const side = 48;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const rows: number[] = [];
  for (let y = 0; y < side; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < side; x++) rows.push(...(Math.abs(x - y) < 4 ? [178, 235, 242] : [0, 137, 123]));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF saying where it comes from. */
function pdf(): Buffer {
  const text = 'BT /F1 18 Tf 40 100 Td (Omnify sandbox document) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 320 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** An Ogg page holding an Opus identification header (RFC 7845 §5.1): a voice note's first bytes. */
function ogg(): Buffer {
  const head = Buffer.from('OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00', 'latin1');
  const page = Buffer.alloc(27);
  page.write('OggS', 0, 'latin1');
  page[5] = 2; // beginning of stream
  page.writeUInt32LE(1, 14); // serial number
  page[26] = 1; // one segment
  return Buffer.concat([page, Buffer.from([head.length]), head]);
}

/** An MP4 `ftyp` box (ISO/IEC 14496-12): a video's first bytes. */
function mp4(): Buffer {
  return Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom\x00\x00\x02\x00isommp41', 'latin1'),
  ]);
}

const FILES: Record<string, { make: () => Buffer; contentType: string }> = {
  png: { make: png, contentType: 'image/png' },
  pdf: { make: pdf, contentType: 'application/pdf' },
  ogg: { make: ogg, contentType: 'audio/ogg' },
  mp4: { make: mp4, contentType: 'video/mp4' },
  txt: { make: () => Buffer.from('Omnify sandbox file\n'), contentType: 'text/plain' },
};

/** The sample extension for a media id or file name: by the kind it names, else a PNG picture. */
export function sampleExtension(name: string): string {
  const ext = /\.([a-z0-9]{2,4})$/i.exec(name)?.[1]?.toLowerCase();
  if (ext && ext in FILES) return ext;
  if (/document|pdf/i.test(name)) return 'pdf';
  if (/audio|voice|ogg/i.test(name)) return 'ogg';
  if (/video|mp4/i.test(name)) return 'mp4';
  return 'png';
}

/** The generated file for `name` (see {@link sampleExtension}), as an emulator answer. */
export function sampleFile(name: string): EmulatorResponse {
  const { make, contentType } = FILES[sampleExtension(name)]!;
  const bytes = make();
  return { status: 200, body: { file: contentType, bytes: bytes.length }, file: { bytes, contentType } };
}

const KNOWN_FILE = /\.(png|pdf|ogg|mp4|txt)$/i;
const TWILIO_MEDIA = /^\/2010-04-01\/Accounts\/[^/]+\/Messages\/[^/]+\/Media\/[^/]+$/;

/**
 * The media calls of `platform`'s download (each adapter's `downloadMedia`), or undefined for
 * anything else (the platform's own emulator answers it):
 * - WhatsApp `GET /{media-id}` → `{messaging_product, url, mime_type, sha256, file_size, id}` with a
 *   URL on the sandbox, whose `GET /whatsapp-media/{media-id}` serves the file;
 * - Telegram `POST /bot<token>/getFile` → `{ok, result: File}` with `file_path` `files/<name>`, and
 *   `GET /file/bot<token>/files/<name>` serves it;
 * - Twilio `GET …/Messages/{sid}/Media/{sid}` and any `GET` of a path ending in `.png`, `.pdf`,
 *   `.ogg`, `.mp4` or `.txt` (Slack `url_private_download`, Messenger/Instagram and Discord CDN URLs)
 *   serve a file; other extensions are not generated (the platform's emulator answers 404).
 * The file's kind follows the id or name (`document`/`.pdf` → PDF, `voice`/`.ogg` → Ogg Opus,
 * `video`/`.mp4` → MP4, `.txt` → text, else a PNG picture).
 */
export function emulateMediaDownload(platform: Platform, req: EmulatorRequest): EmulatorResponse | undefined {
  const method = req.method.toUpperCase();
  const path = req.path.split('?')[0] ?? '/';
  const last = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  if (platform === 'telegram' && method === 'POST' && /^\/bot[^/]+\/getFile$/i.test(path)) {
    const id = (req.body as { file_id?: unknown } | undefined)?.file_id;
    if (typeof id !== 'string' || id === '') {
      return {
        status: 400,
        body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
      };
    }
    const ext = sampleExtension(id);
    const size = FILES[ext]!.make().length;
    const file = {
      file_id: id,
      file_unique_id: createHash('sha1').update(id).digest('hex').slice(0, 16),
      file_size: size,
    };
    return { status: 200, body: { ok: true, result: { ...file, file_path: `files/${ext}-file.${ext}` } } };
  }
  if (method !== 'GET') return undefined;
  if (platform === 'whatsapp' && /^\/[^/]+$/.test(path) && last !== 'messages') {
    const { file } = sampleFile(last);
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        url: `${BASE}/whatsapp-media/${encodeURIComponent(last)}`,
        mime_type: file!.contentType,
        sha256: createHash('sha256').update(file!.bytes).digest('hex'),
        file_size: String(file!.bytes.length),
        id: last,
      },
    };
  }
  if (platform === 'whatsapp' && path.startsWith('/whatsapp-media/')) return sampleFile(last);
  if (platform === 'telegram' && /^\/file\/bot[^/]+\/files\/[^/]+$/.test(path)) return sampleFile(last);
  if (TWILIO_MEDIA.test(path) || KNOWN_FILE.test(last)) return sampleFile(last);
  return undefined;
}
