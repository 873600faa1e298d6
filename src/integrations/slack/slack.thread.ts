/**
 * Omnify's conversation (thread) keys for Slack, shared by inbound normalization and `send`.
 *
 * One Omnify conversation per Slack thread:
 * - a reply inside a thread (its `thread_ts` differs from its `ts`) → `"{channel}:{thread_ts}"`;
 * - a top-level message in a channel or private channel (`channel_type` `channel`/`group`) →
 *   `"{channel}:{ts}"`: it roots a thread, our answer starts that thread (`thread_ts` = its `ts`) and
 *   the replies that follow land in the same conversation;
 * - a top-level message in a direct message (`im`) or group DM (`mpim`) → `"{channel}"`: the DM is one
 *   conversation and our answers go to the DM itself, not into threads.
 *
 * Channel ids (`C…`, `G…`, `D…`) hold no colon; `ts` values are `"<seconds>.<micros>"`.
 */

/** A Slack message `ts` / `thread_ts`: unix seconds with a fraction, as a string. */
const TS = /^\d{1,12}(\.\d{1,9})?$/;

/** True for channel types whose top-level messages are answered in the channel itself (DMs). */
function isDirect(channel: string, channelType: string | undefined): boolean {
  if (channelType) return channelType === 'im' || channelType === 'mpim';
  // `app_mention` carries no `channel_type`: a DM's id starts with D.
  return channel.startsWith('D');
}

/**
 * The thread key of a message posted in `channel` at `ts` (with `threadTs` when it belongs to a
 * thread; `threadTs === ts` is the thread's parent, treated as top-level).
 */
export function slackThreadKey(
  channel: string,
  channelType: string | undefined,
  ts: string,
  threadTs: string | undefined,
): string {
  if (threadTs && threadTs !== ts) return `${channel}:${threadTs}`;
  return isDirect(channel, channelType) ? channel : `${channel}:${ts}`;
}

/**
 * Where `chat.postMessage` goes for a thread key: `{channel}` alone, or `{channel, threadTs}` for
 * `"{channel}:{ts}"`. A suffix that is not a Slack `ts` is not split off (the whole key is the channel,
 * and Slack answers `channel_not_found` if it is not one).
 */
export function slackTarget(threadKey: string): { channel: string; threadTs?: string } {
  const at = threadKey.lastIndexOf(':');
  if (at > 0 && TS.test(threadKey.slice(at + 1))) {
    return { channel: threadKey.slice(0, at), threadTs: threadKey.slice(at + 1) };
  }
  return { channel: threadKey };
}
