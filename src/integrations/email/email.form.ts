/**
 * Reads the fields of a form body synchronously (signature checks run before anything else and are
 * synchronous): `application/x-www-form-urlencoded` (WHATWG URLSearchParams) and
 * `multipart/form-data` (RFC 7578 over RFC 2046 §5.1.1 multipart framing). Only what the inbound
 * webhooks need: field names from `Content-Disposition: form-data; name=…` and the raw bytes of each
 * part (a file part is read like any other field). Never throws: a body it cannot read has no fields.
 */

/** Most parts read from one body. */
const MAX_PARTS = 1000;

const FORM_URLENCODED = /^application\/x-www-form-urlencoded\b/i;
const MULTIPART = /^multipart\/form-data\b/i;

/** True when `contentType` is one of the two form types. */
export function isFormContentType(contentType: string | undefined): boolean {
  return FORM_URLENCODED.test(contentType ?? '') || MULTIPART.test(contentType ?? '');
}

function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function fieldName(headerBlock: string): string | undefined {
  for (const line of headerBlock.split(/\r?\n/)) {
    if (!/^content-disposition\s*:/i.test(line)) continue;
    const m = /;\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(line);
    if (m) return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
  }
  return undefined;
}

function readMultipart(raw: Buffer, boundary: string): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let at = raw.indexOf(delimiter);
  for (let parts = 0; at >= 0 && parts < MAX_PARTS; parts++) {
    let start = at + delimiter.length;
    if (raw[start] === 0x2d && raw[start + 1] === 0x2d) break; // "--": the closing delimiter
    const lineEnd = raw.indexOf(0x0a, start);
    if (lineEnd < 0) break;
    start = lineEnd + 1;
    let next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    let bodyEndGap = 2;
    if (next < 0) {
      next = raw.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), start);
      bodyEndGap = 1;
    }
    if (next < 0) break;
    const part = raw.subarray(start, next);
    const crlf = part.indexOf('\r\n\r\n');
    const lf = part.indexOf('\n\n');
    const split = crlf >= 0 && (lf < 0 || crlf <= lf) ? { at: crlf, gap: 4 } : { at: lf, gap: 2 };
    if (split.at >= 0) {
      const name = fieldName(part.subarray(0, split.at).toString('utf8'));
      if (name !== undefined) fields.set(name, part.subarray(split.at + split.gap));
    }
    at = next + bodyEndGap;
  }
  return fields;
}

/**
 * The fields of `raw` when `contentType` is a form type (values as bytes; the last of a repeated
 * name wins), else undefined.
 */
export function readFormFields(
  raw: Buffer,
  contentType: string | undefined,
): Map<string, Buffer> | undefined {
  const type = contentType ?? '';
  if (FORM_URLENCODED.test(type)) {
    const fields = new Map<string, Buffer>();
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) fields.set(k, Buffer.from(v, 'utf8'));
    return fields;
  }
  if (MULTIPART.test(type)) {
    const boundary = boundaryOf(type);
    return boundary ? readMultipart(raw, boundary) : new Map();
  }
  return undefined;
}
