import { describe, expect, it } from 'vitest';
import { mayNameSender } from './identity-signals.job.ts';

describe('which inbound messages get an identity-signals job', () => {
  it('those with an e-mail address or a phone-like run of digits, not a bare @mention', () => {
    expect(mayNameSender({ text: 'write me at ana@example.com' })).toBe(true);
    expect(mayNameSender({ text: 'my number is +44 7700 900123' })).toBe(true);
    expect(mayNameSender({ text: 'thanks @nelly, see you at 5' })).toBe(false);
    expect(mayNameSender({ text: 'order #1042' })).toBe(false);
    expect(mayNameSender({ text: null })).toBe(false);
  });
});
