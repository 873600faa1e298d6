import { createHash } from 'node:crypto';
import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { SendContext } from '../contract/channel-adapter.ts';

/**
 * The bot's access token for the Bot Connector API: OAuth 2.0 client credentials at the Microsoft
 * identity platform (Bot Framework, "Authentication with the Bot Connector API", *Authenticate
 * requests from your bot*; single-tenant bots ask their own tenant: "Configure bot for single tenant").
 */

/** The scope of tokens for the Bot Connector API. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
/** The tenant multi-tenant bots get their tokens from. */
export const BOT_FRAMEWORK_TENANT = 'botframework.com';
/** The Microsoft identity platform; `{login}/{tenant}/oauth2/v2.0/token` issues the tokens. */
export const MICROSOFT_LOGIN_URL = 'https://login.microsoftonline.com';
/** A token is renewed this long before it expires, ms (or at half its lifetime when that is shorter). */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Credentials remembered at once. */
const MAX_ENTRIES = 500;

/** What the token request reads of the channel config. */
export interface TeamsTokenConfig {
  appId: string;
  appPassword: string;
  tenantId?: string;
  tokenUrl?: string;
}

/** `config.tokenUrl`, else `https://login.microsoftonline.com/{tenantId ?? botframework.com}/oauth2/v2.0/token`. */
export function tokenUrlOf(config: TeamsTokenConfig): string {
  if (config.tokenUrl) return config.tokenUrl;
  const tenant = encodeURIComponent(config.tenantId || BOT_FRAMEWORK_TENANT);
  return `${MICROSOFT_LOGIN_URL}/${tenant}/oauth2/v2.0/token`;
}

/**
 * Classifies the token endpoint's answer (`{token_type, expires_in, access_token}`; errors
 * `{error, error_description}`, Microsoft identity platform "client credentials flow"): 2xx with an
 * `access_token` → the token and its lifetime in seconds (`expires_in`, number or numeric string,
 * default 3600); 429 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (with `retryAfterMs`); 408 and ≥ 500 →
 * `OMNIFY_ERR_PLATFORM_TRANSIENT`; anything else (`invalid_client`: wrong secret, `unauthorized_client`:
 * unknown app in that tenant, …) → `OMNIFY_ERR_PLATFORM_REJECTED` with `platformCode` = `error`.
 * The app password never appears in an error.
 */
export function interpretTokenAnswer(
  res: HttpResponse,
  secret: string,
): { token: string; lifetimeS: number } {
  const token = field(res.json, 'access_token');
  if (res.status >= 200 && res.status < 300 && typeof token === 'string' && token !== '') {
    const e = Number(field(res.json, 'expires_in'));
    return { token, lifetimeS: Number.isFinite(e) && e > 0 ? e : 3600 };
  }
  const error = field(res.json, 'error');
  const description = field(res.json, 'error_description');
  const ok2xx = res.status >= 200 && res.status < 300;
  const platformCode = redact(
    typeof error === 'string' && error ? error : ok2xx ? 'invalid_response' : String(res.status),
    [secret],
  );
  const text = typeof description === 'string' && description ? description.split(/\r?\n/)[0] : res.text;
  const platformMessage = redact(text.slice(0, 300) || `HTTP ${res.status}`, [secret]);
  const details: ErrorDetails = { platformCode, platformMessage, httpStatus: res.status };
  const message = `The Microsoft identity platform refused a Bot Framework token (${platformCode}): ${platformMessage}`;
  if (res.status === 429) {
    if (res.retryAfterMs !== undefined) details.retryAfterMs = res.retryAfterMs;
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (res.status === 408 || res.status >= 500)
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

interface Entry {
  token?: string;
  /** When the token is renewed, ms since the epoch. */
  renewAt: number;
  inflight?: Promise<string>;
}

/**
 * Access tokens per credentials (token URL, app id and a hash of the password: a changed password
 * gets a new token), each kept until {@link REFRESH_MARGIN_MS} before it expires. Concurrent sends
 * share one request. Tokens live only in memory.
 */
export class BotFrameworkTokens {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  private keyOf(config: TeamsTokenConfig): string {
    const password = createHash('sha256').update(config.appPassword).digest('base64url');
    return `${tokenUrlOf(config)}\n${config.appId}\n${password}`;
  }

  /**
   * A valid token for `config`: the cached one, else `POST {tokenUrl}` with the form
   * `grant_type=client_credentials, client_id, client_secret, scope` through `ctx.http`.
   *
   * @throws OmnifyError as {@link interpretTokenAnswer}, and `OMNIFY_ERR_PLATFORM_TRANSIENT` on
   *   network errors and after `ctx.timeoutMs`.
   */
  async token(config: TeamsTokenConfig, ctx: Pick<SendContext, 'http' | 'timeoutMs'>): Promise<string> {
    const key = this.keyOf(config);
    const entry = this.entries.get(key);
    if (entry?.token && this.now() < entry.renewAt) return entry.token;
    if (entry?.inflight) return entry.inflight;
    const next: Entry = { renewAt: 0 };
    const inflight = this.fetch(config, ctx).then(
      ({ token, lifetimeS }) => {
        const lifetimeMs = lifetimeS * 1000;
        next.token = token;
        next.renewAt = this.now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
        next.inflight = undefined;
        return token;
      },
      (e: unknown) => {
        if (this.entries.get(key) === next) this.entries.delete(key);
        throw e;
      },
    );
    next.inflight = inflight;
    if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, next);
    return inflight;
  }

  /** Drops the cached token of `config` (the Bot Connector refused it: the next send asks again). */
  forget(config: TeamsTokenConfig): void {
    this.entries.delete(this.keyOf(config));
  }

  private async fetch(config: TeamsTokenConfig, ctx: Pick<SendContext, 'http' | 'timeoutMs'>) {
    const res = await ctx.http.request({
      method: 'POST',
      url: tokenUrlOf(config),
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.appId,
        client_secret: config.appPassword,
        scope: BOT_FRAMEWORK_SCOPE,
      }),
      timeoutMs: ctx.timeoutMs,
      secrets: [config.appPassword],
      label: 'Microsoft identity platform',
    });
    return interpretTokenAnswer(res, config.appPassword);
  }
}
