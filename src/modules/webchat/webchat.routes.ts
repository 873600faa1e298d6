import type { FastifyPluginAsync } from 'fastify';
import { connectWebchatLive } from '../../integrations/webchat/webchat.live.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { EventHub } from '../inbox/events.hub.ts';
import { IngestBatcher } from '../inbox/pipeline/ingest-batcher.ts';
import { MediaFiles } from '../media/media-download.ts';
import { createMediaStore } from '../media/store/create-media-store.ts';
import { installOriginCheck } from './cors.ts';
import { fileRoutes } from './files.routes.ts';
import { WebchatSignals } from './live-signals.ts';
import { streamRoutes } from './stream.routes.ts';
import { visitorRoutes } from './visitor.routes.ts';
import type { VisitorStream } from './visitor-stream.ts';
import { widgetRoutes } from './widget.routes.ts';

/**
 * Everything the web chat serves at the root, outside `/api/v1` (public: browsers on the host
 * sites call it): `GET /webchat/widget.js`, and under `/webchat/{channelId}/` the widget's routes
 * behind the origin check (cors.ts): sessions, messages, files (attached by the visitor, kept in
 * the media store, opened by them), history, e-mail, receipts and the live stream. Visitor messages go through the inbox's ingest pipeline (their own group-commit batcher,
 * sized as the webhook route's); one reader of the inbox's event log feeds every visitor stream of
 * this process; typing and read signals travel by NOTIFY (live-signals.ts), and this process's
 * web chat adapter hands its signals to them while the routes are up.
 */
export const webchatRoutes: FastifyPluginAsync<{ ctx: OmnifyContext }> = async (app, { ctx }) => {
  let batcher: IngestBatcher | undefined;
  const ingest = () =>
    (batcher ??= new IngestBatcher(
      ctx,
      ctx.db.kind === 'pglite' ? { maxBatch: 20, concurrency: 1 } : { maxBatch: 100, concurrency: 4 },
    ));
  let files: MediaFiles | undefined;
  // Created on first use, so building the app touches no disk.
  const media = () => (files ??= new MediaFiles(ctx, createMediaStore(ctx.config)));
  const hub = new EventHub(ctx.db, ctx.log);
  const signals = new WebchatSignals(ctx.db, ctx.log);
  const streams = new Set<VisitorStream>();
  const disconnect = connectWebchatLive((s) => signals.announce(s));
  app.addHook('preClose', async () => {
    for (const s of streams) s.close();
  });
  app.addHook('onClose', async () => {
    disconnect();
    await hub.close();
    await signals.close();
  });

  await app.register(widgetRoutes);
  await app.register(async (scope) => {
    installOriginCheck(scope, ctx);
    await scope.register(visitorRoutes, { ctx, ingest: (item) => ingest().submit(item) });
    await scope.register(fileRoutes, { ctx, ingest: (item) => ingest().submit(item), media });
    await scope.register(streamRoutes, { ctx, hub, signals, streams });
  });
};
