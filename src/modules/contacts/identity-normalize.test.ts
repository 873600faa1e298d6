import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailsInText, normalizeEmail, normalizePhone, strongKeys, weakPhone } from './identity-normalize.ts';

describe('identity normalization', () => {
  it('reads phones to E.164: international forms, national ones in the channel country, wa_id digits', () => {
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', 'gb')).toBe('+442079460958');
    expect(normalizePhone('whatsapp:+14155552671')).toBe('+14155552671');
    expect(normalizePhone('14155552671')).toBe('+14155552671'); // a WhatsApp wa_id
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    // The same national number means another person in another country.
    expect(normalizePhone('06 12 34 56 78', 'FR')).toBe('+33612345678');
  });

  it('refuses what is not a phone number', () => {
    for (const bad of [
      '',
      '   ',
      'hello',
      '+1',
      '12',
      '020 7946 0958',
      '+99912345678901234567',
      'x'.repeat(50),
    ])
      expect(normalizePhone(bad), bad).toBeNull();
    expect(normalizePhone('020 7946 0958', 'ZZ')).toBeNull(); // unknown country: national numbers unreadable
    expect(normalizePhone(undefined)).toBeNull();
  });

  it('lower-cases e-mail addresses and refuses malformed ones', () => {
    expect(normalizeEmail('  Ana.Lopez@Example.COM ')).toBe('ana.lopez@example.com');
    for (const bad of [
      'ana',
      'ana@',
      '@x.com',
      'a b@x.com',
      'ana@x',
      '<ana@x.com>',
      `${'a'.repeat(250)}@x.com`,
    ])
      expect(normalizeEmail(bad), bad).toBeNull();
  });

  it('finds e-mail addresses typed in a message', () => {
    expect(emailsInText('Write me at Ana@Example.com. Or ana@example.com!')).toEqual(['ana@example.com']);
    expect(emailsInText('no address here')).toEqual([]);
    expect(emailsInText('a@b.co c@d.co e@f.co g@h.co')).toHaveLength(3);
  });

  it('takes phones as strong keys only from platforms that vouch for them', () => {
    const sender = { handle: 'x', phoneE164: '+442079460958' };
    expect(strongKeys('whatsapp', sender).phone).toBe('+442079460958');
    expect(strongKeys('twilio', sender).phone).toBe('+442079460958');
    expect(strongKeys('telegram', sender).phone).toBe('+442079460958');
    expect(strongKeys('respondio', sender).phone).toBeNull();
    expect(weakPhone('respondio', sender)).toBe('+442079460958');
    expect(weakPhone('whatsapp', sender)).toBeNull();
    expect(strongKeys('email', { handle: 'Ana@Example.com' }).email).toBe('ana@example.com');
    expect(strongKeys('webchat', { handle: 'user:7', email: 'Ana@Example.com' }).email).toBe(
      'ana@example.com',
    );
    expect(strongKeys('instagram', { handle: '1784' })).toEqual({ phone: null, email: null });
  });

  it('is idempotent and never throws on any string (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(undefined, 'GB', 'US', 'DE', 'IN', 'xx'),
        (s, c) => {
          const p = normalizePhone(s, c);
          if (p !== null) {
            expect(p).toMatch(/^\+[1-9]\d{6,14}$/);
            expect(normalizePhone(p)).toBe(p);
          }
          const e = normalizeEmail(s);
          if (e !== null) expect(normalizeEmail(e)).toBe(e);
          for (const found of emailsInText(s)) expect(normalizeEmail(found)).toBe(found);
        },
      ),
      { seed: 20261206, numRuns: 2000 },
    );
  });
});
