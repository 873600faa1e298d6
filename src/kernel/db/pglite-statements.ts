import { createHash } from 'node:crypto';

/** A value this cache can write as an SQL literal (what our code and pg-boss bind). */
type Scalar = string | number | bigint | boolean | Date | null | undefined;

/** What to send for one statement: the text and parameters to run. */
export interface Planned {
  text: string;
  params?: readonly unknown[];
  /** Set when `text` should be PREPAREd first (outside a transaction), then run as `EXECUTE`. */
  prepare?: string;
}

/**
 * Plans PGlite's repeated parameterized statements once. PGlite's query API has no named
 * statements: it parses and plans every statement on every run, and on its one connection that
 * planning is time every other query waits for (the job queue's fetch and complete statements run
 * for every job). The second time a parameterized text is seen outside a transaction it is
 * `PREPARE`d in PGlite's one session (parameter types inferred as for a bound statement), and from
 * then on, in or outside transactions, it runs as `EXECUTE name(literal, …)`: after five runs
 * PostgreSQL's plan cache may keep a generic plan (its documented behaviour for prepared statements).
 *
 * Parameters travel as quoted string literals of type `unknown`, which PostgreSQL converts with the
 * parameter type's input function, as it does for a bound text parameter: the same values are
 * accepted and refused, with the same SQLSTATE. No value can end the literal (quotes are doubled;
 * standard_conforming_strings is on, so backslashes are plain). Statements with parameters this
 * cannot write (buffers, nested arrays) and statements PostgreSQL cannot prepare (a parameter whose
 * type it cannot infer) keep running as they are. At most `limit` statements are prepared.
 */
export class PgliteStatements {
  private readonly runs = new Map<string, number>();
  /** Prepared name per text; null: never prepare it. */
  private readonly names = new Map<string, string | null>();

  constructor(private readonly limit = 500) {}

  /**
   * How to run `text` with `params`: as is, or as `EXECUTE` of its prepared statement, or (with
   * `prepare` set, only when `inTransaction` is false) after preparing it.
   */
  plan(text: string, params: readonly unknown[] | undefined, inTransaction: boolean): Planned {
    if (!params || params.length === 0) return { text, params };
    const name = this.names.get(text);
    if (name === null) return { text, params };
    const args = literals(params);
    if (!args) return { text, params };
    if (name) return { text: `EXECUTE ${name}(${args})` };
    if (inTransaction) return { text, params };
    const runs = (this.runs.get(text) ?? 0) + 1;
    this.runs.set(text, runs);
    if (runs < 2 || this.names.size >= this.limit) return { text, params };
    const fresh = `omnify_q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    return { text: `EXECUTE ${fresh}(${args})`, prepare: `PREPARE ${fresh} AS ${text}` };
  }

  /** Records the outcome of a `prepare`: its name, or that the text cannot be prepared. */
  prepared(text: string, name: string | null): void {
    this.names.set(text, name);
    this.runs.delete(text);
  }
}

/** The prepared statement's name in a `PREPARE <name> AS …` text. */
export const preparedName = (prepare: string): string => prepare.split(' ', 2)[1]!;

/** `params` as a comma-separated list of SQL literals, or undefined when one cannot be written. */
function literals(params: readonly unknown[]): string | undefined {
  const out: string[] = [];
  for (const p of params) {
    const l = literal(p);
    if (l === undefined) return undefined;
    out.push(l);
  }
  return out.join(', ');
}

function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const v of value as unknown[]) {
      if (v === null || v === undefined) items.push('NULL');
      else {
        const t = scalarText(v as Scalar);
        if (t === undefined) return undefined;
        items.push(`"${t.replace(/[\\"]/g, '\\$&')}"`);
      }
    }
    return quote(`{${items.join(',')}}`);
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    if (ArrayBuffer.isView(value)) return undefined;
    return quote(JSON.stringify(value));
  }
  const t = scalarText(value as Scalar);
  return t === undefined ? undefined : quote(t);
}

function scalarText(v: Scalar): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
