/**
 * Fictional contact details for demo customers: names combined from short built-in lists of common
 * given names and surnames, e-mail addresses on `example.com` (reserved for documentation by RFC 2606
 * §3) and North American numbers in the 555-0100 … 555-0199 block that NANPA reserves for fictional
 * use, written in E.164 (ITU-T Recommendation E.164: `+1` + 10 digits).
 */

const FIRST_NAMES: readonly string[] = (
  'Ada Ben Carla Dev Elena Farid Grace Hiro Ines Jonas Kemi Luca Maya Nikhil Olga Pablo Quinn ' +
  'Rosa Sami Tara Umar Vera Wei Ximena Yusuf Zoe Amir Bianca Chen Dara'
).split(' ');

const LAST_NAMES: readonly string[] = (
  'Abbott Baker Castro Dubois Eriksen Fischer Garcia Hughes Ibrahim Jensen Kowalski Lopez ' +
  'Moreau Nakamura Okafor Patel Quintero Rossi Schmidt Tanaka Umeh Varga Walsh Xu Yilmaz ' +
  'Zimmer Andersen Brooks Costa Diaz'
).split(' ');

/** Real US/Canada area codes; each contributes the 100 fictional lines 555-0100 … 555-0199. */
const AREA_CODES: readonly string[] = (
  '201 202 206 212 213 214 267 301 303 305 310 312 347 404 408 415 469 503 510 512 ' +
  '602 612 617 646 702 713 718 720 801 919'
).split(' ');

/** How many distinct fictional phone numbers exist ({@link AREA_CODES} × 100). */
export const FICTIONAL_PHONE_CAPACITY = AREA_CODES.length * 100;

/** A demo customer's contact card. */
export interface DemoContact {
  customerId: string;
  firstName: string;
  lastName: string;
  /** `firstName lastName`. */
  name: string;
  /** Unique per index: `first.last.<index+1>@example.com`, lower case ASCII. */
  email: string;
  /** E.164 fictional number `+1AAA55501NN`, unique per index; null past {@link FICTIONAL_PHONE_CAPACITY}. */
  phoneE164: string | null;
}

/**
 * The contact for customer `index` (integer ≥ 0) with id `customerId`. Deterministic: names are
 * picked by `pick(list length)` (a seeded uniform draw from the caller), e-mail and phone from the
 * index so they never collide. Throws `RangeError` for a negative or non-integer index.
 */
export function demoContact(index: number, customerId: string, pick: (size: number) => number): DemoContact {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`contact index must be ≥ 0, got ${index}`);
  const firstName = FIRST_NAMES[pick(FIRST_NAMES.length)];
  const lastName = LAST_NAMES[pick(LAST_NAMES.length)];
  const email = `${firstName}.${lastName}.${index + 1}@example.com`.toLowerCase();
  const phoneE164 =
    index < FICTIONAL_PHONE_CAPACITY
      ? `+1${AREA_CODES[Math.floor(index / 100)]}55501${String(index % 100).padStart(2, '0')}`
      : null;
  return { customerId, firstName, lastName, name: `${firstName} ${lastName}`, email, phoneE164 };
}
