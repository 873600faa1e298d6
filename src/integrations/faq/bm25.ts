/**
 * Okapi BM25 ranking and the tokenizer the FAQ agent uses. No network, no dependencies.
 *
 * Source: S. Robertson & H. Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
 * Foundations and Trends in Information Retrieval 3(4), 2009, §3.4 (eq. 3.15 ff.). For a query Q and
 * a document D:
 *
 *   score(Q, D) = Σ_{q ∈ Q} IDF(q) · f(q,D)·(k1 + 1) / (f(q,D) + k1·(1 − b + b·|D|/avgdl))
 *
 * f(q,D) is the frequency of q in D, |D| the length of D in tokens, avgdl the mean length over the
 * collection. Query terms are counted once (query-frequency saturation k3 = 0). IDF uses the
 * "+1" form of the Robertson/Spärck Jones weight, IDF(q) = ln(1 + (N − n(q) + 0.5)/(n(q) + 0.5)),
 * with N documents and n(q) containing q: it stays positive when a term is in more than half of a small
 * collection (the plain form goes negative there).
 */

/** Standard BM25 parameters (Robertson & Zaragoza 2009, §3.4.1: k1 ∈ [1.2, 2], b = 0.75). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** A small English stop-word list, plus chat greetings and fillers that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of at by for with about to from in on into onto off over under up down out ' +
    'is are was were be been being am do does did doing have has had having will would shall should can could ' +
    'may might must i me my mine myself we us our ours you your yours he him his she her hers it its they them ' +
    'their theirs this that these those there here what which who whom whose when where why how ' +
    'not no nor only own same too very just also than as s t d ll m re ve any some all each both more most ' +
    'other such again once let lets get got please pls thanks thank thx hi hello hey hiya dear ok okay yes ' +
    'tell know want like need wondering wonder something anything thing things stuff take make go going'
  ).split(' '),
);

/**
 * Light English suffix stripping, applied only to ASCII words (other scripts are left as they are).
 * Steps (a stem keeps at least 3 letters): `-ies` → `-y`; then the first that matches of `-ery` → `-er`
 * (delivery → deliver), `-ing`, `-ed` (then a doubled final consonant is undoubled: shipping → ship),
 * `-ment(s)` (payment → pay), plural `-s` (not `-ss`, `-us`, `-is`); finally a trailing `-e` is dropped
 * so close/closed/closing meet.
 */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  if (w.endsWith('ery') && w.length >= 7) w = w.slice(0, -1);
  else if (w.endsWith('ing') && w.length - 3 >= 3) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length - 2 >= 3) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ments') && w.length - 5 >= 3) w = w.slice(0, -5);
  else if (w.endsWith('ment') && w.length - 4 >= 3) w = w.slice(0, -4);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([b-df-hj-kmnp-rtv-z])\1$/.test(w) ? w.slice(0, -1) : w;
}

/**
 * Splits text into index terms: Unicode NFKC, lower case, Latin/Greek/Cyrillic accents folded
 * (combining marks U+0300–U+036F removed: "Geöffnet" → "geoffnet"), words = runs of letters/digits
 * (`\p{L}\p{N}`, combining marks of other scripts kept inside the word), stop words dropped, `stem`
 * applied. Scripts without spaces (CJK) come out as one term per run.
 */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase();
  const out: string[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu)) {
    const word = m[0];
    if (STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** One ranked document: its index in the collection, its BM25 score and `score / referenceScore` in [0, 1]. */
export interface Bm25Hit {
  index: number;
  score: number;
  normalized: number;
}

/** A BM25 index over a fixed collection of token lists, built once. */
export class Bm25Index {
  private readonly freqs: Array<Map<string, number>>;
  private readonly lengths: number[];
  private readonly docFreq = new Map<string, number>();
  private readonly avgdl: number;

  /**
   * @param docs token lists, one per document (repeat tokens to weight a field).
   * @param referenceTf the term frequency a "fully matching" document is assumed to have for each query
   *   term, used by `referenceScore` (the FAQ agent passes 2: a term once in the question, counted twice).
   */
  constructor(
    docs: string[][],
    private readonly referenceTf = 1,
    private readonly k1 = BM25_K1,
    private readonly b = BM25_B,
  ) {
    this.freqs = docs.map((tokens) => {
      const f = new Map<string, number>();
      for (const t of tokens) f.set(t, (f.get(t) ?? 0) + 1);
      return f;
    });
    for (const f of this.freqs) for (const t of f.keys()) this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
    this.lengths = docs.map((d) => d.length);
    const total = this.lengths.reduce((s, l) => s + l, 0);
    this.avgdl = docs.length && total ? total / docs.length : 1;
  }

  get size(): number {
    return this.freqs.length;
  }

  /** IDF(q) = ln(1 + (N − n(q) + 0.5)/(n(q) + 0.5)); a term in no document gets the highest weight. */
  idf(term: string): number {
    const n = this.docFreq.get(term) ?? 0;
    return Math.log(1 + (this.freqs.length - n + 0.5) / (n + 0.5));
  }

  /** The BM25 term-frequency factor f·(k1+1)/(f + k1·(1 − b + b·|D|/avgdl)) for document `index`. */
  private tfPart(f: number, index: number): number {
    const norm = 1 - this.b + (this.b * this.lengths[index]) / this.avgdl;
    return (f * (this.k1 + 1)) / (f + this.k1 * norm);
  }

  /** BM25 score of the query terms (deduplicated) against document `index`. */
  score(query: string[], index: number): number {
    const freq = this.freqs[index];
    let s = 0;
    for (const q of new Set(query)) {
      const f = freq.get(q) ?? 0;
      if (f > 0) s += this.idf(q) * this.tfPart(f, index);
    }
    return s;
  }

  /**
   * The score the query would reach against document `index` if the document held every query term
   * `referenceTf` times (same length): the yardstick that makes `normalized` comparable across queries.
   */
  referenceScore(query: string[], index: number): number {
    let s = 0;
    for (const q of new Set(query)) s += this.idf(q) * this.tfPart(this.referenceTf, index);
    return s;
  }

  /** All documents with a positive score, best first (ties: lower index first). */
  search(query: string[]): Bm25Hit[] {
    const hits: Bm25Hit[] = [];
    for (let i = 0; i < this.freqs.length; i++) {
      const score = this.score(query, i);
      if (score <= 0) continue;
      const ref = this.referenceScore(query, i);
      hits.push({ index: i, score, normalized: ref > 0 ? Math.min(1, score / ref) : 0 });
    }
    return hits.sort((x, y) => y.score - x.score || x.index - y.index);
  }
}
