type Attrs = Record<string, string>;

/** A new element `tag` with attributes `attrs` and children `kids`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...kids: (Node | string)[]
) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

/** `26.2 MB` for 26_214_400: a size as a visitor reads it. */
export const megabytes = (bytes: number) => `${Number((bytes / 1_000_000).toFixed(1))} MB`;
