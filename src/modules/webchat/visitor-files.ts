import type { MediaRef } from '../../integrations/contract/message.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import type { ContactFeedMessage } from '../inbox/contact-feed.ts';
import { findMessageMedia, MEDIA_CONTENT_TYPES } from '../inbox/inbox.service.ts';

/** A message's file as the widget shows it; its bytes come from `GET messages/{id}/file`. */
export interface WidgetFile {
  /** The file's name, when it had one. */
  name: string | null;
  /** Its checked content type, when known. */
  type: string | null;
  /** Bytes, when known. */
  size: number | null;
  /** An image (shown inline); else a download link. */
  image: boolean;
}

/** A message as the widget shows it. */
export interface WidgetMessage {
  id: string;
  /** The widget's own id of a visitor message (what it posted), null for answers. */
  clientId: string | null;
  /** `visitor`, a person of the team (`team`), or an AI agent (`bot`). */
  from: 'visitor' | 'team' | 'bot';
  /** The text; a file's caption (empty without one). */
  text: string;
  /** The message's file, null for other messages. */
  file: WidgetFile | null;
  /** Answers: `sent`, `delivered` or `read`; visitor messages: null. */
  status: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/**
 * A feed message as the widget shows it; `media` is its file reference (visitor-files.ts), whose
 * caption replaces the history text (`[image: name]`).
 */
export function widgetMessage(m: ContactFeedMessage, media?: MediaRef): WidgetMessage {
  const inbound = m.direction === 'inbound';
  const image = m.contentType === 'image' || m.contentType === 'sticker';
  return {
    id: m.id,
    clientId: inbound ? m.platformMessageId : null,
    from: inbound ? 'visitor' : m.senderKind === 'agent' ? 'bot' : 'team',
    text: media ? (media.caption ?? '') : (m.text ?? ''),
    file: media
      ? { name: media.fileName ?? null, type: media.mimeType ?? null, size: media.size ?? null, image }
      : null,
    status: inbound ? null : m.status,
    createdAt: m.createdAt,
  };
}

const MEDIA = new Set<string>(MEDIA_CONTENT_TYPES);

/**
 * Feed messages of conversation `conversationId` as the widget shows them, in order, each media
 * message with its file (name, type, size: the inbox's file reference, one primary-key probe per
 * media message; text messages cost nothing). A media message whose reference the inbox does not
 * serve as a file shows its text only.
 */
export async function widgetMessages(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  messages: readonly ContactFeedMessage[],
): Promise<WidgetMessage[]> {
  return Promise.all(
    messages.map(async (m) => {
      if (!MEDIA.has(m.contentType)) return widgetMessage(m);
      const ref = await findMessageMedia(db, workspaceId, conversationId, m.id);
      return widgetMessage(m, ref?.media);
    }),
  );
}
