/**
 * ISO 4217 minor units ("exponent": digits after the decimal point) of every code of the current
 * currency and funds list, pinned here rather than read from the runtime's Intl/ICU data, which
 * follows CLDR (HUF, IDR, COP, PKR, IQD, LAK… get 0 there) and changes with the Node.js or browser
 * version. Imported by the server and by the web app (web/src/i18n/money.ts), so both read stored
 * minor units the same way; it imports nothing and uses no Node.js API, so the browser bundle can
 * take it as it is.
 *
 * Source: ISO 4217 Table A.1 "Current currency & funds code list" as published by the maintenance
 * agency (SIX Financial Information, list-one.xml), published 2026-01-01 — after amendments 176–179:
 * XCG (Caribbean guilder) replaced ANG, ZWG (Zimbabwe Gold) replaced ZWL, XAD (Arab Accounting Dinar)
 * added; BGN withdrawn (Bulgaria on the euro); CUC, HRK and SLL withdrawn. Codes whose minor unit the
 * list gives as "N.A." (precious metals XAU XAG XPD XPT, bond market units XBA–XBD, XDR, XSU, XUA,
 * the testing code XTS and "no currency" XXX) are not in the table: they have no minor unit.
 * Written out by hand from that list; update it with the next amendment that changes a code or an
 * exponent.
 */

/** Codes whose minor unit is not 2 (0, 3 or 4 digits). */
const NOT_TWO: Readonly<Record<string, number>> = {
  BHD: 3, // Bahraini Dinar
  BIF: 0, // Burundi Franc
  CLF: 4, // Unidad de Fomento (fund)
  CLP: 0, // Chilean Peso
  DJF: 0, // Djibouti Franc
  GNF: 0, // Guinean Franc
  IQD: 3, // Iraqi Dinar
  ISK: 0, // Iceland Krona
  JOD: 3, // Jordanian Dinar
  JPY: 0, // Yen
  KMF: 0, // Comorian Franc
  KRW: 0, // Won
  KWD: 3, // Kuwaiti Dinar
  LYD: 3, // Libyan Dinar
  OMR: 3, // Rial Omani
  PYG: 0, // Guarani
  RWF: 0, // Rwanda Franc
  TND: 3, // Tunisian Dinar
  UGX: 0, // Uganda Shilling
  UYI: 0, // Uruguay Peso en Unidades Indexadas (fund)
  UYW: 4, // Unidad Previsional
  VND: 0, // Dong
  VUV: 0, // Vatu
  XAF: 0, // CFA Franc BEAC
  XOF: 0, // CFA Franc BCEAO
  XPF: 0, // CFP Franc
};

/** Every other code of the list: minor unit 2. */
const TWO = `
  AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
  CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
  GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL
  MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR
  PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
  TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG
`;

/**
 * Alphabetic code → minor-unit digits, for the 165 codes of the current list that have a minor
 * unit (e.g. USD 2, JPY 0, KWD 3, CLF 4, HUF 2).
 */
export const ISO_4217_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(
    TWO.trim()
      .split(/\s+/)
      .map((code) => [code, 2]),
  ),
  ...NOT_TWO,
});

/**
 * Minor-unit digits of the ISO 4217 code `currency` (exact, upper case: `USD` → 2, `JPY` → 0,
 * `KWD` → 3, `CLF` → 4); null when the current list gives it none: an unknown, withdrawn or
 * lower-case code, or one without a minor unit (`XAU`, `XXX`). Callers choose their fallback.
 */
export function iso4217MinorUnits(currency: string): number | null {
  return Object.hasOwn(ISO_4217_MINOR_UNITS, currency) ? ISO_4217_MINOR_UNITS[currency] : null;
}
