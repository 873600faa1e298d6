import { and, eq, isNull } from 'drizzle-orm';
import type { InboundSender, Platform } from '../../integrations/contract/message.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { resolveIdentity } from './contact.repository.ts';
import { contacts } from './contacts.schema.ts';
import { normalizeEmail } from './identity-normalize.ts';
import { suggestByEmail } from './merge-suggestions.ts';

/** What {@link recordIdentityEmail} did. */
export interface RecordedEmail {
  contactId: string;
  /** True when the address was written to the contact (it had none); false when it kept its own. */
  written: boolean;
}

/**
 * Puts an e-mail address a person gave on a channel (a web chat visitor's form, a site's signed
 * identity) on the contact behind identity `(platform, sender.handle)`, found or created with its
 * contact as `resolveIdentity` does, in the caller's transaction. The address goes to
 * `contacts.email` only when the contact has none: one the team typed or imported is never
 * replaced (the caller keeps its own record of what the person gave and whether it is verified).
 * When another contact already has the address, a `webchat_email` merge suggestion is added.
 */
export async function recordIdentityEmail(
  tx: Queryable,
  workspaceId: string,
  platform: Platform,
  sender: InboundSender,
  email: string,
): Promise<RecordedEmail> {
  const { contactId } = await resolveIdentity(tx, workspaceId, platform, sender);
  const s = scoped(tx, workspaceId);
  const updated = await s.db
    .update(contacts)
    .set({ email, updatedAt: new Date() })
    .where(s.where(contacts, and(eq(contacts.id, contactId), isNull(contacts.email))))
    .returning({ id: contacts.id });
  // The address may be another contact's: a merge suggestion a person decides on, never a merge.
  const normalized = normalizeEmail(email);
  if (normalized)
    await suggestByEmail(
      tx,
      workspaceId,
      contactId,
      normalized,
      'webchat_email',
      (name) => `Gave ${normalized} in the web chat; that is the e-mail of ${name}.`,
    );
  return { contactId, written: updated.length > 0 };
}
