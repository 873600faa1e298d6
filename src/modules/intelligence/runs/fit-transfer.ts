/**
 * How a fit's stored results cross from its worker thread to the API's: all their JSON texts as one
 * UTF-8 byte buffer with offsets, transferred (moved, not copied), and read back one result at a time
 * when it is written to the database. Received as strings, the results of a run over ten thousand
 * ads (about 430 MB of JSON) held the API's thread for 0.5–1.2 s while they were rebuilt there; as
 * one transferred buffer, for about 10–30 ms.
 */
import type { ModelResult } from './model-results.ts';

/** The JSON texts of `count` results: result i is `bytes[offsets[i] .. offsets[i + 1])`, UTF-8. */
export interface PackedResults {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

/** A fit's answer with its results' JSON texts packed: `results` keep everything but `resultJson`. */
export interface PackedAnswer<T> {
  value: T;
  /** The buffers to transfer (a `transferList`). */
  transfer: ArrayBuffer[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Packs `out.results[i].resultJson` (when `out` has such results) into one {@link PackedResults} under
 * `out.packedResults`, leaving each result without its text. Other answers are returned as they are,
 * with nothing to transfer.
 */
export function packResults<T>(out: T): PackedAnswer<T> {
  const results = (out as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || !results.every((r) => typeof r?.resultJson === 'string'))
    return { value: out, transfer: [] };
  const parts = (results as ModelResult[]).map((r) => encoder.encode(r.resultJson!));
  const offsets = new Uint32Array(parts.length + 1);
  let total = 0;
  parts.forEach((p, i) => {
    offsets[i] = total;
    total += p.length;
  });
  offsets[parts.length] = total;
  const bytes = new Uint8Array(total);
  parts.forEach((p, i) => {
    bytes.set(p, offsets[i]);
  });
  const value = {
    ...(out as object),
    results: (results as ModelResult[]).map(({ resultJson: _, ...rest }) => rest),
    packedResults: { bytes, offsets } satisfies PackedResults,
  } as T;
  return { value, transfer: [bytes.buffer as ArrayBuffer, offsets.buffer as ArrayBuffer] };
}

/**
 * The inverse of {@link packResults} on the receiving thread: each result gets its `resultJson` back
 * as a getter that decodes its bytes when read (saveModelResults reads each once, a chunk at a time;
 * the text is not kept, so only one chunk's strings live at once), and `packedResults` is removed.
 * Answers without packed results are returned as they are.
 */
export function unpackResults<T>(out: T): T {
  const o = out as { results?: ModelResult[]; packedResults?: PackedResults } | null;
  if (!o?.packedResults || !Array.isArray(o.results)) return out;
  const { bytes, offsets } = o.packedResults;
  const results = o.results.map(
    (r, i) =>
      Object.defineProperty({ ...r }, 'resultJson', {
        enumerable: true,
        get: () => decoder.decode(bytes.subarray(offsets[i], offsets[i + 1])),
      }) as ModelResult,
  );
  const { packedResults: _, ...rest } = o;
  return { ...rest, results } as T;
}
