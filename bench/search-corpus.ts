/**
 * The message texts of the search benchmark (bench/search.bench.ts): words drawn from one fixed,
 * seeded vocabulary with Zipf frequencies (rank r is drawn with weight 1/r), so the measured queries
 * have realistic hit counts: a very common word, a rare one and a phrase that also occurs as loose
 * words. The same seed gives the same messages on every run and machine.
 */

/** A small, fast, seeded PRNG (mulberry32): floats in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The most frequent words, in rank order: everyday words of a support inbox in English, Portuguese
 * and Spanish (a workspace's messages are multilingual). Ranks beyond these are made-up words.
 */
const COMMON = `the you to and is my it for hi thanks please order can a of i not we in this your que de
  no el la obrigado pedido hello when will have be do with on what how status delivery payment yes ok
  help at are was today tomorrow price o e um uma por para com number tracking refund account card
  address week day time need want send received still where why package store online size color`
  .split(/\s+/)
  .filter(Boolean);

/** Vocabulary size: COMMON plus made-up words up to this many. */
export const VOCABULARY_SIZE = 5_000;

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  're',
  'tu',
  'sa',
  'ne',
  'po',
  'vi',
  'da',
  'zu',
  'ti',
  'ber',
  'gan',
  'sol',
  'mar',
];

/** The vocabulary: COMMON first, then distinct made-up words of 2–4 syllables. */
export function vocabulary(): string[] {
  const rnd = seeded(7);
  const words = [...new Set(COMMON)];
  const seen = new Set(words);
  while (words.length < VOCABULARY_SIZE) {
    const n = 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** The phrase a share of messages contain as such (its words also occur on their own). */
export const PHRASE = 'tracking number';
/** Share of messages that contain {@link PHRASE}. */
const PHRASE_SHARE = 0.005;

/** Draws `count` message texts (4–40 words, mean about 12) from the vocabulary; deterministic. */
export function* messageTexts(count: number, seed = 42): Generator<string> {
  const words = vocabulary();
  // Cumulative Zipf weights for inverse-CDF sampling.
  const cdf = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) cdf[r] = sum += 1 / (r + 1);
  const rnd = seeded(seed);
  const draw = () => {
    const x = rnd() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  for (let i = 0; i < count; i++) {
    const n = 4 + Math.min(36, Math.floor(-Math.log(1 - rnd()) * 8));
    const out: string[] = [];
    for (let j = 0; j < n; j++) out.push(draw());
    if (rnd() < PHRASE_SHARE) out.splice(Math.floor(rnd() * out.length), 0, PHRASE);
    const text = out.join(' ');
    yield `${text[0]!.toUpperCase()}${text.slice(1)}${rnd() < 0.3 ? '?' : '.'}`;
  }
}

/** The queries the benchmark measures: a very common word, a rare one (rank 3,000) and the phrase. */
export function benchQueries(): Array<{ name: string; q: string }> {
  const words = vocabulary();
  return [
    { name: 'common word', q: words[2]! },
    { name: 'rare word', q: words[3_000]! },
    { name: 'phrase', q: `"${PHRASE}"` },
  ];
}
