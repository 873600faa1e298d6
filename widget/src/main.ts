/**
 * Omnify web chat widget: one `<script>` tag on any site, no framework needed.
 *
 *   <script src="https://omnify.example/webchat/widget.js" data-channel="<channel id>" async></script>
 *
 * Optional attributes: `data-title`, `data-subtitle`, `data-greeting` (a first message shown
 * locally), `data-color` (a CSS hex colour), `data-position="left"`, `data-open="true"`, and for a
 * signed-in user of the site `data-user-id`, `data-user-email`, `data-user-name` with
 * `data-user-signature` (HMAC-SHA256 by the site's server: docs/channels/webchat.md). The page can
 * call `window.OmnifyChat.open()`, `.close()`, `.identify({userId, email?, name?, signature})` and
 * `.logout()`.
 */
import { Chat } from './chat.ts';
import type { Identity } from './client.ts';

declare global {
  interface Window {
    OmnifyChat?: {
      open(): void;
      close(): void;
      identify(identity: Identity): void;
      logout(): void;
    };
  }
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.channel) return current;
  return document.querySelector<HTMLScriptElement>('script[data-channel][src*="/webchat/widget.js"]');
}

function identityOf(d: DOMStringMap): Identity | undefined {
  if (!d.userId || !d.userSignature) return undefined;
  return {
    userId: d.userId,
    signature: d.userSignature,
    ...(d.userEmail ? { email: d.userEmail } : {}),
    ...(d.userName ? { name: d.userName } : {}),
  };
}

function start(): void {
  const script = findScript();
  const channelId = script?.dataset.channel;
  if (!script || !channelId || window.OmnifyChat) return;
  // The server is where the script came from: `<server>/webchat/widget.js`.
  const server = script.src.replace(/\/webchat\/widget\.js(\?.*)?$/, '');
  const d = script.dataset;
  const host = document.createElement('omnify-chat');
  document.body.append(host);
  const chat = new Chat(host, {
    base: `${server}/webchat/${encodeURIComponent(channelId)}`,
    channelId,
    title: d.title,
    subtitle: d.subtitle,
    greeting: d.greeting,
    color: /^#[0-9a-f]{3,8}$/i.test(d.color ?? '') ? d.color : undefined,
    side: d.position === 'left' ? 'left' : 'right',
    identity: identityOf(d),
    open: d.open === 'true',
  });
  window.OmnifyChat = {
    open: () => chat.open(),
    close: () => chat.close(),
    identify: (identity) => chat.reset(identity),
    logout: () => chat.reset(),
  };
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
