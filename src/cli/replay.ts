import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../integrations/webhook/omnify-signature.ts';
import { signWhatsApp, WHATSAPP_SIGNATURE_HEADER } from '../integrations/whatsapp/whatsapp.signature.ts';
import { field, objectField, stringField } from '../kernel/http-client/json-field.ts';

/** Options of `omnify replay`. */
export interface ReplayOptions {
  folder: string;
  channelId: string;
  /** Base URL of the running server. */
  url: string;
  /** The channel's signing secret (WhatsApp appSecret, Telegram secretToken, webhook secret). */
  secret?: string;
  /** An API key: used to look up the channel's platform and print the conversations afterwards. */
  apiKey?: string;
  /** Pause between posts, ms. */
  delayMs?: number;
  platform?: string;
}

/** One webhook body found in a payload file; `name` is `file.json` or `file.json#key` for named collections. */
export interface ReplayPayload {
  name: string;
  body: Buffer;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `v` looks like a webhook body of `platform` (other files in a folder are skipped). */
function isEnvelope(platform: string, v: unknown): boolean {
  if (!isObj(v)) return false;
  if (platform === 'whatsapp') return v.object === 'whatsapp_business_account';
  if (platform === 'telegram') return typeof v.update_id === 'number';
  return typeof v.type === 'string' || Array.isArray(v.events);
}

/**
 * Collects the webhook bodies of `platform` in `folder` (sorted by file name): whole-file envelopes
 * are sent byte for byte; files holding a map of named envelopes are split into one body each;
 * a bare Telegram Message is wrapped in an Update. Anything else (API responses, notes) is skipped.
 */
export function collectPayloads(folder: string, platform: string): ReplayPayload[] {
  const out: ReplayPayload[] = [];
  let updateId = 900_000_000;
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const bytes = readFileSync(join(folder, file));
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      continue;
    }
    if (isEnvelope(platform, json)) out.push({ name: file, body: bytes });
    else if (platform === 'telegram' && isObj(json) && 'message_id' in json && 'chat' in json) {
      out.push({ name: file, body: Buffer.from(JSON.stringify({ update_id: updateId++, message: json })) });
    } else if (isObj(json)) {
      for (const [key, v] of Object.entries(json)) {
        if (isEnvelope(platform, v))
          out.push({ name: `${file}#${key}`, body: Buffer.from(JSON.stringify(v)) });
      }
    }
  }
  return out;
}

/** The headers that authenticate `body` as the platform would send them. */
export function signatureHeaders(platform: string, body: Buffer, secret: string): Record<string, string> {
  switch (platform) {
    case 'whatsapp':
      return { [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(body, secret) };
    case 'telegram':
      return { 'x-telegram-bot-api-secret-token': secret };
    default:
      return { [OMNIFY_SIGNATURE_HEADER]: signOmnify(secret, body) };
  }
}

/** GETs `path` of the Omnify API with the API key; the parsed JSON body. Throws on a non-2xx answer. */
async function api(opts: ReplayOptions, path: string): Promise<unknown> {
  const res = await fetch(`${opts.url}${path}`, { headers: { authorization: `Bearer ${opts.apiKey}` } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * `omnify replay <folder> --channel <id> --secret <secret>`: signs and POSTs every payload in the
 * folder to `<url>/webhooks/<channel>`, printing each answer; with `--api-key`, finds the platform
 * itself and prints the channel's conversations afterwards. Returns the exit code (1 when a post failed).
 */
export async function runReplay(opts: ReplayOptions): Promise<number> {
  if (!statSync(opts.folder, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`Not a folder: ${opts.folder}`);
    return 2;
  }
  let platform = opts.platform;
  if (!platform && opts.apiKey)
    platform = stringField(await api(opts, `/api/v1/channels/${opts.channelId}`), 'platform');
  if (!platform) platform = basename(opts.folder.replace(/\/$/, ''));
  if (!opts.secret) {
    console.error(
      '--secret is required: the channel secret the platform signs with (appSecret, secretToken or secret).',
    );
    return 2;
  }
  const payloads = collectPayloads(opts.folder, platform);
  if (payloads.length === 0) {
    console.error(`No ${platform} webhook payloads in ${opts.folder}.`);
    return 2;
  }
  let failed = 0;
  for (const p of payloads) {
    const res = await fetch(`${opts.url}/webhooks/${opts.channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(platform, p.body, opts.secret) },
      body: new Uint8Array(p.body),
    });
    const text = await res.text();
    if (!res.ok) failed++;
    console.log(`${res.status}  ${p.name}  ${text}`);
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
  }
  console.log(`\nPosted ${payloads.length} payloads, ${failed} refused.`);
  if (opts.apiKey) {
    await new Promise((r) => setTimeout(r, 1500));
    const convs = await api(opts, `/api/v1/conversations?channelId=${opts.channelId}&limit=50`);
    const list = field(convs, 'data');
    const data: unknown[] = Array.isArray(list) ? list : [];
    console.log(`\nConversations on this channel (${data.length}${field(convs, 'nextCursor') ? '+' : ''}):`);
    for (const c of data) {
      const m = objectField(c, 'lastMessage');
      const last = field(c, 'lastMessage')
        ? `${m.senderKind}: ${stringField(m, 'text') ?? `[${m.contentType}]`}`
        : '';
      const who = stringField(c, 'contact', 'name') ?? field(c, 'threadKey');
      console.log(`  ${field(c, 'id')}  ${who}  ${field(c, 'messageCount')} messages  last → ${last}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
