/**
 * E-mail threading (RFC 5322 §3.6.4): `Message-ID`, `In-Reply-To` and `References` hold message
 * ids `<left@right>`. A conversation's thread key is the thread's root id: the first of
 * `References`, else `In-Reply-To`, else the message's own id. Our own outgoing ids carry the thread
 * key they answer (`<omnify.{base64url(thread key)}.{our message id}@{from domain}>`), so a reply
 * whose client kept only `In-Reply-To` (or trimmed `References`) still lands in its conversation.
 */

const ID_IN_BRACKETS = /<([^<>\s]+)>/g;
const BARE_ID = /^[^<>\s@]+@[^<>\s@]+$/;
/** Longest id kept (RFC 5322 lines are at most 998 characters). */
const MAX_ID_CHARS = 900;
/** Most ids read from one header. */
const MAX_IDS = 200;
/** Most ids written to an outgoing `References` (RFC 5322 suggests trimming long lists). */
export const MAX_REFERENCES = 20;

const OURS = /^<omnify\.([A-Za-z0-9_-]*)\.([0-9A-Za-z-]+)@[^<>\s]+>$/;
/** Thread keys longer than this are not embedded in our ids (the id would get too long). */
const MAX_EMBEDDED_KEY = 300;

/**
 * The message ids in a header value (or mailparser's string / string list), each as `<id>`, in
 * order, without repeats. A bare `left@right` token (clients that omit the brackets) counts too.
 */
export function parseIdList(v: string | string[] | undefined): string[] {
  const out: string[] = [];
  const add = (id: string) => {
    if (id.length <= MAX_ID_CHARS && !out.includes(id) && out.length < MAX_IDS) out.push(id);
  };
  for (const part of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
    if (typeof part !== 'string') continue;
    const found = [...part.matchAll(ID_IN_BRACKETS)];
    if (found.length > 0) for (const m of found) add(`<${m[1]}>`);
    else if (BARE_ID.test(part.trim())) add(`<${part.trim()}>`);
  }
  return out;
}

/** Our `Message-ID` for outgoing message `messageId` in thread `threadKey`, on the domain of `from`. */
export function ourMessageId(threadKey: string, messageId: string, fromAddress: string): string {
  const domain =
    fromAddress
      .split('@')
      .pop()
      ?.replace(/[^A-Za-z0-9.-]/g, '') || 'omnify.invalid';
  const key =
    threadKey.length <= MAX_EMBEDDED_KEY ? Buffer.from(threadKey, 'utf8').toString('base64url') : '';
  const local = messageId.replace(/[^0-9A-Za-z-]/g, '') || 'message';
  return `<omnify.${key}.${local}@${domain}>`;
}

/** True for a `Message-ID` Omnify wrote (see {@link ourMessageId}). */
export function isOurMessageId(id: string | undefined): boolean {
  return id !== undefined && OURS.test(id);
}

/** The thread key embedded in one of our ids, or undefined (not ours, or none embedded). */
export function threadKeyInOurId(id: string): string | undefined {
  const m = OURS.exec(id);
  if (!m?.[1]) return undefined;
  const key = Buffer.from(m[1], 'base64url').toString('utf8');
  // A thread root id, or an address (a conversation Omnify opened with a contact).
  return /^<[^<>\s]+>$/.test(key) || BARE_ID.test(key) ? key : undefined;
}

/** The ids of a message that decide its thread. */
export interface ThreadIds {
  messageId?: string;
  inReplyTo?: string;
  references: string[];
}

/**
 * The thread key of a message: the thread key embedded in the newest of our ids it answers
 * (`In-Reply-To`, then `References` from the newest), else the root of `References`, else
 * `In-Reply-To`, else its own `Message-ID`; undefined when it has none of them.
 */
export function threadKeyOf(ids: ThreadIds): string | undefined {
  const answered = [ids.inReplyTo, ...[...ids.references].reverse()];
  for (const id of answered) {
    const key = id === undefined ? undefined : threadKeyInOurId(id);
    if (key) return key;
  }
  return ids.references[0] ?? ids.inReplyTo ?? ids.messageId;
}

const REPLY_PREFIX = /^\s*((re|aw|sv|vs|antw|fw|fwd|wg|tr)(\[\d+\])?\s*:\s*)+/i;

/** A subject without its reply/forward prefixes (`Re: Fwd: Order` → `Order`). */
export function baseSubject(subject: string | undefined): string {
  return (subject ?? '').replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim();
}

/** The subject of a reply in the thread of `subject`: `Re: {base subject}` (`Re:` alone when it has none). */
export function replySubject(subject: string | undefined): string {
  const base = baseSubject(subject);
  return base ? `Re: ${base}` : 'Re:';
}

/**
 * The `References` of a reply to a message whose own `References` were `previous` and whose id is
 * `parent`: `previous` then `parent`, without repeats; beyond {@link MAX_REFERENCES} the first id
 * (the root) and the newest ones are kept.
 */
export function replyReferences(previous: readonly string[], parent: string | undefined): string[] {
  const all = parseIdList([...previous, ...(parent ? [parent] : [])]);
  if (all.length <= MAX_REFERENCES) return all;
  return [all[0]!, ...all.slice(all.length - (MAX_REFERENCES - 1))];
}
