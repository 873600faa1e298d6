import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../src/integrations/twilio/twilio.signature.ts';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../src/testing/backends.ts';
import { fakeGraphApi, fakeOpenAI } from '../src/testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../src/testing/harness.ts';
import type { RecordingServer } from '../src/testing/http-recorder.ts';
import { whatsappSender, whatsappText } from './payloads.ts';

const WA_SECRET = 'one-person-wa-secret';
const IG_SECRET = 'one-person-ig-secret';
const TWILIO_TOKEN = 'one-person-twilio-token';
const IG_ACCOUNT = '17841400000000077';
const IGSID = '7100000000000777';

/*
 * The promise of one person across channels, end to end through real webhooks: a person writes on
 * WhatsApp, then by SMS from the same phone (linked automatically), then on Instagram, where they
 * type their number (a merge suggestion a person accepts). Answering on Instagram, the
 * OpenAI-compatible agent gets all three platforms' messages in its history, each marked; after
 * an unmerge, the next call has only Instagram's.
 */
describe.each(testBackends())('one person across WhatsApp, SMS and Instagram on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let openai: RecordingServer;
  const ch: Record<'wa' | 'sms' | 'ig', string> = { wa: '', sms: '', ig: '' };
  const phone = `+${whatsappSender()}`;
  let seq = 0;

  beforeAll(async () => {
    [graph, openai] = await Promise.all([fakeGraphApi().start(), fakeOpenAI(() => 'Noted!').start()]);
    omnify = await startTestOmnify(backend);
    const agent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      config: { baseUrl: `${openai.baseUrl}/v1`, apiKey: 'sk-one-person-1234', model: 'gpt-test' },
    });
    const create = async (platform: string, config: Record<string, unknown>, agentId?: string) => {
      const r = await omnify.api('POST', '/api/v1/channels', { platform, config, agentId });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return r.json.id as string;
    };
    const graphBase = `${graph.baseUrl}/v21.0`;
    ch.wa = await create('whatsapp', {
      phoneNumberId: '5550001',
      accessToken: 'EAAG-one-person',
      appSecret: WA_SECRET,
      verifyToken: 'v',
      apiBaseUrl: graphBase,
    });
    ch.sms = await create('twilio', {
      accountSid: `AC${'7'.repeat(32)}`,
      authToken: TWILIO_TOKEN,
      from: '+15005550006',
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    ch.ig = await create(
      'instagram',
      {
        pageId: '104123456789077',
        instagramAccountId: IG_ACCOUNT,
        pageAccessToken: 'ig-one-person-token',
        appSecret: IG_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graphBase,
      },
      agent.json.id,
    );
  });
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([graph?.stop(), openai?.stop()]);
  });

  const whatsapp = async (text: string) => {
    const raw = Buffer.from(JSON.stringify(whatsappText(`wamid.ONE-${backend}-${++seq}`, text)));
    const r = await omnify.post(`/webhooks/${ch.wa}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, WA_SECRET),
    });
    expect(r.status).toBe(200);
  };
  const sms = async (text: string) => {
    const params = {
      AccountSid: `AC${'7'.repeat(32)}`,
      MessageSid: `SM${String(++seq).padStart(32, '0')}`,
      From: phone,
      To: '+15005550006',
      Body: text,
      NumMedia: '0',
    };
    const url = `${omnify.url}/webhooks/${ch.sms}`;
    const r = await omnify.post(`/webhooks/${ch.sms}`, new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(TWILIO_TOKEN, url, params),
    });
    expect(r.status, r.text).toBe(200);
  };
  const instagram = async (text: string) => {
    const body = {
      object: 'instagram',
      entry: [
        {
          id: IG_ACCOUNT,
          time: Date.UTC(2026, 0, 5, 12),
          messaging: [
            {
              sender: { id: IGSID },
              recipient: { id: IG_ACCOUNT },
              timestamp: Date.UTC(2026, 0, 5, 12) + seq,
              message: { mid: `m_one_${backend}_${++seq}`, text },
            },
          ],
        },
      ],
    };
    const raw = Buffer.from(JSON.stringify(body));
    const r = await omnify.post(`/webhooks/${ch.ig}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, IG_SECRET),
    });
    expect(r.status).toBe(200);
  };
  /** The `messages` of the agent's latest call, after it happened. */
  const nextAgentCall = async (calls: number) => {
    await omnify.until('the agent was called', async () => openai.requests.length >= calls);
    return (openai.requests[calls - 1]!.json as { messages: { role: string; content: string }[] }).messages;
  };
  const contactOf = async (channelId: string) => {
    const r = await omnify.api('GET', `/api/v1/conversations?channelId=${channelId}`);
    return r.json.data[0].contact.id as string;
  };

  it('links, suggests, merges into one history for the agent, and unmerges it again', async () => {
    await whatsapp('Hi, I would like the blue jacket');
    await sms('Also: size M please');
    const waContact = await contactOf(ch.wa);
    expect(await contactOf(ch.sms)).toBe(waContact); // same phone, linked automatically
    const contact = await omnify.api('GET', `/api/v1/contacts/${waContact}`);
    expect(
      contact.json.identities.map((i: { platform: string; linked: string }) => [i.platform, i.linked]),
    ).toEqual([
      ['whatsapp', 'created'],
      ['twilio', 'auto'],
    ]);

    await instagram(`It's me again, my WhatsApp is ${phone}`);
    const first = await nextAgentCall(1);
    // Before any merge the Instagram contact is someone else: no WhatsApp or SMS history.
    expect(first.map((m) => m.content).join('\n')).not.toContain('blue jacket');
    const igContact = await contactOf(ch.ig);
    expect(igContact).not.toBe(waContact);

    const suggestion = await omnify.until('a merge suggestion', async () => {
      const r = await omnify.api('GET', `/api/v1/contacts/${igContact}/merge-suggestions`);
      return r.json.data[0] as
        | { id: string; contactId: string; reasonCode: string; reason: string }
        | undefined;
    });
    expect(suggestion).toMatchObject({ contactId: waContact, reasonCode: 'phone_in_message' });
    expect(suggestion.reason).toContain(phone);
    const accepted = await omnify.api(
      'POST',
      `/api/v1/contacts/${waContact}/merge-suggestions/${suggestion.id}/accept`,
      { reason: 'Same person: confirmed by phone' },
    );
    expect(accepted.status).toBe(201);
    expect(accepted.json).toMatchObject({ targetContactId: waContact, sourceContactId: igContact });
    expect(accepted.json.moved).toEqual({ identities: 1, conversations: 1, segments: 0 });

    // The contact's timeline now shows all three conversations, each with its platform.
    const timeline = await omnify.api('GET', `/api/v1/contacts/${waContact}/conversations`);
    expect(timeline.json.data.map((c: { platform: string }) => c.platform).sort()).toEqual([
      'instagram',
      'twilio',
      'whatsapp',
    ]);

    await instagram('Did you see my note about the size?');
    const merged = await nextAgentCall(2);
    const texts = merged.map((m) => m.content);
    expect(texts).toContain('[WhatsApp] Hi, I would like the blue jacket');
    expect(texts).toContain('[SMS] Also: size M please');
    expect(texts).toContain(`[Instagram] It's me again, my WhatsApp is ${phone}`);
    expect(texts.at(-1)).toBe('[Instagram] Did you see my note about the size?');

    const merges = await omnify.api('GET', `/api/v1/contacts/${waContact}/merges`);
    const undo = await omnify.api(
      'POST',
      `/api/v1/contacts/${waContact}/merges/${merges.json.data[0].id}/unmerge`,
      {
        reason: 'Not the same person after all',
      },
    );
    expect(undo.status).toBe(200);
    expect(undo.json).toMatchObject({ unmergeReason: 'Not the same person after all' });
    expect(await contactOf(ch.ig)).toBe(igContact);

    await instagram('Hello?');
    const after = (await nextAgentCall(3)).map((m) => m.content).join('\n');
    expect(after).not.toContain('blue jacket');
    expect(after).not.toContain('size M');
    expect(after).toContain('Did you see my note about the size?');
  });
});
