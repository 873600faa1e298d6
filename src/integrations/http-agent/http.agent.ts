import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type HttpClient, type HttpResponse, httpError } from '../../kernel/http-client/client.ts';
import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import type { Agent, AgentInput, AgentReply } from '../contract/agent.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../webhook/omnify-signature.ts';

/**
 * An absolute http(s) URL with a host and no whitespace. A pattern rather than `format: 'uri'`, which
 * TypeBox's `Value.Check` refuses unless a format checker is registered (same choice as the webhook channel).
 */
export const HTTP_URL_PATTERN = '^https?://[^\\s/?#]+[^\\s]*$';

/** Config of an HTTP agent: the endpoint and the shared secret used to sign requests (docs/agents.md). */
export const httpAgentConfigSchema = Type.Object(
  {
    url: Type.String({
      pattern: HTTP_URL_PATTERN,
      description: 'Endpoint that receives the POST.',
    }),
    secret: Type.String({ minLength: 16, description: 'Shared secret for X-Omnify-Signature.' }),
  },
  { additionalProperties: false },
);
export type HttpAgentConfig = Static<typeof httpAgentConfigSchema>;

/**
 * POSTs `body` (serialised JSON, sent byte for byte) to `url` through `http`, aborted by `signal`.
 * Redirects are not followed: a 3xx is returned like any other answer. Shared by the HTTP and OpenAI
 * agents. `label` names the endpoint in messages (never pass secrets in it); `secrets` are redacted.
 *
 * @throws OmnifyError `OMNIFY_ERR_AGENT_FAILED` on a network failure, an abort or timeout (`platformCode`
 *   = the system error code, e.g. `ECONNREFUSED`, or the abort reason's name, e.g. `TimeoutError`);
 *   `OMNIFY_ERR_AGENT_REJECTED` (`platformCode: 'private_address'`) when the endpoint is on a
 *   non-public address and `OMNIFY_ALLOW_PRIVATE_URLS` is off.
 */
export async function postAgentJson(
  http: HttpClient,
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  label: string,
  secrets: readonly unknown[] = [],
): Promise<HttpResponse> {
  try {
    return await http.request({
      method: 'POST',
      url,
      body,
      headers,
      signal,
      timeoutMs: AGENT_CALL_CEILING_MS,
      errors: 'agent',
      label,
      secrets,
    });
  } catch (e) {
    if (e instanceof OmnifyError) throw e;
    // The caller's signal fired (the agent timeout or a shutdown).
    const name = e instanceof Error ? e.name : 'AbortError';
    throw new OmnifyError(
      'OMNIFY_ERR_AGENT_FAILED',
      `Could not reach the ${label}: the request was aborted (timeout or shutdown)`,
      { platformCode: name },
    );
  }
}

/** Upper bound of one agent call in ms; the caller's `signal` (AGENT_TIMEOUT_MS) normally ends it first. */
const AGENT_CALL_CEILING_MS = 600_000;

/**
 * Reads an error envelope: OpenAI's `{"error":{"message","type","code"}}`, `{"error":"text"}`,
 * `{"message":"text"}`, or a plain-text body. Returns what it found, uncut.
 */
export function readErrorEnvelope(res: Pick<HttpResponse, 'json' | 'text'>): {
  code?: string;
  message?: string;
} {
  const j = res.json;
  let code: string | undefined;
  let message: string | undefined;
  if (isJsonObject(j)) {
    const e = j.error;
    if (isJsonObject(e)) {
      if (typeof e.code === 'string' || typeof e.code === 'number') code = String(e.code);
      if (typeof e.message === 'string') message = e.message;
    } else if (typeof e === 'string') message = e;
    if (message === undefined && typeof j.message === 'string') message = j.message;
  } else if (j === undefined && res.text.trim()) {
    message = res.text.trim();
  }
  return { code, message };
}

