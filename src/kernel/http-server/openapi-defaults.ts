/**
 * Completes the generated OpenAPI document in one place instead of in every route file: `servers`,
 * a stable `operationId` for each operation that has none, and the 4xx answers that can apply to
 * it, each with the error schema (`{"error":{code,message,details}}`, docs/errors.md). Used as
 * @fastify/swagger's `transformObject`, so it changes the document only, never how replies are
 * validated or serialized.
 */

/** The parts of an OpenAPI 3.1 document this module reads and writes (the rest passes through). */
export interface OpenApiDocument {
  servers?: { url: string; description?: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, { title?: string; $id?: string }> };
  [key: string]: unknown;
}

interface Operation {
  operationId?: string;
  parameters?: { in?: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** What each added status means (RFC 9110 section 15.5 reason phrases, with our causes). */
const DESCRIPTIONS: Record<string, string> = {
  '400': 'Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION).',
  '401': 'Unauthorized: the API key is missing, unknown or revoked.',
  '403': 'Forbidden: the key’s role may not do this.',
  '404': 'Not Found: no such resource in this workspace.',
  '409': 'Conflict: the request conflicts with the resource’s current state.',
  '413': 'Content Too Large: the body exceeds the configured limit.',
  '415': 'Unsupported Media Type: the body is not JSON (or the route’s declared type).',
  '429': 'Too Many Requests: rate limited; retry after the `retry-after` header.',
};

/**
 * A stable camelCase operationId from method and path, the `/api/v1` prefix left out:
 * `GET /api/v1/channels/{id}/messages` → `getChannelsByIdMessages`,
 * `POST /webhooks/{channelId}` → `postWebhooksByChannelId`. Only letters and digits are kept.
 */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => {
      const param = /^\{(.+)\}$/.exec(seg) ?? /^:(.+)$/.exec(seg);
      const parts = (param ? param[1] : seg).split(/[^A-Za-z0-9]+/).filter(Boolean);
      return param ? ['by', ...parts] : parts;
    });
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return `${method.toLowerCase()}${pascal || 'Root'}`;
}

/** The 4xx statuses that can answer `method path` given what the operation takes. */
export function errorStatusesFor(method: string, path: string, op: Operation): string[] {
  const params = op.parameters ?? [];
  const hasPath = params.some((p) => p.in === 'path') || path.includes('{');
  const hasQuery = params.some((p) => p.in === 'query');
  const hasBody = op.requestBody !== undefined;
  const api = /^\/api\/v1(\/|$)/.test(path);
  const writes = ['post', 'put', 'patch', 'delete'].includes(method);
  const out: string[] = [];
  if (hasBody || hasPath || hasQuery) out.push('400');
  if (api) out.push('401', '403');
  if (hasPath) out.push('404');
  if (writes) out.push('409');
  if (hasBody) out.push('413', '415');
  if (api) out.push('429');
  return out;
}

/** The `$ref` of the error schema in `doc` (swagger names added schemas `def-N` with a title). */
function errorSchemaRef(doc: OpenApiDocument, errorSchemaId: string): string {
  const schemas = doc.components?.schemas ?? {};
  const key = Object.keys(schemas).find(
    (k) => k === errorSchemaId || schemas[k].title === errorSchemaId || schemas[k].$id === errorSchemaId,
  );
  if (!key) throw new Error(`OpenAPI document has no component schema "${errorSchemaId}"`);
  return `#/components/schemas/${key}`;
}

/**
 * Completes `doc` in place and returns it: `servers` set to `serverUrl` when the document has none;
 * every operation without an `operationId` gets {@link operationIdFor} (a clash gets a numeric
 * suffix, so ids stay unique); the statuses of {@link errorStatusesFor} an operation does not already
 * document are added, referencing the component schema `errorSchemaId`.
 *
 * @throws Error when `doc` has operations but no component schema named `errorSchemaId`.
 */
export function completeOpenApiDocument(
  doc: OpenApiDocument,
  options: { serverUrl: string; errorSchemaId: string },
): OpenApiDocument {
  if (!doc.servers || doc.servers.length === 0) doc.servers = [{ url: options.serverUrl }];
  const paths = doc.paths ?? {};
  const used = new Set<string>();
  const pending: [string, string, Operation][] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const op = value as Operation;
      if (op.operationId) used.add(op.operationId);
      pending.push([method, path, op]);
    }
  }
  if (pending.length === 0) return doc;
  const ref = errorSchemaRef(doc, options.errorSchemaId);
  for (const [method, path, op] of pending) {
    if (!op.operationId) {
      const base = operationIdFor(method, path);
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}${n}`;
      op.operationId = id;
      used.add(id);
    }
    op.responses ??= {};
    for (const status of errorStatusesFor(method, path, op)) {
      op.responses[status] ??= {
        description: DESCRIPTIONS[status],
        content: { 'application/json': { schema: { $ref: ref } } },
      };
    }
  }
  return doc;
}
