import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasSharedFixtures, SAMPLE_PAYLOADS_DIR, SHARED_PAYLOADS_DIR } from '../src/testing/fixtures.ts';

/**
 * Payloads for end-to-end tests: the real shared fixture when `../shared` is present, else the
 * project's own sample written from the platform docs. Returned as parsed JSON for tests to vary.
 */
export function payload(platform: string, sharedName: string, sampleName: string): any {
  const path = hasSharedFixtures
    ? join(SHARED_PAYLOADS_DIR, platform, sharedName)
    : join(SAMPLE_PAYLOADS_DIR, platform, sampleName);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A WhatsApp text webhook: the fixture's envelope with a new message id and text. */
export function whatsappText(id: string, text: string): any {
  const body = payload('whatsapp', 'inbound_text.json', 'text_hello.json');
  const msg = body.entry[0].changes[0].value.messages[0];
  msg.id = id;
  msg.text.body = text;
  return body;
}

/** A WhatsApp status webhook for our sent message `wamid` with `status`. */
export function whatsappStatus(wamid: string, status: 'sent' | 'delivered' | 'read'): any {
  const body = payload('whatsapp', 'status_delivered.json', 'status_delivered.json');
  const st = body.entry[0].changes[0].value.statuses[0];
  st.id = wamid;
  st.status = status;
  return body;
}

/** The WhatsApp sender (`wa_id`) of the text fixture. */
export function whatsappSender(): string {
  return payload('whatsapp', 'inbound_text.json', 'text_hello.json').entry[0].changes[0].value.messages[0]
    .from;
}
