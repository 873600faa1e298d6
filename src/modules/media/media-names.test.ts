import { describe, expect, it } from 'vitest';
import type { MessageMedia } from '../inbox/inbox.service.ts';
import { fileNameFor } from './media-names.ts';

const ref = (fileName?: string, contentType: MessageMedia['contentType'] = 'document'): MessageMedia => ({
  messageId: '7f3c2a10-0000-4000-8000-000000000000',
  channelId: 'c',
  contentType,
  media: { id: 'm', ...(fileName === undefined ? {} : { fileName }) },
});

describe('served file names', () => {
  it('keeps the platform’s name without path parts, controls or characters file systems refuse', () => {
    expect(fileNameFor(ref('../../etc/big "terms".pdf'), 'application/pdf', 'pdf')).toBe('big _terms_.pdf');
    expect(fileNameFor(ref('C:\\Users\\me\\photo.jpg'), 'image/jpeg', 'jpg')).toBe('photo.jpg');
    expect(fileNameFor(ref('a\u0000b\u0085c\r\n.txt'), 'text/plain', undefined)).toBe('a_b_c__.txt');
    expect(fileNameFor(ref('...hidden'), 'text/plain', undefined)).toBe('hidden');
    expect(fileNameFor(ref('Ünïcødé 報告.pdf'), 'application/pdf', 'pdf')).toBe('Ünïcødé 報告.pdf');
  });

  it('cuts a long name to 200 characters keeping its extension', () => {
    const name = fileNameFor(ref(`${'x'.repeat(300)}.docx`), 'application/zip', 'zip');
    expect(name).toHaveLength(200);
    expect(name.endsWith('.docx')).toBe(true);
  });

  it('names a file the platform left unnamed by its kind, message and type', () => {
    expect(fileNameFor(ref(undefined, 'image'), 'image/jpeg', 'jpg')).toBe('image-7f3c2a10.jpg');
    expect(fileNameFor(ref(undefined, 'voice'), 'audio/ogg', undefined)).toBe('voice-7f3c2a10.ogg');
    expect(fileNameFor(ref('', 'document'), 'application/x-unknown', undefined)).toBe('document-7f3c2a10');
  });
});
