/**
 * What other modules may use of the channels module: reading a channel (its config opened with the
 * workspace's secrets), and recording a request a sandbox channel sent (the `SandboxRecorder` the
 * inbox's outbound send hands to the sandbox transport). The channels and sandbox_requests tables
 * are written only by this module.
 */
export { type ChannelRecord, findChannel, insertChannel } from './channel.repository.ts';
export { insertSandboxRequest } from './sandbox.repository.ts';
