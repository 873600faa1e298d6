import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../testing/errors.ts';
import { checkUpload } from './upload-types.ts';

describe('what a visitor may attach', () => {
  it('takes images and common documents whose bytes agree with their declared type', () => {
    expect(checkUpload('image/png', 'image/png')).toEqual({ kind: 'image', type: 'image/png' });
    expect(checkUpload('image/jpg', 'image/jpeg')).toEqual({ kind: 'image', type: 'image/jpeg' });
    expect(checkUpload(undefined, 'image/webp')).toEqual({ kind: 'image', type: 'image/webp' });
    expect(checkUpload('application/octet-stream', 'application/pdf')).toEqual({
      kind: 'document',
      type: 'application/pdf',
    });
    expect(checkUpload('text/plain; charset=utf-8', undefined)).toEqual({
      kind: 'document',
      type: 'text/plain',
    });
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(checkUpload(docx, 'application/zip')).toEqual({ kind: 'document', type: docx });
    expect(checkUpload('application/msword', 'application/x-cfb').type).toBe('application/msword');
  });

  it('refuses SVG, programs, archives, HTML and bytes that are not what they claim', () => {
    for (const [declared, sniffed] of [
      ['image/svg+xml', undefined],
      ['application/x-msdownload', 'application/x-msdownload'],
      [undefined, 'application/x-msdownload'],
      ['application/zip', 'application/zip'],
      ['text/html', undefined],
      ['image/png', 'application/pdf'],
      ['application/pdf', 'application/x-msdownload'],
      [undefined, undefined],
    ] as const) {
      const e = thrownBy(() => checkUpload(declared, sniffed));
      expect(e, `${declared} / ${sniffed}`).toMatchObject({
        code: 'OMNIFY_ERR_MEDIA_TYPE_REFUSED',
        status: 422,
      });
    }
  });
});
