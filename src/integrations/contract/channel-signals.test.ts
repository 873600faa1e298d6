import { describe, expect, it } from 'vitest';
import { adapterFor, SUPPORTED_PLATFORMS } from '../channel-registry.ts';

/*
 * `capabilities.typing` and `capabilities.readReceipts` are what the docs' matrix and the web app
 * show; `sendTyping` and `markRead` are what the inbox calls. They must agree for every adapter.
 */
describe.each(SUPPORTED_PLATFORMS)('%s typing indicators and read receipts', (platform) => {
  const adapter = adapterFor(platform);
  it('has sendTyping exactly when it declares typing', () => {
    expect(typeof adapter.sendTyping === 'function').toBe(adapter.capabilities.typing);
  });
  it('has markRead exactly when it declares read receipts', () => {
    expect(typeof adapter.markRead === 'function').toBe(adapter.capabilities.readReceipts);
  });
});
