import { OmnifyError } from '../errors/catalog.ts';
import { needsSanitizing, sanitizeText } from './text.ts';

/**
 * Deepest nesting accepted in an API body, query string or webhook payload (the root object or
 * array is level 1). Real payloads stay far below it (a WhatsApp message sits at level 8); deeper
 * structures only come from abuse and would exhaust the stack of `JSON.stringify` or PostgreSQL's
 * `jsonb` parser.
 */
export const MAX_JSON_DEPTH = 64;

/** What stands in for a subtree that was cut off by {@link sanitizePayload}. */
export const TRUNCATED_MARKER = `[omnify: nested deeper than ${MAX_JSON_DEPTH} levels, truncated]`;

/** Called with the JSON pointer of a value nested too deep: throws, or records and lets it be cut. */
type Visit = (path: string) => void;

/** Writes `key` as an own data property (a plain assignment to `__proto__` would set the prototype). */
function put(o: Record<string, unknown>, key: string, v: unknown): void {
  Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
}

/**
 * Walks `v` in place: sanitizes strings and object keys ({@link sanitizeText}); at nesting beyond
 * `maxDepth` calls `tooDeep` (which may throw) and returns the marker in place of the subtree.
 * Recursion never goes deeper than `maxDepth`, so the walk itself cannot overflow the stack.
 */
function walk(v: unknown, depth: number, path: string, maxDepth: number, tooDeep: Visit): unknown {
  if (typeof v === 'string') return sanitizeText(v);
  if (typeof v !== 'object' || v === null) return v;
  // Only JSON shapes are walked: Buffers (raw webhook bodies), Dates and the like are left alone.
  // Fastify's query-string objects have a prototype whose own prototype is null: walked too.
  const proto = Object.getPrototypeOf(v);
  const plain = proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
  if (!Array.isArray(v) && !plain) return v;
  if (depth > maxDepth) {
    tooDeep(path);
    return TRUNCATED_MARKER;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = walk(v[i], depth + 1, `${path}/${i}`, maxDepth, tooDeep);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const value = walk(o[key], depth + 1, `${path}/${key}`, maxDepth, tooDeep);
    if (needsSanitizing(key)) {
      delete o[key];
      put(o, sanitizeText(key), value);
    } else if (value !== o[key]) {
      put(o, key, value);
    }
  }
  return o;
}

/**
 * Sanitizes an API input (parsed JSON body, query string or params object; also a plain string
 * body such as text/csv) in place and returns it.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (400, `details.fields[0].path` = JSON pointer of the
 *   first too-deep value under `/<part>`) when nested deeper than `maxDepth` levels.
 */
export function sanitizeInput<T>(value: T, part: string, maxDepth = MAX_JSON_DEPTH): T {
  return walk(value, 1, `/${part}`, maxDepth, (path) => {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `The request nests deeper than ${maxDepth} levels.`, {
      fields: [{ path, message: `nested deeper than ${maxDepth} levels` }],
    });
  }) as T;
}

/** What {@link sanitizePayload} did. */
export interface SanitizedPayload<T> {
  value: T;
  /** JSON pointers of the subtrees replaced by {@link TRUNCATED_MARKER} (empty when none). */
  truncated: string[];
}

/**
 * Sanitizes a verified webhook payload in place: strings and keys as {@link sanitizeText}, and every
 * subtree nested deeper than `maxDepth` replaced by {@link TRUNCATED_MARKER} (never an error: the
 * rest of the delivery is still stored). Run after the signature check (it covers the raw bytes)
 * and before normalizing, so the normalized fields and the stored raw payload are both clean.
 */
export function sanitizePayload<T>(value: T, maxDepth = MAX_JSON_DEPTH): SanitizedPayload<T> {
  const truncated: string[] = [];
  const out = walk(value, 1, '', maxDepth, (path) => {
    truncated.push(path || '/');
  }) as T;
  return { value: out, truncated };
}
