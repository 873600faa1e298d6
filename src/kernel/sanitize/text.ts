/**
 * Text sanitizing at the edge. PostgreSQL rejects two things JavaScript strings may hold: the NUL
 * character (U+0000: invalid in `text`, and `\u0000` is refused in `jsonb`) and lone UTF-16
 * surrogates (U+D800–U+DFFF without their pair: `jsonb` refuses the escape, and they are not valid
 * Unicode, RFC 8259 §8.2). Either one in a single field used to fail the whole transaction (a 500).
 *
 * The rule, applied once to everything that enters (API bodies, query strings, route params and
 * webhook payloads, keys included): NUL is removed, a lone surrogate becomes U+FFFD (the
 * replacement character, as `String.prototype.toWellFormed` and UTF-8 encoders do). Well-formed
 * text, including emoji (valid surrogate pairs), is left untouched.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LONE_TEST = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NUL = String.fromCharCode(0);

/** The replacement character that stands in for a lone surrogate. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/** True when `s` holds a NUL or a lone surrogate (what {@link sanitizeText} would change). */
export function needsSanitizing(s: string): boolean {
  return s.includes(NUL) || LONE_TEST.test(s);
}

/** `s` with every NUL removed and every lone surrogate replaced by U+FFFD; `s` itself when clean. */
export function sanitizeText(s: string): string {
  let out = s.includes(NUL) ? s.replaceAll(NUL, '') : s;
  if (LONE_TEST.test(out)) out = out.replace(LONE, REPLACEMENT_CHARACTER);
  return out;
}
