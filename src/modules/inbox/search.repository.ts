import { desc, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { readCursor } from '../../kernel/http-server/schemas.ts';
import { channelPlatformSql } from '../channels/channels.service.ts';
import { contactNameSql } from '../contacts/contacts.service.ts';
import { messages } from './inbox.schema.ts';
import { commonEnoughToWalk, lexemeShares, walkWindow } from './search.frequency.ts';

/** One piece of a hit's snippet: plain text, `hit` when it matched the query. Render it as text, never as HTML. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** A message found by {@link searchMessages}, with what a result list shows. Times ISO 8601 UTC. */
export interface MessageHit {
  messageId: string;
  conversationId: string;
  channelId: string;
  /** The channel's platform (`whatsapp`, `telegram`, …). */
  platform: string;
  contact: { id: string; name: string | null };
  direction: 'inbound' | 'outbound';
  senderKind: 'contact' | 'user' | 'agent' | 'system';
  /** A private note (or an agent's draft): seen by the team only. */
  private: boolean;
  contentType: string;
  createdAt: string;
  /**
   * The message's text, or a passage of about 200 characters from a little before its first hit,
   * split into parts (hits marked by `ts_headline`); a part `{ text: '… ', hit: false }` starts it
   * and `{ text: ' …', hit: false }` ends it when the passage leaves out text before or after it.
   */
  snippet: SnippetPart[];
}

/** What {@link searchMessages} looks for and which page. */
export interface MessageSearch {
  workspaceId: string;
  /** The user's query, 1–200 characters, websearch syntax (see {@link searchQuerySql}). */
  q: string;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Messages walked before the index is asked (default {@link RECENT_WINDOW}; tests set it small). */
  recentWindow?: number;
}

/**
 * Marks ts_headline puts around a matching word: two private-use characters, removed from the text
 * before it is marked, so a message can never fake a hit (the parts are text either way).
 */
const START = '\uE000';
const STOP = '\uE001';
/**
 * `HighlightAll`: the whole text comes back with its hits marked and every character kept (the
 * passage modes drop markup-like tokens such as `<b>` and short words at the edges); the passage is
 * cut in {@link snippetParts}.
 */
const HEADLINE_OPTIONS = `HighlightAll=true, StartSel=${START}, StopSel=${STOP}`;
/** Only this much of a message's text (characters) is marked: a hit further on is found but not shown. */
const HEADLINE_MAX_CHARS = 20_000;
/** About how long a snippet is (characters), and how much of it comes before its first hit. */
const SNIPPET_CHARS = 200;
const SNIPPET_BEFORE = 60;

/** A plain word (letters and digits only) of at least three characters: the last one may be a prefix. */
const PREFIX_WORD = /^[\p{L}\p{N}]{3,}$/u;

/**
 * The word of `q` to match as a prefix, if any: its last word, when it is a plain word of three or
 * more letters or digits typed last (not quoted, not excluded with `-`, not the `or` operator).
 */
export function prefixWord(q: string): string | undefined {
  if (!/[\p{L}\p{N}]$/u.test(q)) return undefined;
  if ((q.match(/"/g)?.length ?? 0) % 2 === 1) return undefined; // inside an open quote: a phrase
  const last = q.split(/\s+/).at(-1) ?? '';
  if (!PREFIX_WORD.test(last) || last.toLowerCase() === 'or') return undefined;
  return last;
}

/**
 * The tsquery of `q`: `websearch_to_tsquery('simple', q)` (words are ANDed, `"a phrase"`, `-word`
 * excludes, `or`), with its last word matched as a prefix (`order` finds `orders`) when
 * {@link prefixWord} gives one and it is the query's last lexeme. Only immutable functions: the planner
 * folds it into a constant and the GIN index applies.
 */
export function searchQuerySql(q: string): SQL {
  const base = sql`websearch_to_tsquery('simple'::regconfig, ${q}::text)`;
  const word = prefixWord(q);
  if (!word) return base;
  const w = sql`websearch_to_tsquery('simple'::regconfig, ${word}::text)::text`;
  return sql`(CASE WHEN numnode(websearch_to_tsquery('simple'::regconfig, ${word}::text)) = 1
      AND right(${base}::text, length(${w})) = ${w}
    THEN (${base}::text || ':*')::tsquery ELSE ${base} END)`;
}

/** The contact of a page row's conversation (one primary-key probe; the inbox owns conversations). */
const CONTACT_OF = `SELECT c.contact_id FROM conversations c
  WHERE c.id = "page"."conversation_id" AND c.workspace_id = "page"."workspace_id"`;
const contactOf = sql.raw(`(${CONTACT_OF})`);

/** A timestamptz as the database prints it (the `at` of a search cursor). */
const DB_TIMESTAMP = /^\d{4,}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/;

/** Throws `OMNIFY_ERR_VALIDATION` on a cursor this search did not make (bad JSON, time or id). */
function checkCursor(cursor: string | undefined): void {
  const pos = readCursor(cursor);
  if (pos && (!DB_TIMESTAMP.test(pos.at) || !isUuid(pos.id))) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The cursor is not valid.', {
      fields: [{ path: '/querystring/cursor', message: 'not a cursor of this search' }],
    });
  }
}

/** `i` when a word starts there, else just after the next whitespace before `limit`, else `i`. */
function wordStart(text: string, i: number, limit: number): number {
  if (/\s/.test(text[i - 1] ?? ' ')) return i;
  for (let j = i; j < limit; j++) if (/\s/.test(text[j]!)) return j + 1;
  return i;
}

/** `i` when a word ends there, else the last whitespace before `i` and after `limit`, else `i`. */
function wordEnd(text: string, i: number, limit: number): number {
  if (/\s/.test(text[i] ?? ' ')) return i;
  for (let j = i; j > limit; j--) if (/\s/.test(text[j - 1]!)) return j - 1;
  return i;
}

/**
 * A message's text marked by ts_headline (`HighlightAll`: every character kept, hits between
 * {@link START} and {@link STOP}) cut to a passage of about {@link SNIPPET_CHARS} characters that
 * starts a little before the first hit, at word boundaries, as parts; a `… ` part starts it and a
 * ` …` part ends it where text is left out. Short texts come whole.
 */
export function snippetParts(marked: string): SnippetPart[] {
  let text = '';
  const hits: Array<[number, number]> = [];
  for (const [i, piece] of marked.split(START).entries()) {
    const stop = i === 0 ? -1 : piece.indexOf(STOP);
    if (stop > 0) hits.push([text.length, text.length + stop]);
    text += piece.replaceAll(STOP, '');
  }
  let from = 0;
  let to = text.length;
  if (text.length > SNIPPET_CHARS) {
    const first = hits[0] ?? [0, 0];
    from = Math.max(0, first[0] - SNIPPET_BEFORE);
    if (from > 0) from = wordStart(text, from, first[0]);
    to = Math.min(text.length, Math.max(from + SNIPPET_CHARS, first[1]));
    if (to < text.length) to = wordEnd(text, to, first[1]);
    // Never cut a surrogate pair.
    if (/[\uDC00-\uDFFF]/.test(text[from] ?? '')) from--;
    if (/[\uDC00-\uDFFF]/.test(text[to] ?? '')) to++;
  }
  while (from < to && /\s/.test(text[from]!)) from++;
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  const parts: SnippetPart[] = [];
  const push = (a: number, b: number, hit: boolean) => {
    if (b > a) parts.push({ text: text.slice(a, b), hit });
  };
  if (text.slice(0, from).trim()) parts.push({ text: '… ', hit: false });
  let at = from;
  for (const [a, b] of hits) {
    if (b <= from || a >= to) continue;
    push(at, Math.max(a, from), false);
    push(Math.max(a, from), Math.min(b, to), true);
    at = Math.min(b, to);
  }
  push(at, to, false);
  if (text.slice(to).trim()) parts.push({ text: ' …', hit: false });
  return parts;
}

/**
 * The most of the newest messages a search walks in order before it asks the GIN index
 * (`messages_search`) for older ones (1 % of the table, at least 1,000: `walkWindow`), when every
 * word of the query is common enough by PostgreSQL's statistics
 * (src/modules/inbox/search.frequency.ts) for its page to be expected within the window; walking
 * is then cheaper than the index, which must fetch every
 * message holding all the words to find the newest (a phrase in 0.5 % of a million messages:
 * 11 ms through the index, 3 ms walking). PostgreSQL cannot choose this itself: it estimates a
 * phrase like its words' conjunction (689 rows for 5,053). A query with a rarer word goes to the
 * index at once.
 */
export const RECENT_WINDOW = 10_000;

/** The columns a search page reads of `messages` (`pageAt`: the keyset cursor value). */
function source(
  s: Scope,
  pageAt: SQL.Aliased<string>,
  where: Array<SQL | undefined>,
  orderBy: SQL[],
  limit: number,
) {
  return s.db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      channelId: messages.channelId,
      direction: messages.direction,
      senderKind: messages.senderKind,
      private: messages.private,
      contentType: messages.contentType,
      text: messages.text,
      createdAt: messages.createdAt,
      pageAt,
      workspaceId: messages.workspaceId,
      searchVector: messages.searchVector,
    })
    .from(messages)
    .where(s.where(messages, ...where))
    .orderBy(...orderBy)
    .limit(limit)
    .as('source');
}

