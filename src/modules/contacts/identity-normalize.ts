import {
  type CountryCode,
  findPhoneNumbersInText,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';
import type { InboundSender } from '../../integrations/contract/message.ts';

/**
 * Platforms whose sender phone is the platform's own proof of the number (the strong key of
 * automatic linking): WhatsApp's `wa_id`, Twilio's `From` (SMS or WhatsApp), Telegram's contact
 * a user shares of themselves. Other platforms' phones (Respond.io's contact fields) are weak signals.
 */
const PHONE_VOUCHED: ReadonlySet<string> = new Set(['whatsapp', 'twilio', 'telegram']);

/**
 * A phone number in E.164 (`+` and 8–15 digits), or null when it is not a valid number.
 * National numbers are read in `defaultCountry` (ISO 3166-1 alpha-2, a channel's setting);
 * international ones (`+…`, `00…`) need none; `wa_id`-style digits without `+` are read as
 * international when no country is given. Accepted when libphonenumber-js (Google's libphonenumber
 * metadata) finds the length possible for the country: stricter range checks would refuse numbers
 * of ranges newer than the bundled metadata, and a refused number only means no automatic link.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry?: string): string | null {
  if (!raw) return null;
  let text = raw
    .trim()
    .replace(/^whatsapp:/i, '')
    .replace(/^tel:/i, '');
  if (text.length === 0 || text.length > 40) return null;
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  const country =
    defaultCountry && isSupportedCountry(defaultCountry.toUpperCase())
      ? (defaultCountry.toUpperCase() as CountryCode)
      : undefined;
  if (!text.startsWith('+') && !country && /^[1-9]\d{6,14}$/.test(text)) text = `+${text}`;
  const parsed = parsePhoneNumberFromString(text, country);
  return parsed?.isPossible() ? parsed.number : null;
}

/**
 * An e-mail address trimmed and lower-cased (the whole address: mailbox providers treat local
 * parts case-insensitively in practice, RFC 5321 §2.4 notwithstanding), or null when it is not
 * `local@domain.tld` with no spaces (at most 254 characters, RFC 5321 §4.5.3.1.3).
 */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.trim().toLowerCase();
  if (text.length > 254) return null;
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/.test(text) ? text : null;
}

/** The keys of automatic linking an identity carries: vouched phone (E.164) and e-mail (lower-cased). */
export interface StrongKeys {
  phone: string | null;
  email: string | null;
}

/**
 * The strong keys of a sender on `platform`: its phone when the platform vouches for phones
 * ({@link PHONE_VOUCHED}), read in `defaultCountry`; its `email` (set by adapters only when vouched;
 * the e-mail channel's handle is its address). Platform ids are never keys: they are the identity.
 */
export function strongKeys(platform: string, sender: InboundSender, defaultCountry?: string): StrongKeys {
  const phone = PHONE_VOUCHED.has(platform) ? normalizePhone(sender.phoneE164, defaultCountry) : null;
  const email = normalizeEmail(sender.email ?? (platform === 'email' ? sender.handle : undefined));
  return { phone, email };
}

/** A weaker phone (not vouched by its platform): a suggestion's signal, never a link. */
export function weakPhone(platform: string, sender: InboundSender, defaultCountry?: string): string | null {
  return PHONE_VOUCHED.has(platform) ? null : normalizePhone(sender.phoneE164, defaultCountry);
}

/** E-mail addresses typed in a message's text (normalized, distinct, at most 3). */
export function emailsInText(text: string | null | undefined): string[] {
  if (!text?.includes('@')) return [];
  const found = new Set<string>();
  for (const m of text.matchAll(/[^\s@<>()[\]\\,;:"']+@[^\s@<>()[\]\\,;:"']+\.[A-Za-z]{2,}/g)) {
    const e = normalizeEmail(m[0].replace(/[.]+$/, ''));
    if (e) found.add(e);
    if (found.size >= 3) break;
  }
  return [...found];
}

/** E-mail addresses and phone numbers (E.164) a sender typed in a message. */
export interface TypedSignals {
  emails: string[];
  phones: string[];
}

/**
 * The e-mail addresses ({@link emailsInText}) and phone numbers a message's text names, phones found
 * by libphonenumber-js's `findPhoneNumbersInText` (national ones read in `defaultCountry`), possible
 * ones only, distinct, at most 3 of each, from the first 2,000 characters.
 */
export function typedSignals(text: string, defaultCountry?: string): TypedSignals {
  const head = text.slice(0, 2000);
  const country =
    defaultCountry && isSupportedCountry(defaultCountry.toUpperCase())
      ? (defaultCountry.toUpperCase() as CountryCode)
      : undefined;
  const phones = new Set<string>();
  // `leniency: 'POSSIBLE'` (libphonenumber's Leniency.POSSIBLE; the typings omit the option): the
  // same acceptance as normalizePhone, so a number that would link is also found when typed.
  const options = { defaultCountry: country, leniency: 'POSSIBLE' } as Parameters<
    typeof findPhoneNumbersInText
  >[1];
  for (const found of findPhoneNumbersInText(head, options)) {
    if (found.number.isPossible()) phones.add(found.number.number);
    if (phones.size >= 3) break;
  }
  return { emails: emailsInText(head), phones: [...phones] };
}
