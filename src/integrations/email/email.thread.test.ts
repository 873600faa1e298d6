import { describe, expect, it } from 'vitest';
import { readFormFields } from './email.form.ts';
import { newText } from './email.quote.ts';
import {
  baseSubject,
  isOurMessageId,
  ourMessageId,
  parseIdList,
  replyReferences,
  replySubject,
  threadKeyInOurId,
  threadKeyOf,
} from './email.thread.ts';

describe('message ids and threads (RFC 5322 §3.6.4)', () => {
  it('reads id lists: brackets, bare ids, folding, repeats, junk', () => {
    expect(parseIdList('<a@x> <b@y>\r\n <a@x>')).toEqual(['<a@x>', '<b@y>']);
    expect(parseIdList(['<a@x>', 'b@y'])).toEqual(['<a@x>', '<b@y>']);
    expect(parseIdList('no id here')).toEqual([]);
    expect(parseIdList(undefined)).toEqual([]);
    expect(parseIdList(`<${'x'.repeat(1000)}@y>`)).toEqual([]);
  });

  it('the thread key is the References root, else In-Reply-To, else the own id', () => {
    expect(threadKeyOf({ messageId: '<m@x>', inReplyTo: '<p@x>', references: ['<r@x>', '<p@x>'] })).toBe(
      '<r@x>',
    );
    expect(threadKeyOf({ messageId: '<m@x>', inReplyTo: '<p@x>', references: [] })).toBe('<p@x>');
    expect(threadKeyOf({ messageId: '<m@x>', references: [] })).toBe('<m@x>');
    expect(threadKeyOf({ references: [] })).toBeUndefined();
  });

  it('our ids carry the thread key they answer, which wins over a trimmed References root', () => {
    const ours = ourMessageId(
      '<root@customer.example>',
      '6d1c4a3e-0000-4000-8000-000000000001',
      'Support@Acme.example',
    );
    expect(ours).toMatch(/^<omnify\.[A-Za-z0-9_-]+\.6d1c4a3e-0000-4000-8000-000000000001@Acme\.example>$/);
    expect(isOurMessageId(ours)).toBe(true);
    expect(isOurMessageId('<root@customer.example>')).toBe(false);
    expect(threadKeyInOurId(ours)).toBe('<root@customer.example>');
    expect(threadKeyOf({ messageId: '<m@x>', inReplyTo: ours, references: ['<other@x>', ours] })).toBe(
      '<root@customer.example>',
    );
    // A conversation keyed by an address (opened by Omnify) is found again too.
    expect(threadKeyInOurId(ourMessageId('mary@customer.example', 'm-1', 'a@b'))).toBe(
      'mary@customer.example',
    );
    // Too long a key is not embedded; a forged payload that is no id is ignored.
    expect(threadKeyInOurId(ourMessageId(`<${'k'.repeat(400)}@x>`, 'm', 'a@b'))).toBeUndefined();
    expect(
      threadKeyInOurId(`<omnify.${Buffer.from('not an id').toString('base64url')}.m@b>`),
    ).toBeUndefined();
  });

  it('subjects: Re: once, over reply and forward prefixes in several languages', () => {
    expect(baseSubject('Re: RE: Aw: Fwd: Order 7')).toBe('Order 7');
    expect(baseSubject('SV: Re[2]: Tilaus')).toBe('Tilaus');
    expect(replySubject('Re: Order 7')).toBe('Re: Order 7');
    expect(replySubject('Order\r\n 7')).toBe('Re: Order 7');
    expect(replySubject(undefined)).toBe('Re:');
  });

  it('References of a reply: the thread then the parent, trimmed to the root and the newest', () => {
    expect(replyReferences(['<a@x>', '<b@x>'], '<b@x>')).toEqual(['<a@x>', '<b@x>']);
    const long = Array.from({ length: 30 }, (_, i) => `<r${i}@x>`);
    const refs = replyReferences(long, '<p@x>');
    expect(refs).toHaveLength(20);
    expect([refs[0], refs[1], refs.at(-1)]).toEqual(['<r0@x>', '<r12@x>', '<p@x>']);
  });
});

describe('new text without quoted history', () => {
  it('removes "On … wrote:" quotes, Outlook headers and signatures; keeps a message that is all quote', () => {
    expect(
      newText(
        'Sure, Tuesday works.\r\n\r\nOn Mon, 2 Mar 2026 at 10:00, Acme <s@a.example> wrote:\r\n> When?',
      ),
    ).toBe('Sure, Tuesday works.');
    expect(newText('Oui.\n\nLe lun. 2 mars 2026 à 10:00, Acme <s@a.example> a écrit :\n> Quand ?')).toBe(
      'Oui.',
    );
    expect(newText('Done\n\n-----Original Message-----\nFrom: Acme\nSent: Monday\n\nHi')).toBe('Done');
    expect(newText('Thanks\n\n-- \nMary\n+1 555 0100')).toBe('Thanks');
    expect(newText('> only a quote')).toBe('> only a quote');
    expect(newText('   ')).toBe('');
  });
});

describe('form bodies (the inbound webhook reads them synchronously)', () => {
  it('reads urlencoded and multipart fields, quoted names, files as fields, LF-only framing', () => {
    expect(
      readFormFields(Buffer.from('a=1&b=%F0%9F%98%80'), 'application/x-www-form-urlencoded')
        ?.get('b')
        ?.toString(),
    ).toBe('😀');
    const crlf = [
      'preamble',
      '--XyZ',
      'Content-Disposition: form-data; name="token"',
      '',
      'abc',
      '--XyZ',
      'Content-Disposition: form-data; name="body-mime"; filename="m.eml"',
      'Content-Type: message/rfc822',
      '',
      'From: a@b\r\n\r\nbody with --XyZ inside a line',
      '--XyZ--',
      'epilogue',
    ].join('\r\n');
    const f = readFormFields(Buffer.from(crlf), 'multipart/form-data; boundary="XyZ"')!;
    expect(f.get('token')?.toString()).toBe('abc');
    expect(f.get('body-mime')?.toString()).toBe('From: a@b\r\n\r\nbody with --XyZ inside a line');
    const lf = '--q\nContent-Disposition: form-data; name=x\n\n1\n--q--\n';
    expect(readFormFields(Buffer.from(lf), 'multipart/form-data; boundary=q')?.get('x')?.toString()).toBe(
      '1',
    );
  });

  it('has no fields for other types, a missing boundary, or an unterminated body', () => {
    expect(readFormFields(Buffer.from('x'), 'message/rfc822')).toBeUndefined();
    expect(readFormFields(Buffer.from('x'), 'multipart/form-data')?.size).toBe(0);
    const open = '--q\r\nContent-Disposition: form-data; name="x"\r\n\r\nno end';
    expect(readFormFields(Buffer.from(open), 'multipart/form-data; boundary=q')?.size).toBe(0);
  });
});
