import { randomBytes } from 'node:crypto';
import { field } from '../../kernel/http-client/json-field.ts';
import type { EmulatorRequest, EmulatorResponse } from './types.ts';

/** Last activity id handed out, ms since the epoch (Teams ids are creation times in ms; kept unique per process). */
let lastId = 0;

const connectorError = (status: number, code: string, message: string): EmulatorResponse => ({
  status,
  body: { error: { code, message } },
});

const TOKEN_PATH = /^\/[A-Za-z0-9.-]+\/oauth2\/v2\.0\/token$/;
const ACTIVITIES_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/** A path segment decoded, or undefined when it is not valid percent-encoding. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The identity platform's token endpoint: client credentials for the Bot Connector scope. */
function token(req: EmulatorRequest): EmulatorResponse {
  const fail = (error: string, description: string): EmulatorResponse => ({
    status: 400,
    body: { error, error_description: description },
  });
  if (field(req.body, 'grant_type') !== 'client_credentials') {
    return fail('unsupported_grant_type', 'AADSTS70003: The grant type is not supported.');
  }
  if (!field(req.body, 'client_id') || !field(req.body, 'client_secret')) {
    return fail(
      'invalid_request',
      "AADSTS900144: The request body must contain 'client_id' and 'client_secret'.",
    );
  }
  if (field(req.body, 'scope') !== 'https://api.botframework.com/.default') {
    return fail('invalid_scope', 'AADSTS70011: The provided scope is not valid.');
  }
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: `sandbox-${randomBytes(16).toString('hex')}`,
    },
  };
}

/**
 * The sandbox's Microsoft Teams: the identity platform's `POST /{tenant}/oauth2/v2.0/token` (form
 * `grant_type=client_credentials`, `client_id`, `client_secret`, `scope` of the Bot Connector →
 * `{token_type, expires_in, access_token}`; errors as `{error, error_description}` with HTTP 400),
 * and the Bot Connector's `POST /v3/conversations/{conversationId}/activities[/{activityId}]` with
 * `Authorization: Bearer …` → 200 `{id}` (a `ResourceResponse`; the API reference allows 200, 201
 * or 202), the id fresh and Teams-style (ms since the epoch). Connector errors in its
 * `ErrorResponse` shape `{error: {code, message}}`: no bearer token → 401 `Unauthorized`; not a
 * `message` activity, or no text → 400 `BadArgument`; a reply whose body's `replyToId` differs from
 * the path → 400 `BadArgument`; other paths → 404 `NotFound`.
 */
export function emulateTeams(req: EmulatorRequest): EmulatorResponse {
  const path = req.path.split('?')[0] ?? '';
  const post = req.method.toUpperCase() === 'POST';
  if (post && TOKEN_PATH.test(path)) return token(req);
  const match = ACTIVITIES_PATH.exec(path);
  if (!post || !match) return connectorError(404, 'NotFound', 'The requested resource was not found.');
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
    return connectorError(401, 'Unauthorized', 'Authorization has been denied for this request.');
  }
  if (field(req.body, 'type') !== 'message') {
    return connectorError(400, 'BadArgument', 'Only message activities can be sent.');
  }
  const text = field(req.body, 'text');
  if (typeof text !== 'string' || text.trim() === '') {
    return connectorError(400, 'BadArgument', 'The activity has no text.');
  }
  if (match[2] !== undefined && field(req.body, 'replyToId') !== decoded(match[2])) {
    return connectorError(400, 'BadArgument', 'replyToId does not match the activity replied to.');
  }
  lastId = Math.max(lastId + 1, Date.now());
  return { status: 200, body: { id: String(lastId) } };
}
