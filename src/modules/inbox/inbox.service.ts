import { and, eq, inArray } from 'drizzle-orm';
import type { MediaRef } from '../../integrations/contract/message.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { messages } from './inbox.schema.ts';

/**
 * What other modules may read of the inbox's messages beyond the API (the media module: a
 * message's file reference). The conversations and messages tables are read and written only here.
 */

/** Content types whose `content.media` is a file reference (`MediaRef`). */
export const MEDIA_CONTENT_TYPES = [
  'image',
  'audio',
  'voice',
  'video',
  'document',
  'sticker',
  'animation',
] as const;
export type MediaContentType = (typeof MEDIA_CONTENT_TYPES)[number];

/** An inbound message's file reference, with its channel (which platform to fetch it from). */
export interface MessageMedia {
  messageId: string;
  channelId: string;
  contentType: MediaContentType;
  media: MediaRef;
}

/**
 * Message `messageId` of conversation `conversationId` in the workspace when it is an inbound
 * message whose content is a file reference (`image`, `audio`, `voice`, `video`, `document`,
 * `sticker`, `animation` with a `media.id`); null otherwise (no such message, another workspace's or
 * conversation's, a text, a location, a note, an outbound message). One primary-key probe.
 */
export async function findMessageMedia(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  messageId: string,
): Promise<MessageMedia | null> {
  if (!isUuid(conversationId) || !isUuid(messageId)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ channelId: messages.channelId, contentType: messages.contentType, content: messages.content })
    .from(messages)
    .where(
      s.where(
        messages,
        and(
          eq(messages.id, messageId),
          eq(messages.conversationId, conversationId),
          eq(messages.direction, 'inbound'),
          inArray(messages.contentType, [...MEDIA_CONTENT_TYPES]),
        ),
      ),
    );
  const media = row ? mediaRefOf((row.content as { media?: unknown } | null)?.media) : undefined;
  if (!row || !media) return null;
  return { messageId, channelId: row.channelId, contentType: row.contentType as MediaContentType, media };
}

/** The stored `content.media` as a `MediaRef`: fields of the wrong type dropped; undefined without an id. */
function mediaRefOf(v: unknown): MediaRef | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Record<string, unknown>;
  if (typeof m.id !== 'string' || m.id === '') return undefined;
  const ref: MediaRef = { id: m.id };
  for (const key of ['url', 'mimeType', 'fileName', 'sha256', 'caption'] as const) {
    const value = m[key];
    if (typeof value === 'string' && value !== '') ref[key] = value;
  }
  if (typeof m.size === 'number' && Number.isFinite(m.size) && m.size >= 0) ref.size = m.size;
  if (m.kept === true) ref.kept = true;
  return ref;
}
