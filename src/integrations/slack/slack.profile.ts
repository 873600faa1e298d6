import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { SendContext, SenderProfile } from '../contract/channel-adapter.ts';

/** Longest name kept (characters); Slack's own limit for display names is 80. */
const MAX_NAME = 200;

const clean = (v: string | undefined) => {
  const s = v?.trim().slice(0, MAX_NAME);
  return s ? s : undefined;
};

/**
 * The names of Slack user `handle` (a `U…`/`W…` id) from the Web API's `users.info` (needs the
 * `users:read` scope; docs.slack.dev "users.info": `{ok: true, user: {name, real_name, profile:
 * {display_name, real_name}}}`): the profile's display name, else its real name, and the account
 * name. Undefined for `user_not_found` (a deleted or foreign user). Slack answers errors as `{ok:
 * false, error}`, mostly with HTTP 200: 429 or `ratelimited` → `OMNIFY_ERR_PLATFORM_RATE_LIMITED`
 * (with Retry-After), ≥ 500 → `_TRANSIENT`, anything else (`missing_scope`, `invalid_auth`) →
 * `_REJECTED`; the token is redacted from every error.
 */
export async function describeSlackUser(
  handle: string,
  config: { botToken: string },
  ctx: SendContext,
): Promise<SenderProfile | undefined> {
  const res = await ctx.http.request({
    method: 'GET',
    url: `${ctx.apiBaseUrl}/users.info?user=${encodeURIComponent(handle)}`,
    headers: { authorization: `Bearer ${config.botToken}` },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Slack Web API',
  });
  const error = stringField(res.json, 'error');
  if (res.status >= 200 && res.status < 300 && field(res.json, 'ok') === true) {
    const displayName =
      clean(stringField(res.json, 'user', 'profile', 'display_name')) ??
      clean(stringField(res.json, 'user', 'profile', 'real_name')) ??
      clean(stringField(res.json, 'user', 'real_name'));
    const username = clean(stringField(res.json, 'user', 'name'));
    return {
      ...(displayName ? { displayName } : {}),
      ...(username ? { username } : {}),
    };
  }
  if (error === 'user_not_found') return undefined;
  const platformCode = redact(error ?? (res.status < 300 ? 'invalid_response' : String(res.status)), [
    config.botToken,
  ]);
  const details = { platformCode, platformMessage: platformCode, httpStatus: res.status };
  const message = `Slack users.info failed (${platformCode})`;
  if (res.status === 429 || error === 'ratelimited' || error === 'rate_limited') {
    const wait = res.retryAfterMs === undefined ? {} : { retryAfterMs: res.retryAfterMs };
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, { ...details, ...wait });
  }
  const code = res.status >= 500 ? 'OMNIFY_ERR_PLATFORM_TRANSIENT' : 'OMNIFY_ERR_PLATFORM_REJECTED';
  throw new OmnifyError(code, message, details);
}
