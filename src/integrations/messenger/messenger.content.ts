import type { MediaRef, MessageContent } from '../contract/message.ts';

/*
 * The content of a Messenger Platform `message` object (Meta docs, "Webhook Events Reference >
 * messages"; Instagram: "Instagram Messaging > Webhooks"): `text`, `quick_reply.payload`,
 * `attachments[]` of `type` image | video | audio | file | sticker-images | location | fallback |
 * share | story_mention | reel | ig_reel | …, each with a `payload` (`url`, `title`, `sticker_id`,
 * `coordinates`). Media are kept as references: the attachment's CDN URL is the media id (Meta
 * sends no other id; the URL expires after some days, so download comes later).
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One normalized content with its plain text (the text, caption, button title, or null). */
export interface ParsedContent {
  content: MessageContent;
  text: string | null;
}

/** Attachment types that are media, mapped to the normalized media type. */
const MEDIA: Record<string, 'image' | 'video' | 'audio' | 'document'> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
  reel: 'video',
  ig_reel: 'video',
  animated_image_share: 'image',
};

const unsupported = (platformType: string, reason?: string): ParsedContent => ({
  content: reason ? { type: 'unsupported', platformType, reason } : { type: 'unsupported', platformType },
  text: null,
});

function attachmentContent(a: Obj, caption: string | undefined): ParsedContent {
  const type = str(a.type) ?? 'unknown';
  const payload = obj(a.payload);
  if (type === 'location') {
    const c = obj(payload.coordinates);
    const latitude = num(c.lat);
    const longitude = num(c.long);
    if (latitude === undefined || longitude === undefined)
      return unsupported('attachment:location', 'location without coordinates');
    const name = str(a.title) ?? str(payload.title);
    const url = str(a.url) ?? str(payload.url);
    const content: MessageContent = { type: 'location', latitude, longitude };
    if (name) content.name = name;
    if (url) content.url = url;
    return { content, text: name ?? null };
  }
  const mediaType = MEDIA[type];
  if (!mediaType) return unsupported(`attachment:${type}`);
  const url = str(payload.url);
  if (!url) return unsupported(`attachment:${type}`, 'attachment without payload.url');
  const media: MediaRef = { id: url };
  const title = caption ?? str(payload.title);
  if (title) media.caption = title;
  // Messenger stickers (the thumbs-up too) arrive as images with a sticker_id.
  const isSticker = type === 'image' && payload.sticker_id !== undefined && payload.sticker_id !== null;
  return { content: { type: isSticker ? 'sticker' : mediaType, media }, text: title ?? null };
}

/**
 * The contents of one `message` object, in order: a quick-reply tap (`quick_reply.payload`, title
 * = the text), else one content per attachment (the text, if any, as the first one's caption),
 * else the text. A message with none of these is one `unsupported` content
 * (`is_unsupported` → reason "unsupported by the platform").
 */
export function messageContents(m: Obj): ParsedContent[] {
  const text = typeof m.text === 'string' ? m.text : undefined;
  const quick = str(obj(m.quick_reply).payload);
  if (quick !== undefined) {
    const title = text ?? '';
    return [
      {
        content: { type: 'interactive_reply', kind: 'quick_reply', replyId: quick, title },
        text: title || quick,
      },
    ];
  }
  const attachments = Array.isArray(m.attachments) ? m.attachments.filter(isObj) : [];
  if (attachments.length > 0)
    return attachments.map((a, i) => attachmentContent(a, i === 0 ? text : undefined));
  if (text !== undefined) return [{ content: { type: 'text', text }, text }];
  if (m.is_unsupported === true) return [unsupported('message', 'unsupported by the platform')];
  return [unsupported('message', 'message without text or attachments')];
}
