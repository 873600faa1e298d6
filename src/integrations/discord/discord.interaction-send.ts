import { createHash } from 'node:crypto';
import { field } from '../../kernel/http-client/json-field.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';
import { DiscordBuckets, readRateLimit } from './discord.ratelimit.ts';
import { type InteractionContext, readInteractionContext, tokenIsFresh } from './discord.reply-context.ts';
import {
  bucketEmpty,
  DISCORD_API_PATH,
  DISCORD_USER_AGENT,
  interpretDiscordResponse,
  sendDiscordMessage,
} from './discord.send.ts';

/**
 * Completing deferred interactions (Discord docs, "Interactions > Receiving and Responding >
 * Followup Messages"): with the interaction's token, `PATCH /webhooks/{application.id}/{token}/
 * messages/@original` edits the initial response (our deferred "thinking…" message) and
 * `POST /webhooks/{application.id}/{token}` creates a follow-up message. Both answer the message
 * object, need no bot authorization (the token is the credential), work where the bot cannot post
 * (user-installed apps) and are not bound to the bot's global rate limit.
 */

/** Discord error codes meaning the token no longer answers: Unknown Webhook, Unknown Interaction, Invalid Webhook Token. */
const TOKEN_GONE = new Set([10015, 10062, 50027]);

/**
 * Whether `req` should go through the interaction of `ic` rather than a channel message: it is the
 * answer to that interaction (`replyToPlatformMessageId` = `interaction:<id>`, the agent's reply) or
 * a person's message answering nothing in particular. An answer to another message (one received
 * over the Gateway, another interaction) is a channel message quoting it.
 */
export function goesThroughInteraction(req: OutboundRequest, ic: InteractionContext): boolean {
  const replyTo = req.replyToPlatformMessageId;
  return replyTo === undefined || replyTo === `interaction:${ic.interactionId}`;
}

/**
 * Which call answers `req`: the interaction's own answer after a deferred message (type 5) edits
 * the original response (`original`); anything else is a follow-up. After a deferred update (type
 * 6, components) the original response is the message holding the component, which must stay, so
 * even the first answer is a follow-up. (A follow-up sent while the original still shows
 * "thinking…" replaces it: Discord's documented compatibility behaviour.)
 */
export function interactionCall(req: OutboundRequest, ic: InteractionContext): 'original' | 'followup' {
  return ic.deferredType === '5' && req.replyToPlatformMessageId === `interaction:${ic.interactionId}`
    ? 'original'
    : 'followup';
}

/**
 * Sends `req` through the interaction of `ic` (see `interactionCall`) with body `{content,
 * allowed_mentions: {parse: []}}`. Resolves the created or edited message's id, or undefined when
 * Discord says the token no longer works (401, or codes 10015, 10062, 50027), so the caller can
 * fall back to a channel message. Rate limits as `sendDiscordMessage` (the webhook route is its own
 * bucket, keyed by a hash of the token; a global limit of the bot does not hold it). Other failures
 * throw as `interpretDiscordResponse` says; the token never appears in an error.
 */
export async function sendInteractionAnswer(
  req: OutboundRequest,
  ic: InteractionContext,
  ctx: SendContext,
): Promise<SendResult | undefined> {
  const call = interactionCall(req, ic);
  const token = ic.interactionToken;
  const tokenKey = createHash('sha256').update(token).digest('base64url').slice(0, 16);
  const buckets = new DiscordBuckets(ctx.apiBaseUrl, token, `webhooks/${ic.applicationId}/${tokenKey}`, {
    global: false,
  });
  const wait = buckets.waitMs();
  if (wait > 0) throw bucketEmpty(wait);
  const base = `${ctx.apiBaseUrl}${DISCORD_API_PATH}/webhooks/${ic.applicationId}/${encodeURIComponent(token)}`;
  const res = await ctx.http.request({
    method: call === 'original' ? 'PATCH' : 'POST',
    url: call === 'original' ? `${base}/messages/@original` : base,
    headers: { 'user-agent': DISCORD_USER_AGENT },
    body: { content: req.text, allowed_mentions: { parse: [] } },
    timeoutMs: ctx.timeoutMs,
    secrets: [token],
    label: 'Discord API',
  });
  const code = field(res.json, 'code');
  if (res.status === 401 || (res.status === 404 && typeof code === 'number' && TOKEN_GONE.has(code))) {
    return undefined;
  }
  const limit = res.status === 429 ? readRateLimit(res.json, res.headers) : undefined;
  buckets.learn(res.status, res.headers, limit);
  const what = call === 'original' ? 'Edit Original Interaction Response' : 'Create Followup Message';
  return interpretDiscordResponse(res, token, limit, what);
}

/**
 * The adapter's `send`: through the conversation's interaction (see `goesThroughInteraction`) while
 * its token is fresh at `now` (ms; less than 15 minutes old, see `tokenIsFresh`), else — and when
 * Discord says the token no longer works — a channel message (`sendDiscordMessage`: Create Message
 * in `threadKey`). Errors as those two.
 */
export async function sendDiscord(
  req: OutboundRequest,
  config: { botToken: string },
  ctx: SendContext,
  now = Date.now(),
): Promise<SendResult> {
  const ic = readInteractionContext(req.replyContext);
  if (ic && goesThroughInteraction(req, ic) && tokenIsFresh(ic, now)) {
    const answered = await sendInteractionAnswer(req, ic, ctx);
    if (answered) return answered;
  }
  return sendDiscordMessage(req, config, ctx);
}
