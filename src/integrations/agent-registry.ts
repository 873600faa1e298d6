import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { type FieldError, OmnifyError } from '../kernel/errors/catalog.ts';
import { type HttpClient, outboundHttp } from '../kernel/http-client/client.ts';
import type { Agent } from './contract/agent.ts';
import { FaqAgent, type FaqAgentConfig, faqAgentConfigSchema } from './faq/faq.agent.ts';
import { HttpAgent, type HttpAgentConfig, httpAgentConfigSchema } from './http-agent/http.agent.ts';
import { OpenAIAgent, type OpenAIAgentConfig, openaiAgentConfigSchema } from './openai/openai.agent.ts';

/** Config fields of each kind that hold outbound URLs the user chose (checked against SSRF when saved). */
export const agentUrlFields: Record<AgentKind, string[]> = {
  openai: ['baseUrl'],
  http: ['url'],
  faq: [],
};

/** Every agent kind Omnify ships. */
export const AGENT_KINDS = ['openai', 'http', 'faq'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** The TypeBox schema of each kind's config (JSON Schema; also usable in OpenAPI docs). */
export const agentConfigSchemas: Record<AgentKind, TSchema> = {
  openai: openaiAgentConfigSchema,
  http: httpAgentConfigSchema,
  faq: faqAgentConfigSchema,
};

/** Config fields that hold secrets, per kind: never to be shown in API answers or logs. */
export const agentSecretFields: Record<AgentKind, string[]> = {
  openai: ['apiKey'],
  http: ['secret'],
  faq: [],
};

/** True when `kind` is one of `AGENT_KINDS`. */
export function isAgentKind(kind: unknown): kind is AgentKind {
  return typeof kind === 'string' && (AGENT_KINDS as readonly string[]).includes(kind);
}

/**
 * Field errors of `config` against `kind`'s schema (TypeBox `Value.Errors`), the first one per path
 * (e.g. a missing field gives "Expected required property", not also "Expected string").
 * Paths are JSON pointers into the config prefixed with `pathPrefix` (e.g. `/config` → `/config/apiKey`).
 * Empty when the config is valid.
 */
export function validateAgentConfig(kind: AgentKind, config: unknown, pathPrefix = ''): FieldError[] {
  const schema = agentConfigSchemas[kind];
  if (Value.Check(schema, config)) return [];
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const e of Value.Errors(schema, config)) {
    const path = `${pathPrefix}${e.path}` || '/';
    if (seen.has(path)) continue;
    seen.add(path);
    fields.push({ path, message: e.message });
  }
  return fields;
}

/**
 * Builds the agent of `kind` from an untrusted `config` (e.g. a request body).
 * Errors: `OMNIFY_ERR_VALIDATION` with `details.fields` = `[{path, message}]` when `kind` is unknown
 * (path `/kind`) or the config fails the kind's schema (paths as in `validateAgentConfig`, prefixed with
 * `options.pathPrefix`, default none). Agents that call out use `options.http` (pass
 * `outboundHttp(config)`), else a client that refuses private addresses.
 */
export function createAgent(
  kind: string,
  config: unknown,
  options: { pathPrefix?: string; http?: HttpClient } = {},
): Agent {
  if (!isAgentKind(kind)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Unknown agent kind "${kind}".`, {
      fields: [{ path: '/kind', message: `Expected one of: ${AGENT_KINDS.join(', ')}` }],
    });
  }
  const fields = validateAgentConfig(kind, config, options.pathPrefix ?? '');
  if (fields.length > 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `The ${kind} agent config is invalid.`, { fields });
  }
  switch (kind) {
    case 'openai':
      return new OpenAIAgent(
        config as OpenAIAgentConfig,
        options.http ?? outboundHttp({ allowPrivateUrls: false }),
      );
    case 'http':
      return new HttpAgent(
        config as HttpAgentConfig,
        options.http ?? outboundHttp({ allowPrivateUrls: false }),
      );
    case 'faq':
      return new FaqAgent(config as FaqAgentConfig);
  }
}
