import { describe, expect, it } from 'vitest';
import { durationText, escapeHtml, invitationMail, passwordResetMail } from './mails.ts';

describe('users e-mails', () => {
  it('says durations in words', () => {
    expect(durationText(3600_000)).toBe('1 hour');
    expect(durationText(7 * 24 * 3600_000)).toBe('7 days');
    expect(durationText(90 * 60_000)).toBe('90 minutes');
    expect(durationText(2 * 3600_000)).toBe('2 hours');
  });

  it('escapes user-given names in the HTML, keeps them as they are in the text', () => {
    const m = invitationMail({
      to: 'ann@example.org',
      workspaceName: '<script>alert(1)</script>',
      inviterName: 'Eve "the" <b>admin</b>',
      role: 'viewer',
      url: 'https://omnify.example.org/invite/abc?x=1&y=2',
      validMs: 7 * 24 * 3600_000,
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).toContain(
      '<a href="https://omnify.example.org/invite/abc?x=1&amp;y=2">https://omnify.example.org/invite/abc?x=1&amp;y=2</a>',
    );
    expect(m.text).toContain(
      'Eve "the" <b>admin</b> invited you to join the workspace "<script>alert(1)</script>"',
    );
    expect(m.text).toContain('valid for 7 days');
    expect(escapeHtml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&#39;');
  });

  it('a reset mail says how long the link is valid and that it can be ignored', () => {
    const m = passwordResetMail({
      to: 'ann@example.org',
      name: ' ',
      url: 'https://x.example/reset-password?token=t',
      validMs: 3600_000,
    });
    expect(m.subject).toBe('Reset your Omnify password');
    expect(m.text.startsWith('Hello,\n')).toBe(true);
    expect(m.text).toContain('valid for 1 hour and works once');
    expect(m.text).toContain('you can ignore this e-mail');
    expect(m.html).toContain('<html lang="en">');
  });
});