/**
 * Maps a non-2xx answer to an `OmnifyError` (`httpError`, agent family): 408, 409, 429 and ≥ 500 →
 * `OMNIFY_ERR_AGENT_FAILED` (retry, with `retryAfterMs` from the answer); any other status (3xx, 4xx) →
 * `OMNIFY_ERR_AGENT_REJECTED`. Details: `platformCode` (envelope code, else the status as a string),
 * `platformMessage` (cut to 500 characters), `httpStatus`. `secrets` and secret shapes are redacted.
 */
export function agentHttpError(
  res: HttpResponse,
  label: string,
  secrets: readonly unknown[] = [],
): OmnifyError {
  const env = readErrorEnvelope(res);
  return httpError(res, {
    family: 'agent',
    label,
    platformCode: env.code,
    platformMessage: env.message,
    secrets,
    note:
      res.status >= 300 && res.status < 400 ? ' (redirects are not followed; configure the final URL)' : '',
  });
}

/**
 * The JSON body an HTTP agent receives (docs/agents.md, "HTTP agents"). Keys appear in this order:
 * `{"conversation":{"id","channelId","platform"},"contact":{"id","name","handle"},
 *   "message":{"id","contentType","text","content","createdAt"},
 *   "history":[{"direction","senderKind","contentType","text","createdAt","platform","conversationId"}]}` (history oldest first; times ISO 8601 UTC).
 */
export function buildHttpAgentBody(input: AgentInput): string {
  const { contact, message } = input;
  return JSON.stringify({
    conversation: { id: input.conversationId, channelId: input.channelId, platform: input.platform },
    contact: { id: contact.id, name: contact.name, handle: contact.handle },
    message: {
      id: message.id,
      contentType: message.contentType,
      text: message.text,
      content: message.content,
      createdAt: message.createdAt,
    },
    history: input.history.map((h) => ({
      direction: h.direction,
      senderKind: h.senderKind,
      contentType: h.contentType,
      text: h.text,
      createdAt: h.createdAt,
      platform: h.platform,
      conversationId: h.conversationId,
    })),
  });
}

/**
 * An agent behind the user's own HTTPS endpoint (protocol: docs/agents.md, "HTTP agents"), called
 * through `http` (the outbound client with the SSRF guard).
 * `reply` POSTs `buildHttpAgentBody(input)` with `X-Omnify-Signature: signOmnify(secret, body)` (see
 * src/integrations/webhook/omnify-signature.ts) and reads the answer: 2xx `{"reply":"text"}` → that text (trimmed; blank → null),
 * `{"reply":null}`, 204 or an empty body → null. A 2xx with any other body → `OMNIFY_ERR_AGENT_REJECTED`.
 * Other statuses and network errors: see `agentHttpError` and `postAgentJson`.
 */
export class HttpAgent implements Agent {
  readonly kind = 'http';

  constructor(
    private readonly config: HttpAgentConfig,
    private readonly http: HttpClient,
  ) {}

  async reply(input: AgentInput, signal: AbortSignal): Promise<AgentReply | null> {
    const body = buildHttpAgentBody(input);
    const headers = { [OMNIFY_SIGNATURE_HEADER]: signOmnify(this.config.secret, body) };
    const label = 'HTTP agent endpoint';
    const secrets = [this.config.secret];
    const res = await postAgentJson(this.http, this.config.url, body, headers, signal, label, secrets);
    if (res.status < 200 || res.status >= 300) throw agentHttpError(res, label, secrets);
    if (res.status === 204 || !res.text.trim()) return null;
    const j = res.json;
    if (!isJsonObject(j) || !('reply' in j) || (j.reply !== null && typeof j.reply !== 'string')) {
      throw new OmnifyError(
        'OMNIFY_ERR_AGENT_REJECTED',
        `The ${label} answered HTTP ${res.status} without a valid body; expected {"reply": "text"} or {"reply": null}`,
        { platformCode: 'invalid_response', httpStatus: res.status },
      );
    }
    const text = typeof j.reply === 'string' ? j.reply.trim() : '';
    return text ? { text } : null;
  }
}
