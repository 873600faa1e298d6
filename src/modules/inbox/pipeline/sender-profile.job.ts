import { adapterFor } from '../../../integrations/channel-registry.ts';
import type { InboundMessage } from '../../../integrations/contract/message.ts';
import { channelSendContext } from '../../../integrations/send-context.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { findChannel, insertSandboxRequest } from '../../channels/channels.service.ts';
import { identityLacksName, nameIdentity } from '../../contacts/contacts.service.ts';
import type { PipelineDeps } from './deps.ts';

/** Data of a `sender-profile` job: a sender of channel `channelId` whose messages carry no name. */
export interface SenderProfileJob {
  workspaceId: string;
  channelId: string;
  /** The sender's platform id (the identity's handle). */
  handle: string;
}

/**
 * The `sender-profile` jobs a batch of new messages of one channel calls for: one per sender
 * without a name, when the platform can look names up (`describeSender`). The job itself checks
 * whether the identity still lacks one, so a sender named meanwhile costs one read.
 */
export function senderProfileJobs(
  channel: { id: string; workspaceId: string; platform: string },
  messages: Pick<InboundMessage, 'sender'>[],
): SenderProfileJob[] {
  if (!adapterFor(channel.platform).describeSender) return [];
  const handles = new Set(messages.filter((m) => !m.sender.displayName).map((m) => m.sender.handle));
  return [...handles].map((handle) => ({ workspaceId: channel.workspaceId, channelId: channel.id, handle }));
}

/**
 * Runs one `sender-profile` job: when the sender's identity still has no name, asks the platform's
 * directory (`ChannelAdapter.describeSender`, Slack `users.info`) outside any transaction and fills
 * the identity's names and, when empty, its contact's name (contacts module, `nameIdentity`).
 * Reloads the channel and identity, so running it twice asks at most twice and writes once. A
 * refused lookup (a missing `users:read` scope) is logged and not retried; a transient or throttled
 * one throws, so the queue retries it.
 */
export async function runSenderProfile(deps: PipelineDeps, job: SenderProfileJob): Promise<void> {
  const { db } = deps;
  const channel = await findChannel(db, deps.secrets, job.channelId, job.workspaceId);
  if (!channel) return;
  const adapter = adapterFor(channel.platform);
  if (!adapter.describeSender) return;
  const key = { workspaceId: job.workspaceId, platform: channel.platform, handle: job.handle };
  if (!(await identityLacksName(db, key))) return;
  const ctx = channelSendContext(
    { config: deps.config, recordSandbox: (channelId, r) => insertSandboxRequest(db, channelId, r) },
    adapter,
    { id: channel.id, sandbox: channel.sandbox, config: channel.config },
  );
  try {
    const profile = await adapter.describeSender(job.handle, channel.config, ctx);
    if (profile) await nameIdentity(db, key, profile);
  } catch (err) {
    if (isOmnifyError(err) && err.code === 'OMNIFY_ERR_PLATFORM_REJECTED') {
      deps.log.warn(
        { channelId: channel.id, platform: channel.platform, code: err.details?.platformCode },
        'sender name lookup refused by the platform; the sender stays unnamed',
      );
      return;
    }
    throw err;
  }
}
