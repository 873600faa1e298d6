import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A small S3-compatible server for tests, written for Omnify (no maintained npm S3 emulator runs on
 * Node 20 without dragging in an old Koa stack): PutObject, GetObject and HeadObject on path-style
 * URLs (`/<bucket>/<key>`), each request's AWS Signature Version 4 checked from scratch (canonical
 * request, string to sign, signing key: AWS docs "Signature Version 4 signing process"), the
 * payload's `x-amz-content-sha256` checked against the bytes received, the request time against a
 * 15-minute window, errors as S3's XML bodies. Not implemented: multipart uploads, listings,
 * presigned URLs, chunked (`STREAMING-…`) payloads, virtual-hosted addressing.
 */

/** One request as received, for assertions. */
export interface S3Request {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The S3 error code answered, or undefined when it succeeded. */
  error?: string;
}

/** Options of {@link S3TestServer}. */
export interface S3ServerOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  bucket: string;
  /** The server's clock (the request time must be within 15 minutes of it); default now. */
  now?: () => Date;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** An S3-compatible server on 127.0.0.1 (see the file comment for what it implements). */
export class S3TestServer {
  readonly objects = new Map<string, Buffer>();
  readonly requests: S3Request[] = [];
  /** Status codes to answer the next requests with instead of serving them (e.g. 503), in order. */
  readonly failures: number[] = [];
  baseUrl = '';
  private server: Server | undefined;

  constructor(private readonly o: S3ServerOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => {
      if (!this.server) return r();
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://s3.invalid');
    const rec: S3Request = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers };
    this.requests.push(rec);
    const fail = (status: number, code: string) => {
      rec.error = code;
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message></Error>`;
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(rec.method === 'HEAD' ? undefined : xml);
    };
    const injected = this.failures.shift();
    if (injected !== undefined) return fail(injected, 'InternalError');
    const problem = this.checkSignature(req, url, body);
    if (problem) return fail(problem.status, problem.code);
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (bucket !== this.o.bucket) return fail(404, 'NoSuchBucket');
    if (rec.method === 'PUT') {
      this.objects.set(key, body);
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
      return void res.end();
    }
    if (rec.method !== 'GET' && rec.method !== 'HEAD') return fail(405, 'MethodNotAllowed');
    const object = this.objects.get(key);
    if (!object) return fail(404, 'NoSuchKey');
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(object.length),
    });
    res.end(rec.method === 'HEAD' ? undefined : object);
  }

  /** The S3 error of a request whose signature, payload hash or time is wrong; undefined when all hold. */
  private checkSignature(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
  ): { status: number; code: string } | undefined {
    const auth = req.headers.authorization ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return { status: 403, code: 'AccessDenied' };
    const [, keyId, day, region, signedHeaders, signature] = m as unknown as string[];
    if (keyId !== this.o.accessKeyId) return { status: 403, code: 'InvalidAccessKeyId' };
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const at = Date.parse(
      amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    const now = (this.o.now ?? (() => new Date()))().getTime();
    if (!Number.isFinite(at) || Math.abs(now - at) > 15 * 60_000 || !amzDate.startsWith(day!)) {
      return { status: 403, code: 'RequestTimeTooSkewed' };
    }
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (!payloadHash) return { status: 400, code: 'InvalidRequest' };
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) {
      return { status: 400, code: 'XAmzContentSHA256Mismatch' };
    }
    const names = signedHeaders!.split(';');
    if (!names.includes('host') || !names.includes('x-amz-date'))
      return { status: 403, code: 'AccessDenied' };
    const canonicalHeaders = names
      .map(
        (n) =>
          `${n}:${String(req.headers[n] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const query = [...url.searchParams]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)])
      .sort(([a, b], [c, d]) => (a! < c! ? -1 : a! > c! ? 1 : b! < d! ? -1 : 1))
      .map((p) => p.join('='))
      .join('&');
    const path = url.pathname
      .split('/')
      .map((s) => rfc3986(decodeURIComponent(s)))
      .join('/');
    const canonical = [req.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const key = hmac(hmac(hmac(hmac(`AWS4${this.o.secretAccessKey}`, day!), region!), 's3'), 'aws4_request');
    const expected = hmac(key, toSign);
    const given = Buffer.from(signature!, 'hex');
    if (region !== this.o.region || !timingSafeEqual(expected, given))
      return { status: 403, code: 'SignatureDoesNotMatch' };
    return undefined;
  }
}
