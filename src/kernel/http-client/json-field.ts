/**
 * Reading values out of parsed JSON of unknown shape (a platform's or an agent's answer, a fixture)
 * without `any`: every step checks what it walks into and yields `undefined` instead of throwing.
 * Adapters use these to turn a platform's body into their own types; nothing of the platform's shape
 * leaves the adapter.
 */

/** A parsed JSON object: not null, not an array. */
export type JsonObject = Record<string, unknown>;

/** One step of a path: an object key, or an index into an array. */
export type JsonStep = string | number;

/** True when `v` is a JSON object (non-null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The value at `path` inside `json`: a string step reads a key of an object, a number step an
 * index of an array. `undefined` when a step meets anything else (null, a primitive, an array for
 * a key, an object for an index) or the key/index is absent. No path → `json` itself.
 */
export function field(json: unknown, ...path: readonly JsonStep[]): unknown {
  let v: unknown = json;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[step];
    } else {
      if (!isJsonObject(v) || !Object.hasOwn(v, step)) return undefined;
      v = v[step];
    }
  }
  return v;
}

/** `field(json, …path)` when it is a string, else `undefined`. */
export function stringField(json: unknown, ...path: readonly JsonStep[]): string | undefined {
  const v = field(json, ...path);
  return typeof v === 'string' ? v : undefined;
}

/** `field(json, …path)` when it is a finite number, else `undefined`. */
export function numberField(json: unknown, ...path: readonly JsonStep[]): number | undefined {
  const v = field(json, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `field(json, …path)` when it is a JSON object, else an empty object (read its keys as `unknown`). */
export function objectField(json: unknown, ...path: readonly JsonStep[]): JsonObject {
  const v = field(json, ...path);
  return isJsonObject(v) ? v : {};
}
