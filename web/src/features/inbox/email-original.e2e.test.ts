/**
 * "View original" of an e-mail in real headless Chromium against a real server (PGlite): an e-mail
 * channel receives, by its raw-MIME inbound webhook, an HTML mail with a script, an event handler,
 * a `javascript:` link and a tracking pixel served by a local server; the dialog shows the mail's
 * header, the notice of the one remote image left out, the attached file and the HTML in its
 * sandboxed frame, where nothing ran and from where nothing was fetched. A plain-text mail shows its
 * full text. Screenshots: `email-original` (desktop, phone), checked with axe-core.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkA11y,
  findChromium,
  NO_BROWSER,
  screenshot,
  VIEWPORTS,
} from '../../../../src/testing/browser.ts';
import type { TestOmnify } from '../../../../src/testing/harness.ts';
import { closeAfterAll } from '../../../../src/testing/signed-in-page.ts';
import { startWebInbox, type WebInbox } from '../../../../src/testing/web-inbox.ts';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(NO_BROWSER);

const SECRET = 'e2e-original-inbound-secret-0123';
const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** A customer's answer in HTML, quoting our earlier reply, with a PDF; `pixel` is its tracker's URL. */
const htmlMail = (pixel: string) =>
  crlf([
    'From: Noa Cohen <noa@customer.example>',
    'To: Acme Support <support@acme.example>',
    'Cc: Avi Cohen <avi@customer.example>',
    'Subject: Re: Your order #1042 has shipped',
    'Date: Tue, 03 Mar 2026 14:20:00 +0000',
    'Message-ID: <reply.77@customer.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed"',
    '',
    '--mixed',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><head><style>p { color: red }</style></head><body>',
    '<p>Hi Acme team,</p><p>The parcel arrived, but the <b>lid is scratched</b>. Photos are in the attached report.</p>',
    '<table border="1" cellpadding="6" style="border-collapse:collapse"><tr><th>Item</th><th>Qty</th></tr>',
    '<tr><td>Ceramic teapot</td><td style="text-align:center">1</td></tr></table>',
    '<p>Could you send a replacement? <a href="https://shop.example/orders/1042">Order #1042</a></p>',
    '<p style="color:#57606a">Thanks,<br>Noa</p>',
    '<script>document.body.innerHTML = "PWNED"; parent.pwned = true;</script>',
    '<img src="x" onerror="parent.pwned = true"><a href="javascript:parent.pwned=true">click me</a>',
    `<img src="${pixel}" width="1" height="1">`,
    '<blockquote>On Mon, 2 Mar 2026, Acme Support wrote:<br>Your order #1042 has shipped.</blockquote>',
    '</body></html>',
    '--mixed',
    'Content-Type: application/pdf; name="damage-report.pdf"',
    'Content-Disposition: attachment; filename="damage-report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    'JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==',
    '--mixed--',
  ]);

const TEXT_MAIL = crlf([
  'From: Joe <joe@customer.example>',
  'To: support@acme.example',
  'Subject: Opening hours',
  'Message-ID: <hours.1@customer.example>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'When are you open on Sunday?',
  '',
  '> Earlier: we are open Monday to Friday.',
]);

