import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi-document.ts';

type Op = {
  operationId?: string;
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, any>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('the OpenAPI document', () => {
  it('has servers, a unique operationId per operation and the 4xx answers with the error schema', async () => {
    const doc = (await buildOpenApiDocument()) as any;
    expect(doc.servers).toEqual([{ url: '/' }]);
    const errorRef =
      doc.paths['/api/v1/channels'].get.responses['401'].content['application/json'].schema.$ref;
    expect(doc.components.schemas[errorRef.split('/').pop()].title).toBe('ErrorResponse');
    const ids = new Set<string>();
    let count = 0;
    for (const [path, item] of Object.entries<Record<string, Op>>(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        count++;
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(ids.has(op.operationId!), `${where}: duplicate ${op.operationId}`).toBe(false);
        ids.add(op.operationId!);
        const expected = [
          ...(op.requestBody || op.parameters?.length ? ['400'] : []),
          ...(path.startsWith('/api/v1') ? ['401', '403', '429'] : []),
          ...(path.includes('{') ? ['404'] : []),
          ...(op.requestBody ? ['413', '415'] : []),
        ];
        for (const status of expected) {
          expect(op.responses[status], `${where} ${status}`).toBeDefined();
          const schema = op.responses[status].content?.['application/json']?.schema;
          expect(schema?.$ref ?? schema, `${where} ${status} schema`).toBeDefined();
        }
      }
    }
    expect(count).toBeGreaterThan(50);
  });
  it('names PUBLIC_URL as the server when it is set', async () => {
    const doc = (await buildOpenApiDocument({ PUBLIC_URL: 'https://omnify.example.org' })) as any;
    expect(doc.servers).toEqual([{ url: 'https://omnify.example.org' }]);
  });
});
