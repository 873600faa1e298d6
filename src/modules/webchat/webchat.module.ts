import type { OmnifyModule } from '../../kernel/module.ts';
import { migration as m001 } from './migrations/001-webchat-sessions.ts';
import { webchatRoutes } from './webchat.routes.ts';

/**
 * The web chat: the embeddable widget (widget/, served at `/webchat/widget.js`) and its visitor
 * sessions, messages, history, e-mail capture, receipts and live stream under
 * `/webchat/{channelId}/` (docs/channels/webchat.md). Visitor messages enter the inbox through its
 * ingest pipeline like any platform's; answers leave through the `webchat` adapter
 * (src/integrations/webchat), which stores nothing and calls nothing: the stream shows them.
 */
export const webchatModule: OmnifyModule = {
  name: 'webchat',
  migrations: [m001],
  root: webchatRoutes,
};