describe.skipIf(!chromiumPath)('an e-mail’s original (Chromium)', () => {
  let inbox: WebInbox;
  let omnify: TestOmnify;
  let page: Page;
  let tracker: Server;
  const pixelHits: string[] = [];
  let channelId: string;
  const conversationOf = async (address: string) =>
    (
      await omnify.db.query<{ conversation_id: string; id: string }>(
        `SELECT conversation_id, id FROM messages WHERE channel_id = $1 AND raw -> 'from' ->> 'address' = $2
          ORDER BY created_at LIMIT 1`,
        [channelId, address],
      )
    ).rows[0]!;
  const open = async (address: string) => {
    const { conversation_id: conversationId, id } = await conversationOf(address);
    await page.goto(`${omnify.url}/inbox/${conversationId}`);
    await page.waitForSelector('[data-testid="timeline"][data-ready="true"]');
    const bubble = page.locator(`[data-testid="message"][data-message-id="${id}"]`);
    await bubble.getByRole('button', { name: 'View original e-mail' }).click();
    return page.getByRole('dialog', { name: 'Original e-mail' });
  };

  beforeAll(async () => {
    tracker = createServer((req, res) => {
      pixelHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/gif' }).end();
    });
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    const pixel = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/open.gif?u=noa`;
    inbox = await startWebInbox({ name: 'email-original-e2e' });
    ({ omnify, page } = inbox);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'email',
      name: 'Support mailbox',
      config: {
        from: 'Acme Support <support@acme.example>',
        smtpHost: 'smtp.acme.invalid',
        smtpPort: 2525,
        smtpUser: 'support@acme.example',
        smtpPass: 'smtp-password-0123',
        inboundSecret: SECRET,
      },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    channelId = ch.json.id;
    for (const raw of [htmlMail(pixel), TEXT_MAIL]) {
      const r = await omnify.post(`/webhooks/${channelId}`, raw, {
        'content-type': 'message/rfc822',
        authorization: `Bearer ${SECRET}`,
      });
      expect(r.status, r.text).toBe(200);
    }
  }, 180_000);

  closeAfterAll('email-original', () => inbox);
  afterAll(async () => {
    // Nothing of the mail ever reached the tracker, to the end.
    expect(pixelHits).toEqual([]);
    await new Promise<void>((resolve) => tracker?.close(() => resolve()) ?? resolve());
  });

  it('shows the HTML mail sanitized in a sandboxed frame: nothing ran, the tracking pixel was not fetched', async () => {
    const dialog = await open('noa@customer.example');
    await expect.poll(() => dialog.getByTestId('email-original').count(), { timeout: 15_000 }).toBe(1);
    const header = await dialog.locator('dl').innerText();
    for (const s of [
      'Noa Cohen <noa@customer.example>',
      'Acme Support <support@acme.example>',
      'Avi Cohen <avi@customer.example>',
      'Re: Your order #1042 has shipped',
    ])
      expect(header).toContain(s);
    expect(await dialog.getByTestId('remote-images-blocked').innerText()).toContain(
      '1 remote image was not loaded',
    );
    expect(await dialog.getByTestId('original-attachment').innerText()).toContain('damage-report.pdf');

    const frameEl = dialog.getByTestId('original-frame');
    expect(await frameEl.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(await frameEl.getAttribute('srcdoc')).toMatch(
      /^<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
    );
    const frame = page.frameLocator('[data-testid="original-frame"]');
    await expect
      .poll(() => frame.locator('body').innerText(), { timeout: 10_000 })
      .toContain('lid is scratched');
    const body = await frame.locator('body').innerText();
    expect(body).toContain('Ceramic teapot');
    expect(body).toContain('Your order #1042 has shipped.');
    expect(body).not.toContain('PWNED');
    expect(await frame.locator('script, img, [onerror]').count()).toBe(0);
    // The frame's own base style only: the mail's was dropped.
    expect(await frame.locator('style').count()).toBe(1);
    expect(await frame.locator('a[href="https://shop.example/orders/1042"]').getAttribute('target')).toBe(
      '_blank',
    );
    expect(await frame.getByText('click me').getAttribute('href')).toBeNull();
    expect(await page.evaluate(() => (window as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(pixelHits).toEqual([]);

    await page.mouse.move(1, 799);
    await screenshot(page, 'email-original', 'desktop');
    expect(await checkA11y(page)).toEqual([]);
  });

  it('fills a phone’s screen', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    try {
      const dialog = page.getByRole('dialog', { name: 'Original e-mail' });
      const box = await dialog.boundingBox();
      expect(box).toMatchObject({ x: 0, y: 0, width: VIEWPORTS.phone.width });
      const frame = await dialog.getByTestId('original-frame').boundingBox();
      expect(frame!.height).toBeGreaterThan(300);
      await screenshot(page, 'email-original', 'phone');
      expect(await checkA11y(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    } finally {
      await page.setViewportSize(VIEWPORTS.desktop);
    }
  });

  it('shows a plain-text mail’s full text, quoted history included', async () => {
    const dialog = await open('joe@customer.example');
    const text = dialog.getByTestId('original-text');
    await expect.poll(() => text.count(), { timeout: 15_000 }).toBe(1);
    expect(await text.innerText()).toBe(
      'When are you open on Sunday?\n\n> Earlier: we are open Monday to Friday.\n',
    );
    expect(await dialog.getByTestId('original-frame').count()).toBe(0);
    expect(await dialog.getByTestId('remote-images-blocked').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('offers no original on another platform’s messages', async () => {
    await inbox.text('wamid.O1', { name: 'Ines Ferreira', phone: '15550007788' }, 'Hello on WhatsApp');
    const conversationId = (
      await omnify.db.query<{ conversation_id: string }>(
        'SELECT conversation_id FROM messages WHERE platform_message_id = $1',
        ['wamid.O1'],
      )
    ).rows[0]!.conversation_id;
    await page.goto(`${omnify.url}/inbox/${conversationId}`);
    await page.waitForSelector('[data-testid="timeline"][data-ready="true"]');
    expect(await page.getByTestId('message').count()).toBe(1);
    expect(await page.getByTestId('view-original').count()).toBe(0);
  });
});
