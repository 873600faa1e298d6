import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, orm, scoped } from '../../kernel/db/orm.ts';
import { contacts, segmentMembers, segments } from './contacts.schema.ts';
import { type ContactFacets, EMPTY_CONTACT_FACET } from './contacts.service.ts';

/** A segment as the API shows it, with its member count; `createdAt` ISO 8601 UTC. */
export interface SegmentView {
  id: string;
  name: string;
  description: string | null;
  members: number;
  createdAt: string;
}

/**
 * A segment member with its contact's details and last LTV figures (from the {@link ContactFacets}
 * provider; null without an LTV row or without a provider).
 */
export interface SegmentMemberView {
  contactId: string;
  name: string | null;
  email: string | null;
  phoneE164: string | null;
  pAlive: number | null;
  clvMinor: number | null;
  addedAt: string;
}

/**
 * The segment's columns and its member count. The subquery spells `segments.id` with its table:
 * Drizzle leaves the columns of a one-table select list unqualified.
 */
const withMembers = {
  ...getTableColumns(segments),
  members: sql<number>`(SELECT count(*) FROM ${segmentMembers} sm
    WHERE sm.segment_id = ${segments}.${sql.identifier(segments.id.name)})::int`,
};

function toSegment(r: typeof segments.$inferSelect & { members: number }): SegmentView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    members: r.members,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The workspace's segment `id` (a uuid), or null when absent. */
export async function findSegment(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<SegmentView | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(withMembers)
    .from(segments)
    .where(s.where(segments, eq(segments.id, id)));
  return row ? toSegment(row) : null;
}

/** The workspace's segments by name. */
export async function listSegments(db: Queryable, workspaceId: string): Promise<SegmentView[]> {
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select(withMembers)
    .from(segments)
    .where(s.where(segments))
    .orderBy(asc(segments.name));
  return rows.map(toSegment);
}

/** Creates an empty segment; null when the workspace already has one of that name. */
export async function createSegment(
  db: Queryable,
  workspaceId: string,
  input: { name: string; description: string | null },
): Promise<SegmentView | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .insert(segments)
    .values(s.values(input))
    .onConflictDoNothing({ target: [segments.workspaceId, segments.name] })
    .returning();
  return row ? toSegment({ ...row, members: 0 }) : null;
}

/**
 * One page of a segment's members, most recently added first (keyset on added_at, contact id; a
 * bad cursor is a 400), with their LTV figures from `facets` (one call per page). The caller has
 * checked that segment `segmentId` is workspace `workspaceId`'s.
 */
export async function listSegmentMembers(
  db: Queryable,
  workspaceId: string,
  segmentId: string,
  page: { limit: number; cursor?: string },
  facets: ContactFacets,
): Promise<{ data: SegmentMemberView[]; nextCursor: string | null }> {
  const k = keyset({ sort: segmentMembers.addedAt, id: segmentMembers.contactId, ...page });
  const rows = await orm(db)
    .select({
      id: segmentMembers.contactId,
      addedAt: segmentMembers.addedAt,
      pageAt: k.pageAt,
      name: contacts.name,
      email: contacts.email,
      phoneE164: contacts.phoneE164,
    })
    .from(segmentMembers)
    .innerJoin(contacts, eq(contacts.id, segmentMembers.contactId))
    .where(and(eq(segmentMembers.segmentId, segmentId), k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  const { data, nextCursor } = k.page(rows, (r) => r);
  const known = await facets(
    db,
    workspaceId,
    data.map((r) => r.id),
  );
  return {
    data: data.map((r) => {
      const ltv = (known.get(r.id) ?? EMPTY_CONTACT_FACET).ltv;
      return {
        contactId: r.id,
        name: r.name,
        email: r.email,
        phoneE164: r.phoneE164,
        pAlive: ltv?.pAlive ?? null,
        clvMinor: ltv?.clvMinor ?? null,
        addedAt: r.addedAt.toISOString(),
      };
    }),
    nextCursor,
  };
}

/**
 * Adds the workspace's contacts among `contactIds` to segment `segmentId` (already members and
 * other workspaces' contacts are skipped). Returns how many were added.
 */
export async function addSegmentMembers(
  db: Queryable,
  workspaceId: string,
  segmentId: string,
  contactIds: readonly string[],
): Promise<number> {
  const s = scoped(db, workspaceId);
  // Drizzle's insert … select names every column of the table, in order.
  const added = await s.db
    .insert(segmentMembers)
    .select(
      s.db
        .select({
          segmentId: sql<string>`${segmentId}::uuid`.as('segment_id'),
          contactId: contacts.id,
          addedByAction: sql<string | null>`NULL::uuid`.as('added_by_action'),
          addedAt: sql<Date>`now()`.as('added_at'),
        })
        .from(contacts)
        .where(s.where(contacts, sql`${contacts.id} = ANY(${sql.param(contactIds)}::uuid[])`)),
    )
    .onConflictDoNothing()
    .returning({ contactId: segmentMembers.contactId });
  return added.length;
}

/** Removes contact `contactId` (a uuid) from segment `segmentId`; nothing when it is no member. */
export async function removeSegmentMember(
  db: Queryable,
  segmentId: string,
  contactId: string,
): Promise<void> {
  await orm(db)
    .delete(segmentMembers)
    .where(and(eq(segmentMembers.segmentId, segmentId), eq(segmentMembers.contactId, contactId)));
}
