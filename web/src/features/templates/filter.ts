/** How the composer's picker filters canned responses in the browser (the API's `q`, client-side). */

/** What the picker ranks and filters: a template's shortcode, title and content. */
export interface Matchable {
  shortcode: string;
  title: string | null;
  content: string;
}

/**
 * The templates matching `query` the way the API's `q` does (case-insensitive: a shortcode starting
 * with it, or a title or content containing it), shortcode matches first, each group in the given
 * order. An empty query matches all.
 */
export function filterTemplates<T extends Matchable>(list: readonly T[], query: string): T[] {
  const q = query.toLowerCase();
  if (!q) return [...list];
  const byCode = list.filter((t) => t.shortcode.startsWith(q));
  const byText = list.filter(
    (t) =>
      !t.shortcode.startsWith(q) &&
      ((t.title ?? '').toLowerCase().includes(q) || t.content.toLowerCase().includes(q)),
  );
  return [...byCode, ...byText];
}
