/**
 * How an ad fit's answer ({@link AdFit}) crosses from its worker thread to the API's: the stored
 * results' JSON texts, their subjects, and the insights to upsert and resolve (as JSON texts), each
 * list packed into UTF-8 buffers with offsets (packed-strings.ts) and transferred (moved, not
 * copied). On the API's thread the insights are parsed a slice at a time, but not their charts (92 %
 * of a fatigue run's 12 MB of insights): a chart's JSON, like a result's, is decoded only when it is
 * written to the database. Received as objects, ten thousand ads' results (about 430 MB of JSON) held
 * the API's thread for 0.5–1.2 s, and a fatigue run's insights for about 0.3 s.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { NewInsight, ResolvedInsight } from '../insights/insights.repository.ts';
import type { AdFit } from './fits.ts';
import type { ModelResult } from './model-results.ts';
import {
  type PackedStrings,
  packedCount,
  packedStringAt,
  packStrings,
  stringBuffers,
  unpackStringsSliced,
} from './packed-strings.ts';

/** A value and the buffers to transfer with it (a `transferList`). */
export interface PackedAnswer<T> {
  value: T;
  transfer: ArrayBuffer[];
}

/** An {@link AdFit} as it crosses threads: every list packed, `counts` as it is. */
export interface PackedAdFit {
  packedAdFit: true;
  subjectTypes: PackedStrings;
  subjectIds: PackedStrings;
  /**
   * The results' `JSON.stringify(result)` in order, in chunks of about {@link RESULT_CHUNK_CHARS}
   * (many moderate buffers rather than one of hundreds of MB: see {@link packAdFit}).
   */
  resultJson: PackedStrings[];
  /** Each insight's JSON without its chart. */
  insights: PackedStrings;
  /** Each insight's `JSON.stringify(chart)`, or '' when it has none. */
  charts: PackedStrings;
  /** Each resolved insight's JSON; absent when the fit resolves none (`AdFit.resolved` absent). */
  resolved?: PackedStrings;
  counts: Record<string, unknown>;
}

const isAdFit = (out: unknown): out is AdFit =>
  Array.isArray((out as AdFit | null)?.results) && Array.isArray((out as AdFit).insights);

/** JSON text per result chunk (UTF-16 units, about as many bytes): about what one database write takes. */
const RESULT_CHUNK_CHARS = 8 * 1024 * 1024;

/** The results' JSON texts packed in chunks of about {@link RESULT_CHUNK_CHARS}. */
function packResultChunks(results: readonly ModelResult[]): PackedStrings[] {
  const chunks: PackedStrings[] = [];
  let texts: string[] = [];
  let chars = 0;
  for (const r of results) {
    const text = r.resultJson ?? JSON.stringify(r.result);
    texts.push(text);
    chars += text.length;
    if (chars >= RESULT_CHUNK_CHARS) {
      chunks.push(packStrings(texts));
      texts = [];
      chars = 0;
    }
  }
  if (texts.length > 0 || chunks.length === 0) chunks.push(packStrings(texts));
  return chunks;
}

/**
 * `out` packed for the move when it is an {@link AdFit} (on the worker thread; the results are
 * encoded as JSON here); any other answer as it is, with nothing to transfer. The results' JSON goes
 * in chunks of about 8 MB rather than as one buffer of a ten-thousand-ad anomaly run's 250 MB: the
 * worker no longer holds every result's JSON text and the whole buffer at once (a chunk's texts are
 * garbage once packed), and intel-scale's peak RSS fell from 2.9–3.1 GB (six runs) to 2.2 GB.
 */
