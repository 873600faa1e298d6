import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { hasNonDemoContacts, markDemoContacts, resolveIdentity } from './contact.repository.ts';
import { resolveCustomerContacts } from './customer-contacts.ts';
import { addContactsToSegmentByAction, removeActionSegmentMembers } from './segment-members.ts';

describe.each(testBackends())('contacts repository on %s', (backend) => {
  let omnify: TestOmnify;
  let ws: string;
  let other: string;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    ws = (await omnify.db.query<{ id: string }>('SELECT id FROM workspaces')).rows[0]!.id;
    other = (await omnify.api('POST', '/api/v1/workspaces', { name: 'Other' })).json.workspace.id;
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('resolves an identity once per workspace and keeps its display name fresh', async () => {
    const first = await omnify.db.transaction((tx) =>
      resolveIdentity(tx, ws, 'telegram', {
        handle: 'h-1',
        displayName: 'Ann',
        username: 'ann',
        phoneE164: '+14155550123',
      }),
    );
    const again = await omnify.db.transaction((tx) =>
      resolveIdentity(tx, ws, 'telegram', { handle: 'h-1', displayName: 'Ann B.' }),
    );
    expect(again).toEqual(first);
    const elsewhere = await omnify.db.transaction((tx) =>
      resolveIdentity(tx, other, 'telegram', { handle: 'h-1', displayName: 'Ann' }),
    );
    expect(elsewhere.contactId).not.toBe(first.contactId);
    const row = await omnify.db.query<{
      display_name: string;
      username: string;
      name: string;
      phone_e164: string;
    }>(
      `SELECT i.display_name, i.username, c.name, c.phone_e164 FROM identities i JOIN contacts c ON c.id = i.contact_id
       WHERE i.id = $1`,
      [first.identityId],
    );
    expect(row.rows[0]).toEqual({
      display_name: 'Ann B.',
      username: 'ann',
      name: 'Ann',
      phone_e164: '+14155550123',
    });
  });

  it('marks demo contacts, links customers and applies segment changes of an action', async () => {
    const ids = await omnify.db.transaction((tx) =>
      resolveCustomerContacts(tx, other, [{ customerId: 'D-1', name: 'Demo' }, { customerId: 'D-2' }]),
    );
    expect(ids.size).toBe(2);
    expect(await hasNonDemoContacts(omnify.db, other)).toBe(true);
    await omnify.db.transaction((tx) => markDemoContacts(tx, other, ['D-1', 'D-2']));
    // The identity contact of the first test is not demo data.
    expect(await hasNonDemoContacts(omnify.db, other)).toBe(true);
    await omnify.db.query('DELETE FROM identities WHERE workspace_id = $1', [other]);
    await omnify.db.query('DELETE FROM contacts WHERE workspace_id = $1 AND NOT demo', [other]);
    expect(await hasNonDemoContacts(omnify.db, other)).toBe(false);

    const insight = await omnify.db.query<{ id: string }>(
      `INSERT INTO insights (workspace_id, kind, severity, fingerprint, title, summary, subject_type, subject_id, evidence)
       VALUES ($1, 'churn_risk', 'info', 'fp', 't', 's', 'workspace', 'w', '{}') RETURNING id`,
      [other],
    );
    const action = await omnify.db.query<{ id: string }>(
      `INSERT INTO insight_actions (workspace_id, insight_id, kind, status, target, before, after)
       VALUES ($1, $2, 'add_to_segment', 'pending', 'omnify', '{}', '{}') RETURNING id`,
      [other, insight.rows[0]!.id],
    );
    const actionId = action.rows[0]!.id;
    const foreign = (
      await omnify.db.query<{ id: string }>('SELECT id FROM contacts WHERE workspace_id = $1 LIMIT 1', [ws])
    ).rows[0]!.id;
    const input = {
      workspaceId: other,
      segmentName: 'Churn',
      contactIds: [...ids.values(), foreign],
      actionId,
    };
    const added = await omnify.db.transaction((tx) => addContactsToSegmentByAction(tx, input));
    expect(added.membersBefore).toBe(0);
    expect(new Set(added.added)).toEqual(new Set(ids.values()));
    const twice = await omnify.db.transaction((tx) => addContactsToSegmentByAction(tx, input));
    expect(twice).toMatchObject({ segmentId: added.segmentId, membersBefore: 2, added: [] });
    await omnify.db.transaction((tx) => removeActionSegmentMembers(tx, actionId));
    const left = await omnify.db.query('SELECT 1 FROM segment_members WHERE segment_id = $1', [
      added.segmentId,
    ]);
    expect(left.rows).toHaveLength(0);
  });
});
