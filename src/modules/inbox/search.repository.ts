import { desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { readCursor } from '../../kernel/http-server/schemas.ts';
import { channelSummaries } from '../channels/channels.service.ts';
import { contactNameSql } from '../contacts/contacts.service.ts';
import { conversations, messages } from './inbox.schema.ts';

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
 * One page of the workspace's messages matching `q` (inbound, outbound, private notes; no date
 * limit), newest first (keyset on created_at, id), each with its conversation's contact, its
 * channel's platform and a highlighted snippet. A query with no word to look for (only punctuation,
 * or only exclusions such as `-spam`) finds nothing: an empty page. A bad `cursor` throws
 * `OMNIFY_ERR_VALIDATION`. Two queries per page: the hits with their snippets and contact names (the
 * contacts module's subquery), then the channels' platforms from the channels module; a hit whose
 * channel is being deleted is left out.
 */
export async function searchMessages(
  db: Queryable,
  f: MessageSearch,
): Promise<{ data: MessageHit[]; nextCursor: string | null }> {
  checkCursor(f.cursor);
  const k = keyset({ sort: messages.createdAt, id: messages.id, limit: f.limit, cursor: f.cursor });
  const tsq = searchQuerySql(f.q);
  const s = scoped(db, f.workspaceId);
  // The page first (the index finds it), then the snippets of its rows only.
  const page = s.db
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
      pageAt: k.pageAt.as('page_at'),
      contactId: conversations.contactId,
      workspaceId: messages.workspaceId,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      s.where(
        messages,
        // No word to find: nothing matches (a constant the planner folds; `T` is querytree's "no index term").
        sql`querytree(${tsq}) NOT IN ('', 'T')`,
        sql`${messages.searchVector} @@ ${tsq}`,
        k.after,
      ),
    )
    .orderBy(...k.orderBy)
    .limit(k.limit)
    .as('page');
  const rows = await s.db
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
      contactId: page.contactId,
      // The contacts module's subquery, spliced in: one round trip less than a batch call (PGlite
      // runs one statement at a time, so each one counts under load).
      contactName: sql<
        string | null
      >`${sql.raw(contactNameSql({ id: '"page"."contact_id"', workspace: '"page"."workspace_id"' }))}`,
      headline: sql<string>`ts_headline('simple'::regconfig,
        translate(left(coalesce(${page.text}, ''), ${HEADLINE_MAX_CHARS}), ${START + STOP}, ''), ${tsq},
        ${HEADLINE_OPTIONS})`,
    })
    .from(page)
    .orderBy(desc(page.createdAt), desc(page.id));
  const result = k.page(rows, (r) => r);
  if (result.data.length === 0) return { data: [], nextCursor: result.nextCursor };
  const channels = await channelSummaries(
    db,
    f.workspaceId,
    result.data.map((r) => r.channelId),
  );
  const data: MessageHit[] = [];
  for (const r of result.data) {
    const channel = channels.get(r.channelId);
    if (!channel) continue;
    data.push({
      messageId: r.id,
      conversationId: r.conversationId,
      channelId: r.channelId,
      platform: channel.platform,
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
