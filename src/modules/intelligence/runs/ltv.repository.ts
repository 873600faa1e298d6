import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { contactSummaries } from '../../contacts/contacts.service.ts';
import { contactLtv, modelResults } from '../intelligence.schema.ts';
import { CHURN_P_ALIVE } from './ltv.model.ts';

/**
 * The "likely gone" P(alive) threshold of the workspace's last completed LTV run (chosen from its
 * data, `result.churn.threshold`; 0 when that run called nobody gone), or {@link CHURN_P_ALIVE}
 * before a run has stored one.
 */
export async function churnThreshold(db: Queryable, workspaceId: string): Promise<number> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ t: sql<string | null>`${modelResults.result}->'churn'->>'threshold'` })
    .from(modelResults)
    .where(
      s.where(
        modelResults,
        eq(modelResults.model, 'ltv'),
        eq(modelResults.subjectType, 'workspace'),
        eq(modelResults.subjectId, workspaceId),
      ),
    );
  const t = row?.t === null || row?.t === undefined ? Number.NaN : Number(row.t);
  return Number.isFinite(t) && t >= 0 && t <= 1 ? t : CHURN_P_ALIVE;
}

/**
 * One contact's figures from the last LTV run (src/models/ltv: BG/NBD + Gamma-Gamma), with the
 * contact's name and customer id. Money in currency minor units; weeks as fractions; `computedAt`
 * ISO 8601 UTC.
 */
export interface ContactLtvView {
  contactId: string;
  name: string | null;
  customerId: string | null;
  frequency: number;
  recencyWeeks: number;
  ageWeeks: number;
  pAlive: number;
  expectedPurchases30: number;
  expectedPurchases90: number;
  expectedPurchases365: number;
  expectedOrderValueMinor: number | null;
  clvMinor: number | null;
  currency: string;
  computedAt: string;
}

/** The workspace's LTV rows matching `conditions`. */
function select(s: Scope, pageAt: SQL<string>, ...conditions: Array<SQL | undefined>) {
  return s.db
    .select({
      id: contactLtv.contactId,
      frequency: contactLtv.frequency,
      recencyWeeks: contactLtv.recencyWeeks,
      ageWeeks: contactLtv.tWeeks,
      pAlive: contactLtv.pAlive,
      expectedPurchases30: contactLtv.expectedPurchases30,
      expectedPurchases90: contactLtv.expectedPurchases90,
      expectedPurchases365: contactLtv.expectedPurchases365,
      expectedOrderValueMinor: contactLtv.expectedOrderValueMinor,
      clvMinor: contactLtv.clvMinor,
      currency: contactLtv.currency,
      computedAt: contactLtv.computedAt,
      pageAt,
    })
    .from(contactLtv)
    .where(s.where(contactLtv, ...conditions));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

/** The rows as views, with their contact's name and customer id (one contacts service query for all rows). */
async function toViews(db: Queryable, workspaceId: string, rows: Row[]): Promise<ContactLtvView[]> {
  if (rows.length === 0) return [];
  const contacts = await contactSummaries(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map(({ id, pageAt: _, computedAt, ...r }) => {
    const c = contacts.get(id);
    return {
      contactId: id,
      name: c?.name ?? null,
      customerId: c?.customerId ?? null,
      ...r,
      computedAt: computedAt.toISOString(),
    };
  });
}

/** The LTV of the workspace's contact `id`; null when absent (no orders, or no run yet). */
export async function findContactLtv(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<ContactLtvView | null> {
  if (!isUuid(id)) return null;
  const rows = await select(
    scoped(db, workspaceId),
    sql<string>`${contactLtv.contactId}::text`,
    eq(contactLtv.contactId, id),
  );
  const [view] = await toViews(db, workspaceId, rows);
  return view ?? null;
}

/**
 * One page of the workspace's per-contact LTV: `clv` highest CLV first (no CLV sorts last),
 * `churn_risk` lowest P(alive) first; `atRisk` keeps repeat customers with P(alive) below the
 * last run's churn threshold ({@link churnThreshold}), the ones its churn-risk insight lists. Keyset on the sort number and contact id (a bad cursor is a 400).
 */
export async function listContactLtv(
  db: Queryable,
  workspaceId: string,
  f: { sort: 'clv' | 'churn_risk'; atRisk?: boolean; limit: number; cursor?: string },
): Promise<{ data: ContactLtvView[]; nextCursor: string | null }> {
  const key =
    f.sort === 'clv' ? sql`COALESCE(${contactLtv.clvMinor}, -1)::float8` : sql`(-${contactLtv.pAlive})`;
  const k = keyset({
    sort: key,
    id: contactLtv.contactId,
    sortType: 'float8',
    limit: f.limit,
    cursor: f.cursor,
  });
  const atRisk = f.atRisk
    ? and(gte(contactLtv.frequency, 1), lt(contactLtv.pAlive, await churnThreshold(db, workspaceId)))
    : undefined;
  const rows = await select(scoped(db, workspaceId), k.pageAt, atRisk, k.after)
    .orderBy(...k.orderBy)
    .limit(k.limit);
  const page = k.page(rows, (r) => r);
  return { data: await toViews(db, workspaceId, page.data), nextCursor: page.nextCursor };
}
