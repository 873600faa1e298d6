import { describe, expect, it } from 'vitest';
import { completeOpenApiDocument, errorStatusesFor, operationIdFor } from './openapi-defaults.ts';

const err = {
  description: 'x',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/def-0' } } },
};

describe('operationIdFor', () => {
  it('derives camelCase ids from method and path, without the /api/v1 prefix', () => {
    expect(operationIdFor('GET', '/api/v1/channels/{id}/messages')).toBe('getChannelsByIdMessages');
    expect(operationIdFor('post', '/webhooks/{channelId}')).toBe('postWebhooksByChannelId');
    expect(operationIdFor('delete', '/api/v1/model-results/{run_id}')).toBe('deleteModelResultsByRunId');
    expect(operationIdFor('get', '/api/v1')).toBe('getRoot');
  });
});

describe('errorStatusesFor', () => {
  it('adds only the 4xx answers that can apply', () => {
    expect(errorStatusesFor('get', '/health', {})).toEqual([]);
    expect(errorStatusesFor('get', '/api/v1/channels', { parameters: [{ in: 'query' }] })).toEqual([
      '400',
      '401',
      '403',
      '429',
    ]);
    expect(
      errorStatusesFor('patch', '/api/v1/channels/{id}', { parameters: [{ in: 'path' }], requestBody: {} }),
    ).toEqual(['400', '401', '403', '404', '409', '413', '415', '429']);
    expect(errorStatusesFor('post', '/webhooks/{channelId}', { requestBody: {} })).toEqual([
      '400',
      '404',
      '409',
      '413',
      '415',
    ]);
  });
});

describe('completeOpenApiDocument', () => {
  const doc = () => ({
    components: { schemas: { 'def-0': { title: 'ErrorResponse' } } },
    paths: {
      '/api/v1/things/{id}': {
        parameters: [],
        get: { parameters: [{ in: 'path' }], responses: { '404': err, '200': { description: 'ok' } } },
        delete: { operationId: 'getThingsById', responses: {} },
      },
    },
  });
  it('sets servers, unique operationIds and error answers that reference the error schema', () => {
    const out = completeOpenApiDocument(doc(), { serverUrl: '/', errorSchemaId: 'ErrorResponse' });
    expect(out.servers).toEqual([{ url: '/' }]);
    const item = out.paths!['/api/v1/things/{id}'] as Record<string, any>;
    expect(item.delete.operationId).toBe('getThingsById');
    expect(item.get.operationId).toBe('getThingsById2'); // the derived id was taken: suffixed
    expect(Object.keys(item.get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429']);
    expect(item.get.responses['404']).toBe(err); // what a route documents itself is kept
    expect(item.get.responses['401'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/def-0',
    });
    expect(Object.keys(item.delete.responses).sort()).toEqual(['400', '401', '403', '404', '409', '429']);
  });
  it('keeps given servers and refuses a document without the error schema', () => {
    const given = { ...doc(), servers: [{ url: 'https://omnify.example' }] };
    expect(
      completeOpenApiDocument(given, { serverUrl: '/', errorSchemaId: 'ErrorResponse' }).servers,
    ).toEqual([{ url: 'https://omnify.example' }]);
    expect(() => completeOpenApiDocument(doc(), { serverUrl: '/', errorSchemaId: 'Nope' })).toThrow(/Nope/);
  });
});
