import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { isOmnifyError, type OmnifyError } from '../kernel/errors/catalog.ts';
import {
  AGENT_KINDS,
  agentConfigSchemas,
  agentSecretFields,
  createAgent,
  isAgentKind,
  validateAgentConfig,
} from './agent-registry.ts';
import { FaqAgent } from './faq/faq.agent.ts';
import { HttpAgent } from './http-agent/http.agent.ts';
import { OpenAIAgent } from './openai/openai.agent.ts';

function catchError(fn: () => unknown): OmnifyError {
  try {
    fn();
  } catch (e) {
    if (isOmnifyError(e)) return e;
    throw e;
  }
  throw new Error('expected an OmnifyError');
}

const valid = {
  openai: {
    baseUrl: 'https://api.openai.com/v1',
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    temperature: 0.7,
    maxTokens: 200,
  },
  http: { url: 'https://bots.example.com/omnify', secret: '0123456789abcdef' },
  faq: {
    entries: [{ question: 'Opening hours?', answer: '9 to 5.' }],
    fallback: 'Someone will answer soon.',
    threshold: 0.6,
  },
};

describe('agent registry', () => {
  it('lists the kinds, their schemas and secret fields', () => {
    expect(AGENT_KINDS).toEqual(['openai', 'http', 'faq']);
    expect(Object.keys(agentConfigSchemas)).toEqual([...AGENT_KINDS]);
    expect(agentSecretFields).toEqual({ openai: ['apiKey'], http: ['secret'], faq: [] });
    expect(isAgentKind('faq')).toBe(true);
    expect(isAgentKind('gpt')).toBe(false);
    for (const kind of AGENT_KINDS) {
      for (const field of agentSecretFields[kind])
        expect(Object.keys(agentConfigSchemas[kind].properties)).toContain(field);
    }
  });

  it('creates each kind from a valid config', () => {
    expect(createAgent('openai', valid.openai)).toBeInstanceOf(OpenAIAgent);
    expect(createAgent('http', valid.http)).toBeInstanceOf(HttpAgent);
    expect(createAgent('faq', valid.faq)).toBeInstanceOf(FaqAgent);
    expect(createAgent('faq', valid.faq).kind).toBe('faq');
    expect(
      createAgent('openai', { baseUrl: 'http://localhost:11434/v1', apiKey: 'ollama', model: 'llama3' }).kind,
    ).toBe('openai');
    for (const kind of AGENT_KINDS) expect(Value.Check(agentConfigSchemas[kind], valid[kind])).toBe(true);
  });

  it('refuses an unknown kind with a /kind field error', () => {
    const err = catchError(() => createAgent('gpt', valid.openai));
    expect(err.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(err.details.fields).toEqual([
      { path: '/kind', message: expect.stringContaining('openai, http, faq') },
    ]);
  });

  it('reports field errors for invalid openai configs', () => {
    const err = catchError(() =>
      createAgent('openai', {
        baseUrl: 'not a url',
        model: '',
        temperature: 3,
        maxTokens: 1.5,
        api_key: 'sk',
      }),
    );
    expect(err.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(err.status).toBe(400);
    const paths = err.details.fields!.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/baseUrl', '/apiKey', '/model', '/temperature', '/maxTokens', '/api_key']),
    );
    for (const f of err.details.fields!) expect(f.message).toEqual(expect.any(String));
    expect(JSON.stringify(err.toResponse())).not.toContain('"sk"');
  });

  it('reports field errors for invalid http configs', () => {
    expect(
      validateAgentConfig('http', { url: 'ftp://example.com/x', secret: 'short' })
        .map((f) => f.path)
        .sort(),
    ).toEqual(['/secret', '/url']);
    expect(validateAgentConfig('http', { url: 'https:// x', secret: '0123456789abcdef' })[0].path).toBe(
      '/url',
    );
    expect(validateAgentConfig('http', { url: 'https://example.com' }, '/config')).toEqual([
      { path: '/config/secret', message: expect.any(String) },
    ]);
    const err = catchError(() => createAgent('http', null, { pathPrefix: '/config' }));
    expect(err.details.fields!.length).toBeGreaterThan(0);
    expect(err.details.fields![0].path).toBe('/config');
  });

  it('reports field errors for invalid faq configs', () => {
    expect(validateAgentConfig('faq', { entries: [] }).map((f) => f.path)).toEqual(['/entries']);
    const fields = validateAgentConfig('faq', { entries: [{ question: 'Q?' }], threshold: 1.5 });
    expect(fields.map((f) => f.path).sort()).toEqual(['/entries/0/answer', '/threshold']);
    expect(validateAgentConfig('faq', valid.faq)).toEqual([]);
  });
});