/** The rows of `src` that `match`, newest first, at most `limit`. */
function pageOf(s: Scope, src: ReturnType<typeof source>, match: SQL, limit: number) {
  return s.db
    .select({
      id: src.id,
      conversationId: src.conversationId,
      channelId: src.channelId,
      direction: src.direction,
      senderKind: src.senderKind,
      private: src.private,
      contentType: src.contentType,
      text: src.text,
      createdAt: src.createdAt,
      pageAt: src.pageAt,
      workspaceId: src.workspaceId,
    })
    .from(src)
    .where(match)
    .orderBy(desc(src.createdAt), desc(src.id))
    .limit(limit)
    .as('page');
}

/** A hit as {@link withSnippets} reads it. */
type HitRow = Awaited<ReturnType<typeof withSnippets>>[number];

/** The rows of `page` with their contact, its name and the marked text (`ts_headline`) of `tsq`. */
function withSnippets(s: Scope, tsq: SQL, page: ReturnType<typeof pageOf>) {
  return s.db
    .select({
      id: page.id,
      conversationId: page.conversationId,
      channelId: page.channelId,
      direction: page.direction,
      senderKind: page.senderKind,
      private: page.private,
      contentType: page.contentType,
      createdAt: page.createdAt,
      pageAt: page.pageAt,
      // The conversation's contact for the page's rows only: joining conversations inside the page
      // probed it for every match before the LIMIT (5,000 probes, a third of a phrase search's time).
      contactId: sql<string>`${contactOf}`,
      // The contacts module's subquery, spliced in: one round trip less than a batch call (PGlite
      // runs one statement at a time, so each one counts under load).
      contactName: sql<
        string | null
      >`${sql.raw(contactNameSql({ id: `(${CONTACT_OF})`, workspace: '"page"."workspace_id"' }))}`,
      // The channels module's subquery: the platform, null while the channel is being deleted.
      platform: sql<string | null>`${sql.raw(
        channelPlatformSql({ id: '"page"."channel_id"', workspace: '"page"."workspace_id"' }),
      )}`,
      headline: sql<string>`ts_headline('simple'::regconfig,
        translate(left(coalesce(${page.text}, ''), ${HEADLINE_MAX_CHARS}), ${START + STOP}, ''), ${tsq},
        ${HEADLINE_OPTIONS})`,
    })
    .from(page)
    .orderBy(desc(page.createdAt), desc(page.id));
}

