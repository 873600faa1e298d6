import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { createWebhookChannel, startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { channelPlatforms } from './channels.service.ts';

describe.each(testBackends())('channel platforms on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    channelId = await createWebhookChannel(omnify, 'platforms-secret-0123456789');
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('answers once from the database, then from the map, and never for another workspace', async () => {
    const workspaceId = omnify.bootstrap.workspaceId;
    const other = '00000000-0000-4000-8000-00000000beef';
    const absent = '00000000-0000-4000-8000-00000000dead';
    let queries = 0;
    const db = {
      query: ((...args: Parameters<typeof omnify.db.query>) => {
        queries++;
        return omnify.db.query(...args);
      }) as typeof omnify.db.query,
    };
    const first = await channelPlatforms(db, workspaceId, [channelId, channelId, absent]);
    expect([...first]).toEqual([[channelId, 'webhook']]);
    expect(queries).toBe(1);
    expect([...(await channelPlatforms(db, workspaceId, [channelId]))]).toEqual([[channelId, 'webhook']]);
    expect(queries).toBe(1);
    expect((await channelPlatforms(db, other, [channelId])).size).toBe(0);
    expect(queries).toBe(2);
    expect((await channelPlatforms(db, workspaceId, [])).size).toBe(0);
    expect(queries).toBe(2);
  });
});
