import { describe, expect, it } from 'vitest';
import { FaqAgent } from '../../../integrations/faq/faq.agent.ts';
import { testInput } from '../../agents/agent-test.routes.ts';
import { DEMO_CONVERSATIONS, demoAgentConfig, expectedAnswer } from './demo-script.ts';

describe('the inbox demo script', () => {
  const agent = new FaqAgent(demoAgentConfig());
  const turns = DEMO_CONVERSATIONS.flatMap((c) =>
    c.turns.flatMap((t) => ('contact' in t && t.answer ? [[t.contact, t.answer] as const] : [])),
  );

  it.each(turns)('the demo FAQ agent answers “%s” with entry %s', async (text, key) => {
    const reply = await agent.reply(testInput(text), AbortSignal.timeout(1000));
    expect(reply?.text).toBe(expectedAnswer(key));
  });

  it('has eight conversations, a couple of them long, one failed delivery and one resolved', () => {
    expect(DEMO_CONVERSATIONS).toHaveLength(8);
    const sizes = DEMO_CONVERSATIONS.map(
      (c) =>
        c.turns.filter((t) => 'contact' in t || 'team' in t || 'note' in t).length +
        c.turns.filter((t) => 'contact' in t && t.answer).length,
    );
    expect(sizes.filter((n) => n >= 5 && n <= 10).length).toBeGreaterThanOrEqual(2);
    expect(
      DEMO_CONVERSATIONS.filter((c) => c.turns.some((t) => 'status' in t && t.status === 'failed')),
    ).toHaveLength(1);
    expect(DEMO_CONVERSATIONS.filter((c) => c.turns.some((t) => 'resolve' in t))).toHaveLength(1);
  });
});
