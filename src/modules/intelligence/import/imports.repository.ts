import { eq, getTableColumns } from 'drizzle-orm';
import type { Queryable } from '../../../kernel/db/database.ts';
import { keyset, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { imports } from '../intelligence.schema.ts';

/** An import (orders or ads CSV) as the API shows it; `createdAt` ISO 8601 UTC. */
export interface ImportRecord {
  id: string;
  kind: 'orders' | 'ads';
  fileName: string | null;
  totalRows: number;
  importedRows: number;
  duplicateRows: number;
  errorRows: number;
  /** Per-row errors (first 1,000) as the import stored them. */
  errors: unknown[];
  mapping: unknown;
  createdAt: string;
}

function toImport(r: typeof imports.$inferSelect): ImportRecord {
  return {
    id: r.id,
    kind: r.kind as ImportRecord['kind'],
    fileName: r.fileName,
    totalRows: r.totalRows,
    importedRows: r.importedRows,
    duplicateRows: r.duplicateRows,
    errorRows: r.errorRows,
    errors: (r.errors ?? []) as unknown[],
    mapping: r.mapping,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The workspace's import `id`, or null when absent (or `id` is not a uuid). */
export async function findImport(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<ImportRecord | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(imports)
    .where(s.where(imports, eq(imports.id, id)));
  return row ? toImport(row) : null;
}

/** One page of the workspace's imports, newest first (keyset on created_at, id; a bad cursor is a 400). */
export async function listImports(
  db: Queryable,
  workspaceId: string,
  page: { limit: number; cursor?: string },
): Promise<{ data: ImportRecord[]; nextCursor: string | null }> {
  const s = scoped(db, workspaceId);
  const k = keyset({ sort: imports.createdAt, id: imports.id, ...page });
  const rows = await s.db
    .select({ ...getTableColumns(imports), pageAt: k.pageAt })
    .from(imports)
    .where(s.where(imports, k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toImport);
}
