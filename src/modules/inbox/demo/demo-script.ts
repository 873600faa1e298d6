/**
 * The inbox demo's content, written for Omnify (no real people or shop): the FAQ agent of a
 * fictional coffee roaster, "Copper Kettle Coffee", and eight sample conversations on its demo
 * WhatsApp and Telegram sandbox channels, in English, German, Spanish and French. Phone numbers are
 * in the +1 555-01xx range reserved for fiction; Telegram ids are made up.
 */

/** One FAQ entry, with the key the scripts name it by. */
export interface DemoFaqEntry {
  key: string;
  question: string;
  answer: string;
}

export const DEMO_AGENT_NAME = 'Copper Kettle FAQ (demo)';

export const DEMO_FAQ: readonly DemoFaqEntry[] = [
  {
    key: 'hours',
    question: 'What are your opening hours? When is the café open?',
    answer:
      'Our café is open Monday to Friday 8:00–18:00 and Saturday 9:00–14:00. Online orders are taken around the clock.',
  },
  {
    key: 'shipping-time',
    question: 'How long does shipping take? When will my order arrive if I order today?',
    answer:
      'Orders placed before 14:00 ship the same day. Delivery takes 1–2 working days at home and 3–5 working days within the EU.',
  },
  {
    key: 'shipping-cost',
    question: 'How much is shipping? Is shipping free above some amount?',
    answer: 'Shipping is €4.90, and free for orders over €40.',
  },
  {
    key: 'returns',
    question: 'Can I return or exchange my order? How do refunds work?',
    answer:
      'Unopened bags can be returned within 30 days for a full refund. Send us your order number and we will e-mail you a free return label.',
  },
  {
    key: 'tracking',
    question: 'Where is my order? I have no tracking number yet: how can I track my order?',
    answer:
      'The tracking link is in your shipping confirmation e-mail. If your parcel has not arrived after 5 working days, send us your order number and we will look into it.',
  },
  {
    key: 'grind',
    question: 'Which grind should I choose for espresso, filter or French press? Whole beans or ground?',
    answer:
      'We grind to order: choose “espresso” for machines, “filter” for drip and pour-over, “coarse” for a French press — or whole beans if you have a grinder.',
  },
  {
    key: 'subscription',
    question: 'Can I pause, skip or cancel my subscription, for example while I am on holiday?',
    answer:
      'Yes: pause, skip or cancel your subscription any time under Account → Subscription, up to 2 days before the next roast date.',
  },
  {
    key: 'payment',
    question: 'Which payment methods do you accept? Can I pay with PayPal or card?',
    answer: 'We accept Visa, Mastercard and American Express cards, PayPal, Apple Pay and Google Pay.',
  },
  {
    key: 'es-shipping',
    question: '¿Hacen envíos a España? ¿Cuánto tarda el envío?',
    answer:
      '¡Sí! Enviamos a España en 3–5 días laborables. El envío cuesta 4,90 € y es gratis a partir de 40 €.',
  },
  {
    key: 'de-decaf',
    question: 'Habt ihr entkoffeinierten Kaffee?',
    answer:
      'Ja! Unser „Night Owl“ ist schonend entkoffeiniert (Swiss-Water-Verfahren) – als ganze Bohne oder gemahlen.',
  },
];

/** Sent when no entry matches: the conversation then waits for a person. */
export const DEMO_FALLBACK =
  'Thanks for your message! I have passed it to our team, and a person will reply here shortly.';

/** The FAQ agent's config (`POST /api/v1/agents` kind `faq`). */
export const demoAgentConfig = () => ({
  entries: DEMO_FAQ.map(({ question, answer }) => ({ question, answer })),
  fallback: DEMO_FALLBACK,
});

/**
 * One step of a sample conversation:
 * - `contact`: the contact writes (a signed webhook through the real pipeline); `answer` is what the
 *   FAQ agent replies (an entry's key or `fallback`), absent when nobody answers automatically (a
 *   person took over);
 * - `team` / `note`: a teammate replies (sent to the sandbox) or leaves a private note;
 * - `status`: the platform reports on the conversation's last outbound message (WhatsApp);
 * - `resolve`: the conversation is resolved.
 */
export type DemoTurn =
  | { contact: string; answer?: string }
  | { team: string }
  | { note: string }
  | { status: 'delivered' | 'read' | 'failed'; error?: { code: string; title: string; details: string } }
  | { resolve: true };

export interface DemoConversation {
  platform: 'whatsapp' | 'telegram';
  contact: { handle: string; name: string };
  turns: DemoTurn[];
}

