import fc from 'fast-check';

/**
 * Mutations for fuzzing webhook payloads and API bodies (fast-check): the kinds of bad input that
 * once gave 500s. A mutation replaces one node of a JSON value; {@link renderJson} then turns the
 * value into the request body, expanding the markers that `JSON.stringify` cannot produce (numbers
 * beyond double range, nesting thousands of levels deep).
 */

/** Strings PostgreSQL refuses (NUL, lone surrogates) or that look like numbers. */
export const nastyStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  'end\uD83D',
  '\uDFFF\uD800',
  '\u0000\uD800\u0000',
  'NaN',
  'Infinity',
  '-1e400',
  '',
  ' ',
  '😀\u0000',
  'x'.repeat(5_000),
);

/** Numbers at and beyond the edges (the `__BIG__` markers become 1e400 and -1e400 in the body). */
export const nastyNumbers = fc.constantFrom<unknown>(
  1e308,
  -1e308,
  -1,
  0,
  -0.5,
  2 ** 53 + 2,
  1e21,
  8.64e15,
  -8.64e15,
  '__BIG__',
  '__NEG_BIG__',
);

/** Values of the wrong JSON type. */
export const typeSwaps = fc.constantFrom<unknown>([], {}, null, true, false, 0, 'str', [1, 'a'], { x: {} });

/** A marker that {@link renderJson} expands to arrays nested `n` levels deep. */
export const deepNesting = fc.integer({ min: 60, max: 4_000 }).map((n) => `__DEEP_${n}__`);

/** One mutation: replace a node by a value, or add a key with a nasty name. */
export type Mutation = { kind: 'replace'; value: unknown } | { kind: 'addKey'; key: string; value: unknown };

export const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .oneof(nastyStrings, nastyNumbers, typeSwaps, deepNesting)
    .map((value) => ({ kind: 'replace' as const, value })),
  fc
    .tuple(nastyStrings, fc.oneof(nastyStrings, deepNesting))
    .map(([key, value]) => ({ kind: 'addKey' as const, key, value })),
);

/** Every node path under `v` (root included), depth-first, as key lists. */
export function nodePaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...nodePaths(x, [...prefix, i]));
  } else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...nodePaths(x, [...prefix, k]));
  return out;
}

/**
 * Applies `m` to a deep copy of `root` at the node chosen by `pick` (modulo the node count; a
 * replacement never hits the root itself) and returns the copy.
 */
export function mutate<T>(root: T, pick: number, m: Mutation): T {
  const copy = structuredClone(root) as any;
  const paths = nodePaths(copy);
  if (m.kind === 'addKey') {
    const objects = paths.filter((p) => {
      const n = p.reduce((o: any, k) => o[k], copy);
      return n && typeof n === 'object' && !Array.isArray(n);
    });
    const target = objects[pick % objects.length]!.reduce((o: any, k) => o[k], copy);
    target[m.key] = m.value;
    return copy;
  }
  const inner = paths.slice(1);
  if (inner.length === 0) return copy;
  const path = inner[pick % inner.length]!;
  const parent = path.slice(0, -1).reduce((o: any, k) => o[k], copy);
  parent[path.at(-1)!] = m.value;
  return copy;
}

/** `JSON.stringify(v)` with the markers expanded: `"__BIG__"` → 1e400, `"__DEEP_n__"` → `n` nested arrays. */
export function renderJson(v: unknown): string {
  return JSON.stringify(v)
    .replaceAll('"__BIG__"', '1e400')
    .replaceAll('"__NEG_BIG__"', '-1e400')
    .replace(/"__DEEP_(\d+)__"/g, (_, n) => `${'['.repeat(Number(n))}1${']'.repeat(Number(n))}`);
}
