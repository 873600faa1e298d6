import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../testing/errors.ts';
import { canonicalType, checkedType, specificType, typesAgree } from './media-types.ts';

describe('media content types', () => {
  it('compares types in canonical form: lower-case, no parameters, aliases folded, generic ones as none', () => {
    expect(canonicalType('Image/JPG')).toBe('image/jpeg');
    expect(canonicalType('audio/ogg; codecs=opus')).toBe('audio/ogg');
    expect(canonicalType('audio/x-m4a')).toBe('audio/mp4');
    expect(canonicalType('not a type')).toBeUndefined();
    expect(specificType('application/octet-stream')).toBeUndefined();
    expect(specificType(undefined)).toBeUndefined();
    expect(specificType('application/pdf')).toBe('application/pdf');
  });

  it('lets sniffed containers agree with the types they hold, and text with no sniffable type', () => {
    expect(typesAgree('audio/mp4', 'video/mp4')).toBe(true);
    expect(
      typesAgree(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/zip',
      ),
    ).toBe(true);
    expect(typesAgree('application/msword', 'application/x-cfb')).toBe(true);
    expect(typesAgree('application/x-tgsticker', 'application/gzip')).toBe(true);
    expect(typesAgree('text/csv', undefined)).toBe(true);
    expect(typesAgree('image/png', undefined)).toBe(false);
    expect(typesAgree('application/pdf', 'application/zip')).toBe(false);
    expect(typesAgree('image/jpeg', 'image/png')).toBe(false);
  });

  it('keeps a file whose declared type is allowed for its kind and matches its bytes', () => {
    expect(checkedType('image', 'image/jpeg', 'image/jpeg')).toBe('image/jpeg');
    expect(checkedType('voice', 'audio/ogg; codecs=opus', 'audio/ogg; codecs=opus')).toBe('audio/ogg');
    expect(checkedType('document', 'application/pdf', 'application/pdf')).toBe('application/pdf');
    expect(checkedType('document', 'text/plain', undefined)).toBe('text/plain');
  });

  it('uses the sniffed type when none is declared, and application/octet-stream for an unknown document', () => {
    expect(checkedType('image', undefined, 'image/png')).toBe('image/png');
    expect(checkedType('image', 'application/octet-stream', 'image/webp')).toBe('image/webp');
    expect(checkedType('document', undefined, undefined)).toBe('application/octet-stream');
  });

  it('refuses a type not allowed for the kind, bytes of another type, and an image of no known type', () => {
    const notAllowed = thrownBy(() => checkedType('image', 'image/svg+xml', undefined));
    expect(notAllowed).toMatchObject({ code: 'OMNIFY_ERR_MEDIA_TYPE_REFUSED', status: 422 });
    expect(notAllowed?.details).toEqual({
      kind: 'image',
      declaredType: 'image/svg+xml',
      sniffedType: 'unknown',
    });
    // Slack's sign-in page served for a file fetched without a valid token: HTML, not the PNG it claims.
    expect(thrownBy(() => checkedType('image', 'image/png', undefined))?.code).toBe(
      'OMNIFY_ERR_MEDIA_TYPE_REFUSED',
    );
    expect(
      thrownBy(() => checkedType('document', 'application/pdf', 'application/x-msdownload'))?.message,
    ).toContain('claims to be application/pdf');
    expect(thrownBy(() => checkedType('video', undefined, 'application/pdf'))?.code).toBe(
      'OMNIFY_ERR_MEDIA_TYPE_REFUSED',
    );
    expect(thrownBy(() => checkedType('audio', undefined, undefined))?.code).toBe(
      'OMNIFY_ERR_MEDIA_TYPE_REFUSED',
    );
  });
});
