import type { InboundMessage } from '../../../integrations/contract/message.ts';
import { channelJsonSql } from '../../channels/channels.service.ts';
import { suggestFromTypedText, typedSignals } from '../../contacts/contacts.service.ts';
import type { PipelineDeps } from './deps.ts';

/** Data of an `identity-signals` job: an inbound message whose text may name its sender elsewhere. */
export interface IdentitySignalsJob {
  messageId: string;
}

/**
 * Whether an inbound message's text may carry an e-mail address or a phone number (cheap test at
 * ingest; the job does the real parsing): something shaped like `x@domain.tld` (not a bare
 * `@mention`), or seven digits among the first 2,000 characters.
 */
export function mayNameSender(msg: Pick<InboundMessage, 'text'>): boolean {
  const text = msg.text?.slice(0, 2000);
  if (!text) return false;
  return /[^\s@]@[^\s@]+\.[A-Za-z]{2,}/.test(text) || (text.match(/\d/g)?.length ?? 0) >= 7;
}

/**
 * Job `identity-signals`: reads an inbound message with its conversation's contact and channel,
 * finds e-mail addresses and phone numbers the sender typed (`typedSignals`: the phone read in the
 * channel's default country), and adds a merge suggestion with each other contact they belong to
 * (contacts module, `suggestFromTypedText`), never a merge. Reloads everything, so running it twice
 * adds nothing more (one open suggestion per pair).
 */
export async function runIdentitySignals(deps: PipelineDeps, job: IdentitySignalsJob): Promise<void> {
  const r = await deps.db.query<{
    workspace_id: string;
    contact_id: string;
    text: string | null;
    channel: { platform: string; defaultCountry: string | null } | null;
  }>(
    `SELECT m.workspace_id, c.contact_id, m.text,
            ${channelJsonSql({ id: 'm.channel_id', workspace: 'm.workspace_id' })} AS channel
       FROM messages m JOIN conversations c ON c.id = m.conversation_id AND c.workspace_id = m.workspace_id
      WHERE m.id = $1 AND m.direction = 'inbound'`,
    [job.messageId],
  );
  const row = r.rows[0];
  if (!row?.text || !row.channel) return;
  const signals = typedSignals(row.text, row.channel.defaultCountry ?? undefined);
  if (signals.emails.length === 0 && signals.phones.length === 0) return;
  await deps.db.transaction((tx) =>
    suggestFromTypedText(tx, row.workspace_id, row.contact_id, signals, row.channel!.platform),
  );
}
