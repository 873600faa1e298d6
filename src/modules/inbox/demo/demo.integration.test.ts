import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappText } from '../../../../test/payloads.ts';
import { signWhatsApp } from '../../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { call } from '../../workspaces/test-call.ts';
import { DEMO_FALLBACK, DEMO_FAQ } from './demo-script.ts';

const answer = (key: string) => DEMO_FAQ.find((e) => e.key === key)!.answer;

describe.each(testBackends())('the inbox demo and simulated messages on %s', (backend) => {
  let omnify: TestOmnify;
  let viewer: string;
  let agentKey: string;
  let realChannel: string;
  let realAgent: string;
  const count = async (sql: string) =>
    Number((await omnify.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${sql}`)).rows[0]!.n);
  const conversations = async () =>
    (await omnify.api('GET', '/api/v1/conversations?limit=100')).json.data as Array<any>;
  const messagesOf = async (id: string) =>
    (await omnify.api('GET', `/api/v1/conversations/${id}/messages?order=asc&limit=100`)).json
      .data as Array<any>;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    viewer = (await omnify.api('POST', '/api/v1/api-keys', { name: 'v', role: 'viewer' })).json.key;
    agentKey = (await omnify.api('POST', '/api/v1/api-keys', { name: 'a', role: 'agent' })).json.key;
    // Real data that must survive the demo's removal: an agent, a channel and a customer's message.
    realAgent = (
      await omnify.api('POST', '/api/v1/agents', {
        kind: 'faq',
        name: 'Real FAQ',
        config: { entries: [{ question: 'Are you open?', answer: 'Yes.' }] },
      })
    ).json.id;
    const wa = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Real number',
      agentId: realAgent,
      config: {
        phoneNumberId: '1',
        accessToken: 'tok',
        appSecret: 'real-secret',
        verifyToken: 'v',
        apiBaseUrl: 'http://127.0.0.1:9',
      },
    });
    realChannel = wa.json.id;
    const raw = Buffer.from(JSON.stringify(whatsappText('wamid.REAL-1', 'A real question')));
    const res = await omnify.post(`/webhooks/${realChannel}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, 'real-secret'),
    });
    expect(res.status).toBe(200);
  }, 60_000);
  afterAll(() => omnify?.close());

  it('is for admins only', async () => {
    for (const key of [viewer, agentKey]) {
      expect((await call(omnify.url, key, 'POST', '/api/v1/demo/inbox')).status).toBe(403);
      expect((await call(omnify.url, key, 'DELETE', '/api/v1/demo/inbox')).status).toBe(403);
      const sim = await call(omnify.url, key, 'POST', `/api/v1/channels/${realChannel}/sandbox/messages`, {
        text: 'hi',
      });
      expect(sim.status).toBe(403);
    }
    expect(await count('channels')).toBe(1);
  });

  it('loads demo channels, an agent and eight conversations replayed through the pipeline, once', async () => {
    const res = await omnify.api('POST', '/api/v1/demo/inbox');
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.conversations).toBe(8);
    const channels = (await omnify.api('GET', '/api/v1/channels')).json.data as Array<any>;
    const demo = channels.filter((c) => c.demo);
    expect(demo.map((c) => [c.platform, c.sandbox, c.agentId]).sort()).toEqual([
      ['telegram', true, res.json.agentId],
      ['whatsapp', true, res.json.agentId],
    ]);
    expect(channels.find((c) => c.id === realChannel).demo).toBe(false);

    const list = await conversations();
    expect(list).toHaveLength(9);
    const byName = new Map(list.map((c) => [c.contact.name, c]));
    // The FAQ agent answered through the sandbox, the contact read it.
    const maya = await messagesOf(byName.get('Maya Brooks').id);
    expect(maya.filter((m) => m.senderKind === 'agent').map((m) => m.text)).toEqual([
      answer('hours'),
      answer('shipping-time'),
      answer('grind'),
    ]);
    expect(maya.filter((m) => m.direction === 'outbound').map((m) => m.status)).toEqual([
      'read',
      'read',
      'read',
      'read',
    ]);
    // A failed delivery, with the platform's code and text.
    const priya = await messagesOf(byName.get('Priya Raman').id);
    const failed = priya.find((m) => m.senderKind === 'agent');
    expect(failed.status).toBe('failed');
    expect(failed.error.code).toBe('131026');
    expect(priya.some((m) => m.private)).toBe(true);
    // A resolved one; a long one handed to a person (the agent fell silent after the team replied).
    expect(byName.get('Lucía Fernández').status).toBe('resolved');
    const daniel = await messagesOf(byName.get('Daniel Kim').id);
    expect(daniel.length).toBeGreaterThanOrEqual(9);
    expect(daniel.filter((m) => m.senderKind === 'agent').map((m) => m.text)).toEqual([DEMO_FALLBACK]);
    expect(byName.get('Daniel Kim').handoff).toBe('human');
    // Telegram too; the sandbox recorded what was sent.
    const tg = demo.find((c) => c.platform === 'telegram');
    const sent = (await omnify.api('GET', `/api/v1/channels/${tg.id}/sandbox/requests`)).json.data;
    expect(sent.some((r: any) => r.body.text === answer('de-decaf'))).toBe(true);
    // The demo's people are demo contacts; the real customer is not.
    expect(await count('contacts WHERE demo')).toBe(8);
    expect(await count('contacts WHERE NOT demo')).toBe(1);

    const again = await omnify.api('POST', '/api/v1/demo/inbox');
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain('Remove it first');
  }, 120_000);

  it('simulates a customer on a sandbox channel, answered by its agent; refuses a real channel', async () => {
    const wa = (await omnify.api('GET', '/api/v1/channels')).json.data.find(
      (c: any) => c.demo && c.platform === 'whatsapp',
    );
    const res = await omnify.api('POST', `/api/v1/channels/${wa.id}/sandbox/messages`, {
      text: 'What are your opening hours?',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const reply = await omnify.until('the agent reply', async () =>
      (await messagesOf(res.json.conversationId)).find(
        (m) => m.senderKind === 'agent' && m.status === 'sent',
      ),
    );
    expect(reply.text).toBe(answer('hours'));
    const conv = (await omnify.api('GET', `/api/v1/conversations/${res.json.conversationId}`)).json;
    expect(conv.contact.name).toBe('You (test)');

    const real = await omnify.api('POST', `/api/v1/channels/${realChannel}/sandbox/messages`, { text: 'hi' });
    expect(real.status).toBe(409);
    expect(real.json.error.message).toContain('send it a message from your phone');
    const bad = await omnify.api('POST', `/api/v1/channels/${wa.id}/sandbox/messages`, {
      text: 'x',
      from: { handle: 'no spaces allowed', name: 'x' },
    });
    expect(bad.status).toBe(400);
  }, 60_000);

  it('removes the demo and only the demo', async () => {
    const res = await omnify.api('DELETE', '/api/v1/demo/inbox');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ channels: 2, conversations: 9, contacts: 9, agents: 1 });
    const channels = (await omnify.api('GET', '/api/v1/channels')).json.data;
    expect(channels.map((c: any) => c.id)).toEqual([realChannel]);
    const agents = (await omnify.api('GET', '/api/v1/agents')).json.data;
    expect(agents.map((a: any) => a.id)).toEqual([realAgent]);
    const list = await conversations();
    expect(list).toHaveLength(1);
    expect(list[0].channelId).toBe(realChannel);
    expect(await count('contacts')).toBe(1);
    expect(await count(`messages WHERE channel_id <> '${realChannel}'`)).toBe(0);
    // Nothing left to remove; loading works again.
    expect((await omnify.api('DELETE', '/api/v1/demo/inbox')).json.channels).toBe(0);
    expect((await omnify.api('POST', '/api/v1/demo/inbox')).status).toBe(201);
    expect(await conversations()).toHaveLength(9);
  }, 60_000);
});
