/**
 * The `/shortcode` trigger of the composer's canned-response picker, as pure functions over the
 * text and the caret (UTF-16 offsets, as `textarea.selectionStart`).
 */

/** A `/word` being typed: `start` is the offset of the `/`, `query` what follows it up to the caret. */
export interface SlashTrigger {
  start: number;
  query: string;
}

/** `/` at the start of the text or after whitespace, then shortcode characters up to the caret. */
const TRIGGER = /(?:^|\s)\/([A-Za-z0-9_-]{0,40})$/;

/**
 * The trigger the caret is in, or null: the text before the caret must end with `/` plus up to 40
 * shortcode characters (letters, digits, `_`, `-`), the `/` opening the text or following
 * whitespace — so `https://x` or `and/or` open nothing. `caret` null or out of range means none.
 */
export function findSlashTrigger(text: string, caret: number | null): SlashTrigger | null {
  if (caret === null || caret < 1 || caret > text.length) return null;
  const m = TRIGGER.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[1]!.length - 1, query: m[1]! };
}

/**
 * `text` with the trigger's `/word` (from its `/` to `caret`) replaced by `insert`, and the caret
 * right after the inserted text.
 */
export function replaceTrigger(
  text: string,
  trigger: SlashTrigger,
  caret: number,
  insert: string,
): { text: string; caret: number } {
  return {
    text: text.slice(0, trigger.start) + insert + text.slice(caret),
    caret: trigger.start + insert.length,
  };
}
