import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installInputSanitizer } from '../sanitize/fastify.ts';
import { installErrorHandlers } from './errors.ts';
import { ErrorResponse, StringEnum } from './schemas.ts';
import { fieldErrorsFromAjv } from './validation-errors.ts';

// The same Ajv options as src/app/app.ts.
const app = Fastify({
  ajv: {
    customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
  },
});

beforeAll(async () => {
  installErrorHandlers(app);
  installInputSanitizer(app);
  app.addSchema(ErrorResponse);
  const body = Type.Object(
    {
      name: Type.String({ minLength: 1 }),
      amountMinor: Type.Integer(),
      platform: StringEnum(['whatsapp', 'telegram']),
      owner: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    },
    { additionalProperties: false },
  );
  app.post('/x', { schema: { body, response: { 400: Type.Ref('ErrorResponse') } } }, async (req) => req.body);
  await app.ready();
});
afterAll(() => app.close());

const post = async (payload: unknown, contentType = 'application/json') => {
  const res = await app.inject({
    method: 'POST',
    url: '/x',
    headers: { 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.statusCode, json: res.json() };
};

describe('validation errors as clients see them', () => {
  it('reports a misspelt field as unknown, and the required one it replaced', async () => {
    const res = await post({ name: 'a', amuontMinor: 5, platform: 'whatsapp' });
    expect(res.status).toBe(400);
    expect(res.json.error.details.fields.slice(0, 2)).toEqual([
      { path: '/body/amuontMinor', message: 'is not a known field' },
      { path: '/body/amountMinor', message: 'is required' },
    ]);
    expect(res.json.error.message).toBe(
      'The request is invalid: /body/amuontMinor is not a known field (and 1 more).',
    );
  });

  it('lists the allowed values of an enum in the message and details', async () => {
    const res = await post({ name: 'a', amountMinor: 1, platform: 'sms' });
    expect(res.json.error.details.fields).toEqual([
      {
        path: '/body/platform',
        message: 'must be one of: "whatsapp", "telegram"',
        allowed: ['whatsapp', 'telegram'],
      },
    ]);
  });

  it('drops the summary of a union whose branches explain the field', async () => {
    const res = await post({ name: 'a', amountMinor: 1, platform: 'telegram', owner: 5 });
    const paths = res.json.error.details.fields.map((f: { path: string; message: string }) => f.message);
    expect(paths).not.toContain('must match a schema in anyOf');
    expect(res.json.error.details.fields.every((f: { path: string }) => f.path === '/body/owner')).toBe(true);
  });

  it('answers 415 for a text/plain body and 400 for a body nested 65 levels deep', async () => {
    const plain = await post('hello', 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.json.error.code).toBe('OMNIFY_ERR_UNSUPPORTED_MEDIA_TYPE');
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    const res = await post({ name: deep });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
  });

  it('strips NUL and lone surrogates before validation', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/x',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"a\\u0000b\\ud800","amountMinor":1,"platform":"whatsapp"}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('ab\uFFFD');
  });

  it('caps the list at 20 errors', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({
      keyword: 'type',
      instancePath: `/${i}`,
      message: 'x',
    }));
    expect(fieldErrorsFromAjv(many)).toHaveLength(20);
  });
});
