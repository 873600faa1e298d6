import type { Config } from '../kernel/config/config.ts';
import type { Queryable } from '../kernel/db/database.ts';
import { outboundHttp } from '../kernel/http-client/client.ts';
import type { ChannelAdapter, SendContext } from './contract/channel-adapter.ts';
import { insertSandboxRequest } from './sandbox/sandbox.repository.ts';
import { SANDBOX_BASE_URL, sandboxHttpClient } from './sandbox/sandbox.transport.ts';

/** The channel facts a send needs. */
export interface SendingChannel {
  id: string;
  sandbox: boolean;
  config: Record<string, unknown>;
}

/**
 * The `SendContext` of one send on `channel`. A real channel goes to `adapter.apiBaseUrl(config)`
 * over the network through the process's outbound client (SSRF guard per `OMNIFY_ALLOW_PRIVATE_URLS`).
 * A sandbox channel's requests go to the platform's emulator in-process (never over HTTP), each
 * recorded in `sandbox_requests` with the channel's secrets redacted.
 */
export function channelSendContext(
  deps: { config: Pick<Config, 'allowPrivateUrls' | 'sendTimeoutMs'>; db: Queryable },
  adapter: ChannelAdapter,
  channel: SendingChannel,
): SendContext {
  const timeoutMs = deps.config.sendTimeoutMs;
  if (!channel.sandbox) {
    return { apiBaseUrl: adapter.apiBaseUrl(channel.config), timeoutMs, http: outboundHttp(deps.config) };
  }
  const secrets = adapter.secretFields.map((f) => channel.config[f]);
  const record = (r: Parameters<typeof insertSandboxRequest>[2]) =>
    insertSandboxRequest(deps.db, channel.id, r);
  return {
    apiBaseUrl: SANDBOX_BASE_URL,
    timeoutMs,
    http: sandboxHttpClient(adapter.platform, record, secrets),
  };
}
