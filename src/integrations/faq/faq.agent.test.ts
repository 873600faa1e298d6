import { describe, expect, it } from 'vitest';
import type { AgentInput } from '../contract/agent.ts';
import type { ContentType } from '../contract/message.ts';
import { Bm25Index, stem, tokenize } from './bm25.ts';
import { FAQ_DEFAULT_THRESHOLD, FaqAgent } from './faq.agent.ts';

const entries = [
  {
    question: 'What are your opening hours?',
    answer: 'We are open Monday to Saturday from 9:00 to 19:00, and on Sundays from 10:00 to 16:00.',
  },
  {
    question: 'Do you deliver, and how much does shipping cost?',
    answer:
      'We ship to the whole country within 2-3 working days. Delivery is free for orders over 50 euros, otherwise it costs 4.90 euros.',
  },
  {
    question: 'Can I return an item?',
    answer:
      'You can return any unused item within 30 days for a full refund. Bring the receipt to the shop or send it back by post.',
  },
  {
    question: 'Which payment methods do you accept?',
    answer: 'We accept credit cards (Visa, Mastercard), PayPal, and cash in the store.',
  },
  {
    question: 'Where is your shop located?',
    answer:
      'Our shop is at 12 Market Street, next to the central station. Parking is available behind the building.',
  },
  {
    question: 'How can I track my order?',
    answer: 'You get a tracking link by email as soon as your parcel leaves our warehouse.',
  },
  {
    question: 'Do you sell gift cards?',
    answer:
      'Yes, gift cards from 10 to 200 euros are available online and in the shop. They are valid for two years.',
  },
  {
    question: 'How do I contact customer service?',
    answer: 'Call us on 0123 456 789 on weekdays from 9:00 to 17:00, or write to help@example.shop.',
  },
];
const FALLBACK = 'Thanks! A colleague will answer you shortly.';

function input(text: string | null, contentType: ContentType = 'text'): AgentInput {
  return {
    conversationId: 'c1',
    channelId: 'ch1',
    platform: 'webchat',
    contact: { id: 'p1', name: null, handle: 'visitor-1' },
    message: {
      id: 'm1',
      contentType,
      text,
      content: text === null ? {} : { type: 'text', text },
      createdAt: '2024-01-01T00:00:00Z',
    },
    history: [],
  };
}

const signal = new AbortController().signal;

async function answer(
  agent: FaqAgent,
  text: string | null,
  contentType?: ContentType,
): Promise<string | null> {
  return (await agent.reply(input(text, contentType), signal))?.text ?? null;
}