export function packAdFit(out: unknown): PackedAnswer<unknown> {
  if (!isAdFit(out)) return { value: out, transfer: [] };
  const resultJson = packResultChunks(out.results);
  const lists = {
    subjectTypes: packStrings(out.results.map((r) => r.subjectType)),
    subjectIds: packStrings(out.results.map((r) => r.subjectId)),
    insights: packStrings(out.insights.map(({ chart: _, chartJson: __, ...rest }) => JSON.stringify(rest))),
    charts: packStrings(out.insights.map((i) => i.chartJson ?? (i.chart ? JSON.stringify(i.chart) : ''))),
    ...(out.resolved ? { resolved: packStrings(out.resolved.map((r) => JSON.stringify(r))) } : {}),
  };
  const value: PackedAdFit = { packedAdFit: true, ...lists, resultJson, counts: out.counts };
  return { value, transfer: [...Object.values(lists), ...resultJson].flatMap(stringBuffers) };
}

/** JSON text parsed per slice by {@link unpackAdFit} before it lets other work of the thread run (UTF-16 units). */
const PARSE_SLICE_CHARS = 256 * 1024;

async function parseSliced<T>(p: PackedStrings): Promise<T[]> {
  const texts = await unpackStringsSliced(p);
  const out: T[] = [];
  let parsed = 0;
  for (const text of texts) {
    if (parsed >= PARSE_SLICE_CHARS) {
      await nextMacrotask();
      parsed = 0;
    }
    out.push(JSON.parse(text) as T);
    parsed += text.length;
  }
  return out;
}

/** Text i of `p`, decoded from its bytes when asked (undefined for ''). */
function lazyTexts(p: PackedStrings): (i: number) => string | undefined {
  const at = packedStringAt(p);
  return (i) => (p.offsets[i + 1] > p.offsets[i] ? at(i) : undefined);
}

/**
 * A stored result as it arrives from a worker thread: its JSON stays in the chunk's bytes until
 * `resultJson` is read (decoded on each read; nothing is kept). One class with the getter on its
 * prototype: ten thousand object literals each with its own getter closure took 20–40 ms of the
 * API's thread to build.
 */
class PackedModelResult implements ModelResult {
  readonly result = undefined;
  readonly #text: (k: number) => string | undefined;
  readonly #k: number;
  constructor(
    readonly subjectType: string,
    readonly subjectId: string,
    text: (k: number) => string | undefined,
    k: number,
  ) {
    this.#text = text;
    this.#k = k;
  }
  get resultJson(): string | undefined {
    return this.#text(this.#k);
  }
}

/** Results {@link unpackAdFit} builds before it lets other work of the thread run. */
const RESULT_SLICE = 2_000;

/**
 * The inverse of {@link packAdFit} on the receiving thread, a slice at a time: each result has
 * `result: undefined` and a `resultJson` getter that decodes its bytes when read (saveModelResults
 * reads each once, a chunk at a time, so only one chunk's strings live at once); each insight has no
 * `chart` and a `chartJson` getter of the same kind (upsertInsights stores it as it is). Other
 * answers are returned as they are.
 */
export async function unpackAdFit(out: unknown): Promise<unknown> {
  const p = out as PackedAdFit | null;
  if (!p?.packedAdFit) return out;
  const [types, ids] = [await unpackStringsSliced(p.subjectTypes), await unpackStringsSliced(p.subjectIds)];
  const results: ModelResult[] = [];
  for (const chunk of p.resultJson) {
    const text = lazyTexts(chunk);
    for (let k = 0; k < packedCount(chunk); k++) {
      const i = results.length;
      if (i > 0 && i % RESULT_SLICE === 0) await nextMacrotask();
      results.push(new PackedModelResult(types[i], ids[i], text, k));
    }
  }
  const charts = lazyTexts(p.charts);
  const insights = (await parseSliced<NewInsight>(p.insights)).map((insight, i) =>
    Object.defineProperty(insight, 'chartJson', { get: () => charts(i), enumerable: true }),
  );
  const fit: AdFit = {
    results,
    insights,
    counts: p.counts,
    ...(p.resolved ? { resolved: await parseSliced<ResolvedInsight>(p.resolved) } : {}),
  };
  return fit;
}
