import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../contract/message.ts';
import { parseTelegramUpdate, type TelegramConfig, telegramAdapter } from './telegram.adapter.ts';
import { customerLookalikes, ownSideUpdates } from './telegram.echo.fixtures.ts';
import { telegramBotId } from './telegram.echo.ts';

/*
 * Our own side of a chat (messages of our bot, inline results of it, outgoing business messages)
 * is never an inbound message; customers' look-alikes still are. Payloads: telegram.echo.fixtures.ts,
 * written from the Bot API docs.
 */

const BOT = 7_100_000_000;
const config: TelegramConfig = { botToken: `${BOT}:AAtest-own-side`, secretToken: 'own_side_secret' };
const parse = (body: unknown) => telegramAdapter.parse(body, config);

describe('telegram own side', () => {
  it("reads the bot id from its token's prefix", () => {
    expect(telegramBotId(config.botToken)).toBe(BOT);
    expect(telegramBotId('123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11')).toBe(123456);
    for (const t of ['no-colon', ':abc', 'x1:abc', '0:abc', `${'9'.repeat(21)}:abc`]) {
      expect(telegramBotId(t), t).toBeUndefined();
    }
  });

  for (const [name, update] of Object.entries(ownSideUpdates(BOT))) {
    it(`yields nothing for ${name}`, () => expect(parse(update)).toEqual([]));
  }

  for (const [name, update] of Object.entries(customerLookalikes(BOT))) {
    it(`still stores ${name} as one message`, () => {
      const events = parse(update) as InboundMessage[];
      expect(events).toHaveLength(1);
      expect(events[0]!.kind).toBe('message');
    });
  }

  it("stores another bot's or an unknown bot's message: only ours is an echo", () => {
    const own = ownSideUpdates(BOT).own_bot_in_group!;
    expect(parseTelegramUpdate(own, new Date(), BOT + 1)).toHaveLength(1);
    // Without a bot id (a token without a numeric prefix), only business outgoing messages are recognised.
    expect(parseTelegramUpdate(own)).toHaveLength(1);
    expect(parseTelegramUpdate(ownSideUpdates(BOT).business_sent_by_owner!)).toEqual([]);
  });

  it('keeps a channel post: channel posts name no sender to recognise', () => {
    const post = {
      update_id: 1,
      channel_post: { message_id: 1, date: 1761994800, chat: { id: -100777, type: 'channel' }, text: 'News' },
    };
    expect(parse(post)).toHaveLength(1);
  });
});
