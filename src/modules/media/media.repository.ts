import { eq } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { mediaFiles } from './media.schema.ts';

/** A message's file as kept in the media store: the object's key, its checked type, bytes and name. */
export interface StoredMedia {
  messageId: string;
  sha256: string;
  contentType: string;
  sizeBytes: number;
  fileName: string | null;
}

/** The stored file of `messageId` in the workspace, or null when it was not downloaded yet. */
export async function findStoredMedia(
  db: Queryable,
  workspaceId: string,
  messageId: string,
): Promise<StoredMedia | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({
      messageId: mediaFiles.messageId,
      sha256: mediaFiles.sha256,
      contentType: mediaFiles.contentType,
      sizeBytes: mediaFiles.sizeBytes,
      fileName: mediaFiles.fileName,
    })
    .from(mediaFiles)
    .where(s.where(mediaFiles, eq(mediaFiles.messageId, messageId)));
  return row ?? null;
}

/**
 * Records that `m`'s file is in the store. A row already there (another process downloaded the same
 * file first) is kept, as both name the same bytes, unless `replace` (the row's object went missing
 * and the file was downloaded again). Returns the row as stored.
 */
export async function insertStoredMedia(
  db: Queryable,
  workspaceId: string,
  m: StoredMedia,
  replace = false,
): Promise<StoredMedia> {
  const s = scoped(db, workspaceId);
  const insert = s.db.insert(mediaFiles).values(s.values({ ...m }));
  const { messageId: _id, ...changes } = m;
  await (replace
    ? insert.onConflictDoUpdate({ target: mediaFiles.messageId, set: changes })
    : insert.onConflictDoNothing({ target: mediaFiles.messageId }));
  return (await findStoredMedia(db, workspaceId, m.messageId)) ?? m;
}
