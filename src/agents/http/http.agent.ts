import { type Static, Type } from '@sinclair/typebox';
import type { Agent, AgentInput, AgentReply } from '../../core/agent.ts';
import { parseJsonLenient, retryAfterMs } from '../../core/http-response.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../core/omnify-signature.ts';
import { OmnifyError } from '../../errors/catalog.ts';

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

/** A raw answer of an agent endpoint: status, headers, body text and the body parsed as JSON (undefined if not JSON). */
export interface AgentHttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * POSTs `body` (serialised JSON, sent byte for byte) to `url`, aborted by `signal`. Redirects are not
 * followed: a 3xx is returned like any other answer. Shared by the HTTP and OpenAI agents.
 * Errors: a network failure, an abort/timeout or a body cut short → `OMNIFY_ERR_AGENT_FAILED` with
 * `platformCode` = the Node/undici error code (e.g. `ECONNREFUSED`) or the error name (`AbortError`, `TimeoutError`).
 * `label` names the endpoint in messages (never pass secrets in it).
 */
export async function postAgentJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  label: string,
): Promise<AgentHttpResponse> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
      signal,
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: parseJsonLenient(text) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const cause = err.cause instanceof Error ? (err.cause as Error & { code?: unknown }) : undefined;
    const code = typeof cause?.code === 'string' ? cause.code : err.name;
    const reason = signal.aborted
      ? 'the request was aborted (timeout or shutdown)'
      : (cause?.message ?? err.message);
    throw new OmnifyError(
      'OMNIFY_ERR_AGENT_FAILED',
      `Could not reach the ${label}: ${reason}`,
      { platformCode: code },
      { cause: e },
    );
  }
}

/**
 * Reads an error envelope: OpenAI's `{"error":{"message","type","code"}}`, `{"error":"text"}`,
 * `{"message":"text"}`, or a plain-text body. Returns what it found, uncut.
 */
export function readErrorEnvelope(res: AgentHttpResponse): { code?: string; message?: string } {
  const j = res.json as any;
  let code: string | undefined;
  let message: string | undefined;
  if (j && typeof j === 'object') {
    const e = j.error;
    if (e && typeof e === 'object') {
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
 * Maps a non-2xx answer to an `OmnifyError`: 408, 409, 429 and ≥ 500 → `OMNIFY_ERR_AGENT_FAILED` (retry,
 * with `retryAfterMs` from the headers); any other status (3xx, 4xx) → `OMNIFY_ERR_AGENT_REJECTED`.
 * Details: `platformCode` (envelope code, else the status as a string), `platformMessage`, `httpStatus`.
 * Every occurrence of each string in `redact` (secrets) is replaced by `[redacted]`, then the message is
 * cut to 500 characters.
 */
export function agentHttpError(res: AgentHttpResponse, label: string, redact: string[] = []): OmnifyError {
  const env = readErrorEnvelope(res);
  const clean = (s: string | undefined) =>
    s === undefined
      ? undefined
      : redact.filter(Boolean).reduce((acc, r) => acc.split(r).join('[redacted]'), s);
  const platformMessage = clean(env.message)?.slice(0, 500);
  const transient = res.status === 408 || res.status === 409 || res.status === 429 || res.status >= 500;
  let message = `The ${label} answered HTTP ${res.status}`;
  if (res.status >= 300 && res.status < 400) {
    message += ' (redirects are not followed; configure the final URL)';
  }
  if (platformMessage) message += `: ${platformMessage}`;
  const wait = transient ? retryAfterMs(res.headers) : undefined;
  return new OmnifyError(transient ? 'OMNIFY_ERR_AGENT_FAILED' : 'OMNIFY_ERR_AGENT_REJECTED', message, {
    platformCode: clean(env.code) ?? String(res.status),
    ...(platformMessage ? { platformMessage } : {}),
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    httpStatus: res.status,
  });
}

/**
 * The JSON body an HTTP agent receives (docs/agents.md, "HTTP agents"). Keys appear in this order:
 * `{"conversation":{"id","channelId","platform"},"contact":{"id","name","handle"},
 *   "message":{"id","contentType","text","content","createdAt"},
 *   "history":[{"direction","senderKind","contentType","text","createdAt"}]}` (history oldest first; times ISO 8601 UTC).
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
    })),
  });
}

/**
 * An agent behind the user's own HTTPS endpoint (protocol: docs/agents.md, "HTTP agents").
 * `reply` POSTs `buildHttpAgentBody(input)` with `X-Omnify-Signature: signOmnify(secret, body)` (see
 * src/core/omnify-signature.ts) and reads the answer: 2xx `{"reply":"text"}` → that text (trimmed; blank → null),
 * `{"reply":null}`, 204 or an empty body → null. A 2xx with any other body → `OMNIFY_ERR_AGENT_REJECTED`.
 * Other statuses and network errors: see `agentHttpError` and `postAgentJson`.
 */
export class HttpAgent implements Agent {
  readonly kind = 'http';

  constructor(private readonly config: HttpAgentConfig) {}

  async reply(input: AgentInput, signal: AbortSignal): Promise<AgentReply | null> {
    const body = buildHttpAgentBody(input);
    const headers = { [OMNIFY_SIGNATURE_HEADER]: signOmnify(this.config.secret, body) };
    const label = 'HTTP agent endpoint';
    const res = await postAgentJson(this.config.url, body, headers, signal, label);
    if (res.status < 200 || res.status >= 300) throw agentHttpError(res, label, [this.config.secret]);
    if (res.status === 204 || !res.text.trim()) return null;
    const j = res.json as any;
    if (
      !j ||
      typeof j !== 'object' ||
      Array.isArray(j) ||
      !('reply' in j) ||
      (j.reply !== null && typeof j.reply !== 'string')
    ) {
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