describe('FaqAgent', () => {
  const agent = new FaqAgent({ entries, fallback: FALLBACK });

  it.each([
    ['When do you open on Saturday?', 0],
    ['Hi! Are you open on sundays?', 0],
    ['How much is delivery?', 1],
    ['is shipping free', 1],
    ['can i get a refund', 2],
    ['How do I return something?', 2],
    ['Can I pay with PayPal?', 3],
    ['do you take credit cards', 3],
    ['Do you accept cash?', 3],
    ['Where is my order??', 5],
    ['where is my parcel', 5],
    ['gift card', 6],
    ['Can I call customer service?', 7],
  ])('answers the paraphrase %j with entry %i', async (text, index) => {
    expect(await answer(agent, text)).toBe(entries[index].answer);
  });

  it.each([
    'What is the weather like tomorrow?',
    'Who won the football match yesterday?',
    'Do you sell bicycles?',
    'Can you recommend a good restaurant?',
    'Tell me a joke about your shop',
    'Do you have a job opening?',
    'Can I bring my dog to the store?',
  ])('gives the fallback for unrelated text %j', async (text) => {
    expect(await answer(agent, text)).toBe(FALLBACK);
  });

  it('answers null without a fallback', async () => {
    const bare = new FaqAgent({ entries });
    expect(await answer(bare, 'What is the meaning of life?')).toBeNull();
    expect(await answer(bare, null, 'image')).toBeNull();
    expect(await answer(bare, 'How much is delivery?')).toBe(entries[1].answer);
  });

  it('gives the fallback for a message without text or without indexable words', async () => {
    expect(await answer(agent, null, 'image')).toBe(FALLBACK);
    expect(await answer(agent, '')).toBe(FALLBACK);
    expect(await answer(agent, 'Hello?? 😀')).toBe(FALLBACK);
  });

  it('ignores case and punctuation', async () => {
    for (const text of ['OPENING HOURS!!!', 'opening-hours', '...opening, hours?', 'Opening Hours']) {
      expect(await answer(agent, text)).toBe(entries[0].answer);
    }
    expect(agent.match('OPENING HOURS!!!')?.normalized).toBeCloseTo(
      agent.match('opening hours')!.normalized,
      10,
    );
  });

  it('honours the threshold', async () => {
    const strict = new FaqAgent({ entries, threshold: 1 });
    const loose = new FaqAgent({ entries, threshold: 0.3, fallback: FALLBACK });
    expect(FAQ_DEFAULT_THRESHOLD).toBe(0.5);
    expect(await answer(strict, 'opening hours')).toBe(entries[0].answer);
    expect(await answer(strict, 'When do you open on Saturday?')).toBeNull();
    const m = agent.match('Do you deliver abroad?')!;
    expect(m.index).toBe(1);
    expect(m.normalized).toBeGreaterThan(0.3);
    expect(m.normalized).toBeLessThan(0.5);
    expect(await answer(agent, 'Do you deliver abroad?')).toBe(FALLBACK);
    expect(await answer(loose, 'Do you deliver abroad?')).toBe(entries[1].answer);
  });

  it('matches words in other scripts and folds accents', async () => {
    const de = new FaqAgent({
      entries: [
        ...entries,
        { question: 'Wann habt ihr geöffnet?', answer: 'Montag bis Samstag, 9 bis 19 Uhr.' },
        { question: 'Можно ли вернуть товар?', answer: 'Да, в течение 30 дней.' },
      ],
    });
    expect(await answer(de, 'Habt ihr am Samstag geoffnet?')).toBe('Montag bis Samstag, 9 bis 19 Uhr.');
    expect(await answer(de, 'ВЕРНУТЬ ТОВАР')).toBe('Да, в течение 30 дней.');
  });
});

describe('tokenize', () => {
  it('splits on Unicode letters and digits, lowercases, drops stop words and stems', () => {
    expect(tokenize("What's the delivery time for 2 parcels?")).toEqual(['deliver', 'tim', '2', 'parcel']);
    expect(tokenize('Größe: 42, Ärmel lang')).toEqual(['große', '42', 'armel', 'lang']);
    expect(tokenize('Доставка в Москву')).toEqual(['доставка', 'в', 'москву']);
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
    expect(tokenize('Ｏｐｅｎｉｎｇ')).toEqual(['open']);
  });

  it('stems plurals and -ing/-ed/-ment forms to the same term', () => {
    expect(['ship', 'ships', 'shipping', 'shipped'].map(stem)).toEqual(['ship', 'ship', 'ship', 'ship']);
    expect(['close', 'closed', 'closing', 'closes'].map(stem)).toEqual(['clos', 'clos', 'clos', 'clos']);
    expect(['pay', 'payment', 'payments'].map(stem)).toEqual(['pay', 'pay', 'pay']);
    expect(['delivery', 'deliveries', 'delivered'].map(stem)).toEqual(['deliver', 'deliver', 'deliver']);
    expect(['address', 'status', 'this'].map(stem)).toEqual(['address', 'status', 'this']);
  });
});

describe('Bm25Index', () => {
  it('follows the BM25 formula (k1 = 1.2, b = 0.75)', () => {
    const idx = new Bm25Index([['a', 'b'], ['a', 'a', 'c', 'd'], ['e']]);
    // N = 3, avgdl = 7/3; IDF(a) = ln(1 + (3 - 2 + 0.5)/(2 + 0.5)) = ln(1.6)
    expect(idx.idf('a')).toBeCloseTo(Math.log(1.6), 12);
    const norm = 1 - 0.75 + (0.75 * 4) / (7 / 3);
    const expected =
      Math.log(1.6) * ((2 * 2.2) / (2 + 1.2 * norm)) +
      Math.log(1 + 2.5 / 1.5) * ((1 * 2.2) / (1 + 1.2 * norm));
    expect(idx.score(['a', 'c', 'c'], 1)).toBeCloseTo(expected, 12);
    expect(idx.search(['a']).map((h) => h.index)).toEqual([1, 0]);
    expect(idx.search(['zzz'])).toEqual([]);
  });
});
