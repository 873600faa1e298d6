import { adapterFor, SUPPORTED_PLATFORMS } from '../channel-registry.ts';
import type { ChannelCapabilities } from './channel-adapter.ts';

const LABELS: Record<keyof ChannelCapabilities, string> = {
  inboundMedia: 'inbound media (as references)',
  outboundText: 'outbound text',
  outboundMedia: 'outbound media',
  templates: 'platform templates',
  deliveryStatus: 'delivery status',
  edits: 'edited messages',
  reactions: 'reactions',
  replies: 'replies / quoting',
  handshake: 'webhook handshake (GET)',
  threads: 'threads',
  typing: 'typing indicator',
  readReceipts: 'read receipts sent',
};

/**
 * The capability matrix of docs/channels.md, generated from what each adapter declares
 * (n8n's pattern: integrations declare, docs follow). A test keeps the doc equal to this.
 */
export function capabilityMatrix(): string {
  const head = `| capability | ${SUPPORTED_PLATFORMS.join(' | ')} |`;
  const sep = `|---|${SUPPORTED_PLATFORMS.map(() => '---').join('|')}|`;
  const rows = (Object.keys(LABELS) as (keyof ChannelCapabilities)[]).map(
    (k) =>
      `| ${LABELS[k]} | ${SUPPORTED_PLATFORMS.map((p) => (adapterFor(p).capabilities[k] ? 'yes' : '—')).join(' | ')} |`,
  );
  return [head, sep, ...rows].join('\n');
}
