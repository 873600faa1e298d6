import { type Static, Type } from '@sinclair/typebox';
import type { Agent, AgentInput, AgentReply } from '../contract/agent.ts';
import { Bm25Index, tokenize } from './bm25.ts';

/** Default `threshold`: at least this share of the query's IDF weight must be found in the best entry. */
export const FAQ_DEFAULT_THRESHOLD = 0.5;

/** How many times a question's tokens are counted in an entry (the answer's count once). */
export const FAQ_QUESTION_WEIGHT = 2;

/** Config of a FAQ agent (docs/agents.md, "FAQ agents"). */
export const faqAgentConfigSchema = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        { question: Type.String({ minLength: 1 }), answer: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    fallback: Type.Optional(
      Type.String({ minLength: 1, description: 'Sent when no entry matches; without it, nothing is sent.' }),
    ),
    threshold: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        default: FAQ_DEFAULT_THRESHOLD,
        description: 'Minimum normalised match score in [0, 1] (0.5 when absent).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type FaqAgentConfig = Static<typeof faqAgentConfigSchema>;

/** The best entry for a text: its index, answer, BM25 score and normalised score in [0, 1]. */
export interface FaqMatch {
  index: number;
  answer: string;
  score: number;
  normalized: number;
}

/**
 * A built-in agent that answers from a list of questions and answers, offline.
 *
 * Each entry is one BM25 document made of the question's tokens counted `FAQ_QUESTION_WEIGHT` (2)
 * times plus the answer's tokens (tokenizer: `tokenize` in ./bm25.ts). The message text is ranked with
 * Okapi BM25, k1 = 1.2, b = 0.75 (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework:
 * BM25 and Beyond", §3.4):
 *
 *   score(Q, D) = Σ_{q ∈ Q} IDF(q) · f(q,D)·(k1 + 1) / (f(q,D) + k1·(1 − b + b·|D|/avgdl)),
 *   IDF(q) = ln(1 + (N − n(q) + 0.5)/(n(q) + 0.5)).
 *
 * The best entry's score is divided by the score the same query would get if that entry's question
 * contained every query term once (`Bm25Index.referenceScore`), capped at 1. This normalised score is
 * roughly the IDF-weighted share of the message's words found in the entry (words found only in the answer
 * count about 3/4): 1 = every word is in the question, 0 = none is anywhere. Words no entry contains weigh
 * the most, so unrelated messages score low. Default threshold 0.5 ("at least half of what the message
 * says is in the entry"): on the shop FAQ of faq.agent.test.ts, paraphrases using the FAQ's words score
 * 0.7–1.0 and unrelated questions sharing one word with an entry 0.2–0.45. Lower it (0.35–0.4) to answer
 * more loosely phrased questions at the cost of more wrong answers. Matching is lexical: synonyms the
 * entries do not contain ("voucher" for "gift card") are not found; add them to the question.
 *
 * `reply`: best entry at or above `threshold` → its answer; otherwise `fallback` if set, else null. A message
 * with no indexable words (an image without caption, "hi!") → `fallback` or null. The index is built
 * once in the constructor; `reply` never throws and ignores `signal` (it does no I/O).
 */
export class FaqAgent implements Agent {
  readonly kind = 'faq';
  private readonly index: Bm25Index;
  private readonly threshold: number;

  constructor(private readonly config: FaqAgentConfig) {
    const docs = config.entries.map((e) => {
      const q = tokenize(e.question);
      const question: string[] = [];
      for (let i = 0; i < FAQ_QUESTION_WEIGHT; i++) question.push(...q);
      return [...question, ...tokenize(e.answer)];
    });
    this.index = new Bm25Index(docs, FAQ_QUESTION_WEIGHT);
    this.threshold = config.threshold ?? FAQ_DEFAULT_THRESHOLD;
  }

  /** The best-ranked entry for `text` regardless of the threshold, or null when nothing matches at all. */
  match(text: string | null): FaqMatch | null {
    const query = text ? tokenize(text) : [];
    if (query.length === 0) return null;
    const best = this.index.search(query)[0];
    if (!best) return null;
    return { ...best, answer: this.config.entries[best.index].answer };
  }

  async reply(input: AgentInput, _signal: AbortSignal): Promise<AgentReply | null> {
    const best = this.match(input.message.text);
    if (best && best.normalized >= this.threshold) return { text: best.answer };
    return this.config.fallback ? { text: this.config.fallback } : null;
  }
}
