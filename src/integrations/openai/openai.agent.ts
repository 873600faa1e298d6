import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpClient } from '../../kernel/http-client/client.ts';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { Agent, AgentInput, AgentReply } from '../contract/agent.ts';
import { agentHttpError, HTTP_URL_PATTERN, postAgentJson } from '../http-agent/http.agent.ts';

/** Config of an OpenAI-compatible agent (OpenAI, Azure-style proxies, Ollama, vLLM, LM Studio…). */
export const openaiAgentConfigSchema = Type.Object(
  {
    baseUrl: Type.String({
      pattern: HTTP_URL_PATTERN,
      description: 'API root without /chat/completions, e.g. https://api.openai.com/v1',
    }),
    apiKey: Type.String({ minLength: 1, description: 'Sent as "Authorization: Bearer <apiKey>".' }),
    model: Type.String({ minLength: 1, description: 'Model name, e.g. gpt-4o-mini.' }),
    systemPrompt: Type.Optional(
      Type.String({ description: 'First message of every request, role "system".' }),
    ),
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
    maxTokens: Type.Optional(Type.Integer({ minimum: 1, description: 'Sent as max_tokens.' })),
  },
  { additionalProperties: false },
);
export type OpenAIAgentConfig = Static<typeof openaiAgentConfigSchema>;

/** One Chat Completions message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The text of a message for the model: its text, or `[<contentType>]` (e.g. `[image]`) when it has none. */
function asContent(text: string | null, contentType: string): string {
  return text?.trim() ? text : `[${contentType}]`;
}

/** How a platform is named to the model when a contact's history spans several. */
const PLATFORM_LABEL: Record<string, string> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  slack: 'Slack',
  discord: 'Discord',
  instagram: 'Instagram',
  messenger: 'Messenger',
  twilio: 'SMS',
  email: 'E-mail',
  respondio: 'Respond.io',
  webchat: 'Web chat',
  teams: 'Teams',
  webhook: 'Webhook',
};

/**
 * The `messages` array of a Chat Completions request: the system prompt (if set), then the history
 * oldest first (inbound → `user`, outbound → `assistant`), then the message to answer as `user`.
 * When the contact's history spans more than one platform (one person across channels), every
 * message starts with where it went through, e.g. `[Instagram] I mentioned this before`, so the
 * model can tell them apart and refer to them.
 */
export function buildChatMessages(
  config: Pick<OpenAIAgentConfig, 'systemPrompt'>,
  input: AgentInput,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (config.systemPrompt) messages.push({ role: 'system', content: config.systemPrompt });
  const mixed = input.history.some((h) => h.platform !== input.platform);
  const mark = (platform: string, text: string) =>
    mixed ? `[${PLATFORM_LABEL[platform] ?? platform}] ${text}` : text;
  for (const h of input.history) {
    messages.push({
      role: h.direction === 'inbound' ? 'user' : 'assistant',
      content: mark(h.platform, asContent(h.text, h.contentType)),
    });
  }
  messages.push({
    role: 'user',
    content: mark(input.platform, asContent(input.message.text, input.message.contentType)),
  });
  return messages;
}

/** Reads `choices[0].message.content` (a string, or an array of `{type:"text",text}` parts); trimmed, blank → null. */
export function readCompletionText(json: unknown): string | null {
  const content = field(json, 'choices', 0, 'message', 'content');
  let text: string | undefined;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    text = content
      .map((p: unknown) => stringField(p, 'text') ?? '')
      .join('')
      .trim();
  }
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/**
 * An agent backed by any OpenAI-compatible Chat Completions endpoint
 * (protocol: https://platform.openai.com/docs/api-reference/chat/create).
 *
 * `reply` POSTs `<baseUrl>/chat/completions` through `http` (the outbound client) with `Authorization: Bearer <apiKey>` and
 * `{model, messages: buildChatMessages(...), temperature?, max_tokens?}`, aborted by `signal`, and answers
 * `choices[0].message.content` trimmed (missing or blank → null).
 * Errors: network failure/abort, 408, 409, 429, ≥ 500 → `OMNIFY_ERR_AGENT_FAILED` (with `retryAfterMs`
 * from `retry-after-ms`/`Retry-After`); other 3xx/4xx → `OMNIFY_ERR_AGENT_REJECTED`; a 2xx body that is
 * not JSON → `OMNIFY_ERR_AGENT_REJECTED` (wrong `baseUrl`). `platformCode` is the envelope's `error.code`
 * (else the HTTP status), `platformMessage` its `error.message`. The API key never appears in errors.
 */
export class OpenAIAgent implements Agent {
  readonly kind = 'openai';
  private readonly endpoint: string;

  constructor(
    private readonly config: OpenAIAgentConfig,
    private readonly http: HttpClient,
  ) {
    this.endpoint = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  async reply(input: AgentInput, signal: AbortSignal): Promise<AgentReply | null> {
    const { model, temperature, maxTokens, apiKey } = this.config;
    const body = JSON.stringify({
      model,
      messages: buildChatMessages(this.config, input),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
    });
    const label = 'OpenAI-compatible endpoint';
    const res = await postAgentJson(
      this.http,
      this.endpoint,
      body,
      { authorization: `Bearer ${apiKey}` },
      signal,
      label,
      [apiKey],
    );
    if (res.status < 200 || res.status >= 300) throw agentHttpError(res, label, [apiKey]);
    if (res.json === undefined || res.json === null || typeof res.json !== 'object') {
      throw new OmnifyError(
        'OMNIFY_ERR_AGENT_REJECTED',
        `The ${label} answered HTTP ${res.status} with a body that is not a JSON object; check baseUrl (it should end in /v1 for OpenAI)`,
        { platformCode: 'invalid_response', httpStatus: res.status },
      );
    }
    const text = readCompletionText(res.json);
    return text ? { text } : null;
  }
}
