/**
 * What the benchmarks set up through Omnify's REST API, as a user would: a built-in FAQ agent and
 * WhatsApp channels whose Graph API base URL points at a fake Graph API on 127.0.0.1.
 */

/** POSTs `body` as JSON to `${server}${path}` with `apiKey`; returns the parsed answer, throws on non-2xx. */
export async function postJson(server: string, apiKey: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${server}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: any = await res.json();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The benchmarks' API: a FAQ agent, and WhatsApp channels signed with `appSecret` that send to `graphUrl`. */
export function benchApi(server: string, apiKey: string, graphUrl: string, appSecret: string) {
  return {
    /** Creates the FAQ agent (one entry and a fallback); returns its `{ id }`. */
    faqAgent: (name = 'Bench FAQ'): Promise<{ id: string }> =>
      postJson(server, apiKey, '/api/v1/agents', {
        kind: 'faq',
        name,
        config: {
          entries: [
            { question: 'Are you open on Saturday?', answer: 'Yes, on Saturdays from 9:00 to 18:00.' },
          ],
          fallback: 'Thanks! We will get back to you.',
        },
      }),
    /** Creates a WhatsApp channel answered by `agentId` (none when null); returns its `{ id }`. */
    whatsappChannel: (name: string, agentId: string | null): Promise<{ id: string }> =>
      postJson(server, apiKey, '/api/v1/channels', {
        platform: 'whatsapp',
        name,
        agentId,
        config: {
          phoneNumberId: '100000000000001',
          accessToken: 'bench-access-token',
          appSecret,
          verifyToken: 'bench-verify-token',
          apiBaseUrl: `${graphUrl}/v21.0`,
        },
      }),
  };
}
