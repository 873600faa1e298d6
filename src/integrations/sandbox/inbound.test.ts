import { describe, expect, it } from 'vitest';
import { adapterFor } from '../channel-registry.ts';
import type { InboundEvent } from '../contract/message.ts';
import { canSimulateInbound, type SandboxInboundEvent, sandboxDelivery } from './inbound.ts';

const CONFIGS: Record<string, Record<string, unknown>> = {
  whatsapp: { phoneNumberId: '15550100100', accessToken: 'a', appSecret: 'app-secret', verifyToken: 'v' },
  telegram: { botToken: '1:abc', secretToken: 'secret_token-1' },
  webhook: { secret: 'a-shared-secret-of-32-characters', callbackUrl: 'https://example.com/hook' },
  slack: { botToken: 'xoxb-1-sandbox', signingSecret: 'slack-signing-secret' },
  messenger: { pageId: '104123456789012', pageAccessToken: 't', appSecret: 'app-secret', verifyToken: 'v' },
  instagram: {
    pageId: '104123456789012',
    instagramAccountId: '17841400000000001',
    pageAccessToken: 't',
    appSecret: 'app-secret',
    verifyToken: 'v',
  },
};

/** What the platform's own adapter makes of the delivery: verified first, then parsed. */
function receive(platform: string, e: SandboxInboundEvent): { events: InboundEvent[]; pid?: string } {
  const config = CONFIGS[platform]!;
  const d = sandboxDelivery(platform, config, e);
  const adapter = adapterFor(platform);
  adapter.verify({ method: 'POST', headers: d.headers, query: {}, rawBody: d.body }, config);
  return { events: adapter.parse(JSON.parse(d.body.toString('utf8')), config), pid: d.platformMessageId };
}

describe('sandbox deliveries', () => {
  it.each(['whatsapp', 'telegram', 'webhook'])(
    '%s: a signed message the real adapter accepts',
    (platform) => {
      const from = { handle: platform === 'webhook' ? 'tester-1' : '15550100199', name: 'Ada Lovelace' };
      const { events, pid } = receive(platform, { kind: 'message', from, text: 'Are you open today?' });
      expect(events).toHaveLength(1);
      const m = events[0]!;
      expect(m.kind).toBe('message');
      if (m.kind !== 'message') return;
      expect(m.platformMessageId).toBe(pid);
      expect(m.text).toBe('Are you open today?');
      expect(m.sender.handle).toBe(from.handle);
      expect(m.sender.displayName).toBe('Ada Lovelace');
      // Fresh ids: a second message is never a duplicate of the first.
      expect(receive(platform, { kind: 'message', from, text: 'again' }).pid).not.toBe(pid);
    },
  );

  it.each(['whatsapp', 'webhook'])('%s: a signed failed status with the platform’s code', (platform) => {
    const { events } = receive(platform, {
      kind: 'status',
      platformMessageId: 'sent-1',
      recipient: '15550100199',
      status: 'failed',
      error: { code: '131026', title: 'Message undeliverable', details: 'Unable to deliver message.' },
    });
    expect(events).toMatchObject([
      { kind: 'status', platformMessageId: 'sent-1', status: 'failed', error: { code: '131026' } },
    ]);
  });

  it.each(['slack', 'messenger', 'instagram'])(
    '%s: a signed message the real adapter accepts, from the given sender',
    (platform) => {
      const from = { handle: platform === 'slack' ? 'U0SANDBOX1' : '7100000000000042', name: 'Ada' };
      const { events, pid } = receive(platform, { kind: 'message', from, text: 'Are you open today?' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        kind: 'message',
        platformMessageId: pid,
        text: 'Are you open today?',
      });
      if (events[0]!.kind === 'message') expect(events[0]!.sender.handle).toBe(from.handle);
      expect(receive(platform, { kind: 'message', from, text: 'again' }).pid).not.toBe(pid);
    },
  );

  it('refuses what the platform cannot send, and a signature made with another secret', () => {
    const status = { kind: 'status', platformMessageId: 'x', recipient: '1', status: 'read' } as const;
    expect(() => sandboxDelivery('telegram', CONFIGS.telegram!, status)).toThrow('no delivery statuses');
    expect(canSimulateInbound('slack')).toBe(true);
    expect(canSimulateInbound('discord')).toBe(false);
    expect(() => sandboxDelivery('discord', {}, status)).toThrow('cannot simulate');
    expect(() => sandboxDelivery('slack', CONFIGS.slack!, status)).toThrow('no delivery statuses');
    const d = sandboxDelivery('whatsapp', CONFIGS.whatsapp!, status);
    const other = { ...CONFIGS.whatsapp, appSecret: 'another-secret' };
    expect(() =>
      adapterFor('whatsapp').verify(
        { method: 'POST', headers: d.headers, query: {}, rawBody: d.body },
        other,
      ),
    ).toThrow();
  });
});
