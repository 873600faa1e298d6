/*
 * Test support: a local stand-in for the Bot Framework's identity side, speaking its real protocol
 * (Bot Framework "Authentication with the Bot Connector API"): the OpenID metadata document, the
 * JWK set whose keys carry `endorsements`, and the Microsoft identity platform's client-credentials
 * token endpoint. Test signing keys are generated with jose; tokens are signed synchronously (RS256
 * over `header.payload`, RFC 7515) so the contract suite's `sign` can bind them to a body.
 */

import { createSign, KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { type RecordedRequest, RecordingServer } from '../../testing/http-recorder.ts';
import { APP_ID, APP_PASSWORD } from './teams.fixtures.ts';

/** A signing key: its id, private half, and public JWK as the key set lists it. */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JWK & { endorsements: string[] };
}

/** A fresh RSA key pair (RS256) endorsed for `endorsements` (default: Teams and Web Chat). */
export async function testKey(kid: string, endorsements = ['msteams', 'webchat']): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    privateKey: KeyObject.from(privateKey),
    jwk: { ...jwk, kid, use: 'sig', kty: 'RSA', endorsements },
  };
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS of `payload` signed RS256 with `key` (header `{alg, kid, typ, x5t}` as the Bot Connector sends). */
export function signJwt(payload: Record<string, unknown>, key: TestKey): string {
  const input = `${b64url({ alg: 'RS256', kid: key.kid, typ: 'JWT', x5t: key.kid })}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

/**
 * The claims of a Bot Connector token for an activity posted at `serviceUrl`, valid for an hour
 * from `nowS` (unix seconds); `overrides` replace or remove (`undefined`) claims.
 */
export function connectorClaims(
  serviceUrl: unknown,
  nowS: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    serviceurl: serviceUrl,
    nbf: nowS - 300,
    exp: nowS + 3600,
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

/** `Authorization: Bearer` for `body` (its `serviceUrl` in the token) signed with `key` at `nowS`. */
export function bearerFor(
  body: Buffer | string,
  key: TestKey,
  nowS: number,
  overrides: Record<string, unknown> = {},
): Record<string, string> {
  let serviceUrl: unknown;
  try {
    serviceUrl = (JSON.parse(body.toString()) as { serviceUrl?: unknown }).serviceUrl;
  } catch {
    serviceUrl = undefined;
  }
  return { authorization: `Bearer ${signJwt(connectorClaims(serviceUrl, nowS, overrides), key)}` };
}

/** The local identity server and what tests configure and change on it. */
export interface FakeBotFrameworkLogin {
  server: RecordingServer;
  /** `openIdMetadataUrl` of the channel config. */
  metadataUrl: string;
  /** `tokenUrl` of the channel config. */
  tokenUrl: string;
  /** The keys the key set lists now (tests rotate them). */
  keys: TestKey[];
  /** Access tokens issued so far. */
  issued: string[];
  /** Requests of one kind received so far. */
  count(kind: 'metadata' | 'keys' | 'token'): number;
  stop(): Promise<void>;
}

function kindOf(r: RecordedRequest): 'metadata' | 'keys' | 'token' | undefined {
  if (r.method === 'GET' && r.url === '/v1/.well-known/openidconfiguration') return 'metadata';
  if (r.method === 'GET' && r.url === '/v1/.well-known/keys') return 'keys';
  if (r.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(r.url)) return 'token';
  return undefined;
}

/**
 * Starts the identity stand-in on 127.0.0.1 with `keys`: `GET /v1/.well-known/openidconfiguration`
 * (issuer `https://api.botframework.com`, `jwks_uri`, RS256), `GET /v1/.well-known/keys` and
 * `POST /{tenant}/oauth2/v2.0/token`, which checks the form as Microsoft does (client credentials,
 * the Bot Connector scope; a wrong secret → 401 `invalid_client` with an AADSTS description).
 */
export async function startFakeLogin(
  keys: TestKey[],
  tenant = 'botframework.com',
): Promise<FakeBotFrameworkLogin> {
  const issued: string[] = [];
  const fake: FakeBotFrameworkLogin = {
    server: new RecordingServer((r) => {
      const kind = kindOf(r);
      if (kind === 'metadata') {
        return {
          status: 200,
          body: {
            issuer: 'https://api.botframework.com',
            authorization_endpoint: 'https://invalid.botframework.com',
            jwks_uri: `${fake.server.baseUrl}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          },
        };
      }
      if (kind === 'keys') return { status: 200, body: { keys: fake.keys.map((k) => k.jwk) } };
      if (kind !== 'token') return { status: 404, body: { error: 'not_found' } };
      const form = new URLSearchParams(r.body);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('scope') !== 'https://api.botframework.com/.default'
      ) {
        return {
          status: 400,
          body: { error: 'invalid_request', error_description: 'AADSTS900144: bad form' },
        };
      }
      if (form.get('client_id') !== APP_ID || form.get('client_secret') !== APP_PASSWORD) {
        return {
          status: 401,
          body: {
            error: 'invalid_client',
            error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP_ID}'.\r\nTrace ID: 0000`,
            error_codes: [7000215],
          },
        };
      }
      const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.access-${issued.length + 1}.sig`;
      issued.push(token);
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
      };
    }),
    metadataUrl: '',
    tokenUrl: '',
    keys,
    issued,
    count: (kind) => fake.server.requests.filter((r) => kindOf(r) === kind).length,
    stop: () => fake.server.stop(),
  };
  await fake.server.start();
  fake.metadataUrl = `${fake.server.baseUrl}/v1/.well-known/openidconfiguration`;
  fake.tokenUrl = `${fake.server.baseUrl}/${tenant}/oauth2/v2.0/token`;
  return fake;
}
