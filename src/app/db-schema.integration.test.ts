import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as agents from '../modules/agents/agents.schema.ts';
import * as channels from '../modules/channels/channels.schema.ts';
import * as contacts from '../modules/contacts/contacts.schema.ts';
import * as inbox from '../modules/inbox/inbox.schema.ts';
import * as intelligence from '../modules/intelligence/intelligence.schema.ts';
import * as media from '../modules/media/media.schema.ts';
import * as templates from '../modules/templates/templates.schema.ts';
import * as users from '../modules/users/users.schema.ts';
import * as webchat from '../modules/webchat/webchat.schema.ts';
import * as workspaces from '../modules/workspaces/workspaces.schema.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../testing/backends.ts';
import { openAppDatabase } from './database.ts';

/** Every table the modules declare for Drizzle, by module. */
const declared: Record<string, PgTable[]> = Object.fromEntries(
  Object.entries({
    agents,
    channels,
    contacts,
    inbox,
    intelligence,
    media,
    templates,
    users,
    webchat,
    workspaces,
  }).map(([m, exports]) => [m, Object.values(exports) as PgTable[]]),
);

/** `table.column` → `type NOT NULL` as Drizzle declares it, types spelled as information_schema does. */
function fromDrizzle(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of Object.values(declared).flat()) {
    const cfg = getTableConfig(table);
    const pk = new Set(cfg.primaryKeys.flatMap((k) => k.columns.map((c) => c.name)));
    for (const c of cfg.columns) {
      const type = c.getSQLType().replace(/^bigserial$/, 'bigint');
      out[`${cfg.name}.${c.name}`] = `${type}${c.notNull || c.primary || pk.has(c.name) ? ' NOT NULL' : ''}`;
    }
  }
  return out;
}

describe.each(testBackends())('the Drizzle schema matches the migrated database on %s', (backend) => {
  let tdb: TestDatabase;
  afterAll(() => tdb?.dispose());

  it('declares every table and column with its type and nullability', async () => {
    tdb = await createTestDatabase(backend);
    const db = await openAppDatabase(tdb.config);
    try {
      const { rows } = await db.query<{ t: string; c: string; type: string; nullable: string }>(
        `SELECT table_name AS t, column_name AS c, is_nullable AS nullable,
           CASE WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END AS type
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> 'omnify_schema_migrations'`,
      );
      const migrated = Object.fromEntries(
        rows.map((r) => [`${r.t}.${r.c}`, `${r.type}${r.nullable === 'NO' ? ' NOT NULL' : ''}`]),
      );
      expect(Object.keys(migrated).length).toBeGreaterThan(200);
      expect(fromDrizzle()).toEqual(migrated);
    } finally {
      await db.close();
    }
  });

  it('puts each table in the module that owns it', () => {
    const owner = (m: string) => declared[m]!.map((t) => getTableConfig(t).name).sort();
    expect(owner('workspaces')).toEqual(['api_keys', 'workspaces']);
    expect(owner('channels')).toEqual(['channels', 'sandbox_requests']);
    expect(owner('agents')).toEqual(['agents']);
    expect(owner('templates')).toEqual(['templates']);
    expect(owner('media')).toEqual(['media_files']);
    expect(owner('webchat')).toEqual(['webchat_sessions']);
    expect(owner('contacts')).toEqual([
      'contact_merge_suggestions',
      'contact_merges',
      'contacts',
      'identities',
      'segment_members',
      'segments',
    ]);
    expect(owner('inbox')).toEqual(['conversation_reads', 'conversations', 'events', 'messages']);
    expect(owner('users')).toEqual(['invitations', 'memberships', 'password_resets', 'sessions', 'users']);
  });
});