export const DEMO_CONVERSATIONS: readonly DemoConversation[] = [
  {
    platform: 'whatsapp',
    contact: { handle: '15550100101', name: 'Maya Brooks' },
    turns: [
      { contact: 'Hi! What are your opening hours on Saturday?', answer: 'hours' },
      { contact: 'Great. How long does shipping take if I order today?', answer: 'shipping-time' },
      { contact: 'And which grind should I choose for my French press?', answer: 'grind' },
      { status: 'read' },
      { team: 'Enjoy your coffee, Maya! ☕ Our new Kenya Kiambu is great in a French press, too.' },
      { status: 'read' },
    ],
  },
  {
    platform: 'telegram',
    contact: { handle: '7100000201', name: 'Jonas Weber' },
    turns: [
      { contact: 'Hallo! Habt ihr entkoffeinierten Kaffee?', answer: 'de-decaf' },
      { contact: 'Und wie lange dauert der Versand nach Österreich?', answer: 'fallback' },
      {
        team: 'Hallo Jonas! Nach Österreich sind es 3–5 Werktage. Der Versand kostet 4,90 €, ab 40 € ist er gratis.',
      },
    ],
  },
  {
    platform: 'whatsapp',
    contact: { handle: '15550100102', name: 'Lucía Fernández' },
    turns: [
      { contact: 'Hola, ¿hacen envíos a España?', answer: 'es-shipping' },
      { status: 'read' },
      { resolve: true },
    ],
  },
  {
    platform: 'whatsapp',
    contact: { handle: '15550100103', name: 'Priya Raman' },
    turns: [
      { contact: 'Where is my order? I ordered on Monday and have no tracking yet.', answer: 'tracking' },
      {
        status: 'failed',
        error: {
          code: '131026',
          title: 'Message undeliverable',
          details:
            'Unable to deliver message: the recipient may not be on WhatsApp or may use an old WhatsApp version.',
        },
      },
      {
        note: 'The reply bounced (WhatsApp 131026). Priya’s order #10391 left on Tuesday — I will e-mail her.',
      },
    ],
  },
  {
    platform: 'telegram',
    contact: { handle: '7100000202', name: 'Sam Carter' },
    turns: [
      { contact: 'Can I pause my subscription while I am on holiday?', answer: 'subscription' },
      { contact: 'Thanks! Which payment methods do you accept? Can I pay with PayPal?', answer: 'payment' },
    ],
  },
  {
    platform: 'whatsapp',
    contact: { handle: '15550100104', name: 'Amélie Laurent' },
    turns: [
      { contact: 'Bonjour, est-ce que vous livrez en France ?', answer: 'fallback' },
      {
        team: 'Bonjour Amélie ! Oui, nous livrons en France en 3 à 5 jours ouvrés. La livraison coûte 4,90 € (offerte dès 40 €).',
      },
      { status: 'read' },
      { contact: 'Merci beaucoup, je commande ce soir !' },
    ],
  },
  {
    platform: 'whatsapp',
    contact: { handle: '15550100105', name: 'Daniel Kim' },
    turns: [
      {
        contact: 'Hi, I got the wrong coffee: I ordered Ethiopia Yirgacheffe but received a Colombian.',
        answer: 'fallback',
      },
      { team: 'Sorry about that, Daniel! Could you send me your order number?' },
      { contact: 'Sure, it is #10428.' },
      { team: 'Thank you! A bag of Yirgacheffe leaves today, and please keep the Colombian. 🙂' },
      { status: 'delivered' },
      { contact: 'That is really kind, thank you!' },
      { note: 'Replacement sent as order #10428-R (packing station 2).' },
      { team: 'You are welcome! Anything else I can help with?' },
      { contact: 'No, that is all. Have a nice day!' },
    ],
  },
  {
    platform: 'telegram',
    contact: { handle: '7100000203', name: 'Aiko Tanaka' },
    turns: [
      { contact: 'How much is shipping? Is it free above some amount?', answer: 'shipping-cost' },
      { contact: 'Can I return a bag if I do not like the roast?', answer: 'returns' },
    ],
  },
];

/** The FAQ answer a turn expects (`fallback` → {@link DEMO_FALLBACK}); undefined when none is expected. */
export function expectedAnswer(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key === 'fallback') return DEMO_FALLBACK;
  const entry = DEMO_FAQ.find((e) => e.key === key);
  if (!entry) throw new Error(`demo script names an unknown FAQ entry "${key}"`);
  return entry.answer;
}
