/**
 * What other modules may use of the channels module: reading a channel (its config opened with the
 * workspace's secrets). The channels table is written only by this module's routes.
 */
export { type ChannelRecord, findChannel, insertChannel } from './channel.repository.ts';
