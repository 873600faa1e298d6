import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundEvent, InboundMessage } from '../../integrations/contract/message.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { keepCarriedFiles } from './carried-files.ts';
import { createFsMediaStore } from './store/fs-store.ts';
import type { MediaStore } from './store/media-store.ts';

const root = mkdtempSync(join(tmpdir(), 'omnify-carried-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function fileMessage(id: string, extra: Record<string, unknown> = {}): InboundMessage {
  return {
    kind: 'message',
    platformMessageId: '<m1@x>',
    dedupeKey: id,
    sender: { handle: 'a@x.example' },
    threadKey: '<m1@x>',
    sentAt: new Date('2026-03-01T10:00:00Z'),
    content: { type: 'document', media: { id, mimeType: 'application/pdf', ...extra } },
    text: '[file]',
    raw: {},
  };
}
const mediaOf = (e: InboundEvent | undefined) =>
  e?.kind === 'message' && 'media' in e.content ? e.content.media : undefined;

function deps(store: MediaStore, maxBytes = 1024) {
  const warnings: string[] = [];
  return {
    warnings,
    deps: { store: () => store, maxBytes, log: { warn: (_: object, m: string) => warnings.push(m) } },
  };
}

describe('keeping the files a delivery carried', () => {
  const store = createFsMediaStore(root);

  it('keeps the bytes under their SHA-256 and marks the reference kept; a redelivery adds nothing', async () => {
    const { deps: d } = deps(store);
    const text: InboundEvent = { ...fileMessage('x'), content: { type: 'text', text: 'hi' }, text: 'hi' };
    const events = [text, fileMessage('<m1@x>#2', { sha256: 'f'.repeat(64) })];
    const out = await keepCarriedFiles(d, events, new Map([['<m1@x>#2', PDF]]));
    expect(out[0]).toBe(text);
    expect(mediaOf(out[1])).toEqual({
      id: '<m1@x>#2',
      mimeType: 'application/pdf',
      sha256: sha(PDF),
      size: PDF.length,
      kept: true,
    });
    expect(mediaOf(events[1])?.kept).toBeUndefined();
    const object = await store.get(sha(PDF));
    expect(object?.size).toBe(PDF.length);
    object?.body.destroy();
    const before = readdirSync(root, { recursive: true }).length;
    await keepCarriedFiles(d, events, new Map([['<m1@x>#2', PDF]]));
    expect(readdirSync(root, { recursive: true }).length).toBe(before);
  });

  it('drops a kept mark the adapter set itself, and keeps nothing without bytes', async () => {
    const { deps: d } = deps(store);
    const out = await keepCarriedFiles(d, [fileMessage('a', { kept: true, sha256: sha(PDF) })], undefined);
    expect(mediaOf(out[0])).toEqual({ id: 'a', mimeType: 'application/pdf', sha256: sha(PDF) });
  });

  it('leaves a file past the limit, or one the store refuses, as a reference and says why', async () => {
    const small = deps(store, 10);
    const [big] = await keepCarriedFiles(small.deps, [fileMessage('b')], new Map([['b', PDF]]));
    expect(mediaOf(big)?.kept).toBeUndefined();
    expect(small.warnings).toEqual(['carried file larger than MEDIA_MAX_BYTES: not kept']);

    const broken: MediaStore = {
      ...store,
      put: () => Promise.reject(new OmnifyError('OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE', 'disk full')),
    };
    const failing = deps(broken);
    const staged = readdirSync(store.stagingDir).length;
    const [ref] = await keepCarriedFiles(failing.deps, [fileMessage('c')], new Map([['c', PDF]]));
    expect(mediaOf(ref)).toEqual({ id: 'c', mimeType: 'application/pdf' });
    expect(failing.warnings).toEqual(['carried file could not be kept in the media store']);
    expect(readdirSync(store.stagingDir).length).toBe(staged);
  });
});