/**
 * One page of the workspace's messages matching `q` (inbound, outbound, private notes; no date
 * limit), newest first (keyset on created_at, id), each with its conversation's contact, its
 * channel's platform and a highlighted snippet. A query with no word to look for (only punctuation,
 * or only exclusions such as `-spam`) finds nothing: an empty page. A bad `cursor` throws
 * `OMNIFY_ERR_VALIDATION`. The hits come with their snippets and contact names (the contacts
 * module's subquery) from a walk of the newest messages ({@link RECENT_WINDOW}), the index, or the
 * walk and then the index for the rest of the page, in one statement each with the channels'
 * platforms (the channels module's subquery; a hit whose channel is being deleted is left out). `recentWindow` (tests) walks
 * first whatever the words.
 */
export async function searchMessages(
  db: Queryable,
  f: MessageSearch,
): Promise<{ data: MessageHit[]; nextCursor: string | null }> {
  checkCursor(f.cursor);
  const k = keyset({ sort: messages.createdAt, id: messages.id, limit: f.limit, cursor: f.cursor });
  const tsq = searchQuerySql(f.q);
  const s = scoped(db, f.workspaceId);
  const pageAt = k.pageAt.as('page_at');
  // No word to find: nothing matches (a constant the planner folds; `T` is querytree's "no index term").
  const findable = sql`querytree(${tsq}) NOT IN ('', 'T')`;

  let window = f.recentWindow ?? RECENT_WINDOW;
  let walk = f.recentWindow !== undefined;
  if (!walk) {
    const stats = await lexemeShares(db);
    window = walkWindow(stats.rows, RECENT_WINDOW);
    walk = commonEnoughToWalk(f.q, stats.shares, k.limit / window, prefixWord(f.q));
  }
  let rows: HitRow[] = [];
  let older: SQL | undefined = k.after;
  if (walk) {
    // 1. Every word is common: the newest `window` messages (after the cursor), walked in order;
    //    the tsquery is an InitPlan, computed once per statement even in a generic plan.
    const recent = source(s, pageAt, [k.after], k.orderBy, window);
    const match = sql`(SELECT ${findable}) AND ${recent.searchVector} @@ (SELECT ${tsq})`;
    rows = await withSnippets(s, tsq, pageOf(s, recent, match, k.limit));
    if (rows.length < k.limit) {
      // The rest lies beyond the window's last message (its edge), if the window was full.
      const [edge] = await s.db
        .select({ at: sql<string>`${messages.createdAt}::text`, id: messages.id })
        .from(messages)
        .where(s.where(messages, k.after))
        .orderBy(...k.orderBy)
        .offset(window - 1)
        .limit(1);
      older =
        edge && sql`(${messages.createdAt}, ${messages.id}) < (${edge.at}::timestamptz, ${edge.id}::uuid)`;
    }
  }
  if (rows.length < k.limit && (!walk || older !== undefined)) {
    // 2. The index (messages_search) finds the matches among the older messages: all of them for a
    //    query with a rarer word, the rest of the page after a walk.
    const rest = k.limit - rows.length;
    const indexed = source(
      s,
      pageAt,
      [findable, sql`${messages.searchVector} @@ ${tsq}`, older],
      k.orderBy,
      rest,
    );
    rows = [...rows, ...(await withSnippets(s, tsq, pageOf(s, indexed, sql`true`, rest)))];
  }
  const result = k.page(rows, (r) => r);
  const data: MessageHit[] = [];
  for (const r of result.data) {
    if (r.platform === null) continue;
    data.push({
      messageId: r.id,
      conversationId: r.conversationId,
      channelId: r.channelId,
      platform: r.platform,
      contact: { id: r.contactId, name: r.contactName },
      direction: r.direction,
      senderKind: r.senderKind,
      private: r.private,
      contentType: r.contentType,
      createdAt: r.createdAt.toISOString(),
      snippet: snippetParts(r.headline),
    });
  }
  return { data, nextCursor: result.nextCursor };
}
