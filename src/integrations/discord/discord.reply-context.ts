/**
 * What a deferred interaction answer needs at send time, kept as the conversation's `replyContext`
 * (encrypted at rest by the inbox, passed back to `send`). Discord docs, "Interactions > Receiving
 * and Responding": an interaction's `token` lets the app answer through
 * `/webhooks/{application.id}/{interaction.token}…` for 15 minutes after the interaction was made.
 */

/** How long Discord accepts an interaction token (ms). */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;
/**
 * Sends stop using a token this long (ms) before it expires, so a call under way (timeouts of a few
 * seconds) and a clock slightly ahead of Discord's do not meet an expired token.
 */
export const INTERACTION_TOKEN_MARGIN_MS = 10_000;

/** The deferred response Omnify gave: 5 DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, 6 DEFERRED_UPDATE_MESSAGE. */
export type DeferredType = '5' | '6';

/** An interaction that can still be answered, read back from a reply context. */
export interface InteractionContext {
  /** The interaction's snowflake id (its message in Omnify is `interaction:<id>`). */
  interactionId: string;
  /** The 15-minute credential; a secret (never logged, kept only encrypted). */
  interactionToken: string;
  /** The application whose webhook answers (`application_id` of the interaction). */
  applicationId: string;
  /** When the interaction was made (from its snowflake; the token lives 15 minutes from then). */
  issuedAt: Date;
  deferredType: DeferredType;
}

const SNOWFLAKE = /^\d{1,20}$/;
// Printable ASCII without spaces (Discord's tokens are base64-like); encoded when put in a URL path.
const TOKEN = /^[\x21-\x7e]{1,1000}$/;

/**
 * The reply context of an interaction answered with `deferredType`: string values only, as the
 * contract wants (`interactionIssuedAt` is ISO 8601). The application is the interaction's
 * `application_id`, else `fallbackApplicationId` (the channel's). Undefined when there is no usable
 * token or application id (nothing could be answered with it).
 */
export function interactionReplyContext(
  i: { id: string; token?: unknown; application_id?: unknown },
  issuedAt: Date,
  deferredType: DeferredType,
  fallbackApplicationId?: string,
): Record<string, string> | undefined {
  const token = i.token;
  const app = typeof i.application_id === 'string' ? i.application_id : fallbackApplicationId;
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  if (typeof app !== 'string' || !SNOWFLAKE.test(app)) return undefined;
  return {
    interactionId: i.id,
    interactionToken: token,
    applicationId: app,
    interactionIssuedAt: issuedAt.toISOString(),
    deferredType,
  };
}

/** Reads a reply context written by {@link interactionReplyContext}; undefined when it is not one. */
export function readInteractionContext(
  ctx: Record<string, string> | undefined,
): InteractionContext | undefined {
  if (!ctx) return undefined;
  const { interactionId, interactionToken, applicationId, interactionIssuedAt, deferredType } = ctx;
  if (!interactionId || !SNOWFLAKE.test(interactionId)) return undefined;
  if (!interactionToken || !TOKEN.test(interactionToken)) return undefined;
  if (!applicationId || !SNOWFLAKE.test(applicationId)) return undefined;
  const issuedAt = new Date(interactionIssuedAt ?? '');
  if (Number.isNaN(issuedAt.getTime())) return undefined;
  return {
    interactionId,
    interactionToken,
    applicationId,
    issuedAt,
    deferredType: deferredType === '6' ? '6' : '5',
  };
}

/** True while Discord still accepts the token at `now` (less than 15 minutes old, minus the margin). */
export function tokenIsFresh(c: InteractionContext, now: number): boolean {
  const age = now - c.issuedAt.getTime();
  return (
    age >= -INTERACTION_TOKEN_MARGIN_MS && age < INTERACTION_TOKEN_LIFETIME_MS - INTERACTION_TOKEN_MARGIN_MS
  );
}
