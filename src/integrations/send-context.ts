import type { Config } from '../kernel/config/config.ts';
import { outboundHttp } from '../kernel/http-client/client.ts';
import type { ChannelAdapter, SendContext } from './contract/channel-adapter.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from './sandbox/sandbox.transport.ts';

/** The channel facts a send needs. */
export interface SendingChannel {
  id: string;
  sandbox: boolean;
  config: Record<string, unknown>;
}

/**
 * Keeps one (already redacted) request a sandbox channel sent. Supplied by the caller (the channels
 * module stores it in `sandbox_requests`): integrations never touch the database. Awaited before the
 * emulator's answer is returned, so a failed record fails the send.
 */
export type SandboxRecorder = (channelId: string, record: SandboxRecord) => Promise<void>;

/**
 * The `SendContext` of one send on `channel`. A real channel goes to `adapter.apiBaseUrl(config)`
 * over the network through the process's outbound client (SSRF guard per `OMNIFY_ALLOW_PRIVATE_URLS`).
 * A sandbox channel's requests go to the platform's emulator in-process (never over HTTP), each
 * handed to `deps.recordSandbox` with the channel's secrets redacted.
 */
export function channelSendContext(
  deps: { config: Pick<Config, 'allowPrivateUrls' | 'sendTimeoutMs'>; recordSandbox: SandboxRecorder },
  adapter: ChannelAdapter,
  channel: SendingChannel,
): SendContext {
  const timeoutMs = deps.config.sendTimeoutMs;
  if (!channel.sandbox) {
    return { apiBaseUrl: adapter.apiBaseUrl(channel.config), timeoutMs, http: outboundHttp(deps.config) };
  }
  const secrets = adapter.secretFields.map((f) => channel.config[f]);
  const record = (r: SandboxRecord) => deps.recordSandbox(channel.id, r);
  return {
    apiBaseUrl: SANDBOX_BASE_URL,
    timeoutMs,
    http: sandboxHttpClient(adapter.platform, record, secrets),
  };
}
