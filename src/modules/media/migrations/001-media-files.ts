import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * The media files kept for inbound messages (`media_files`, docs/media.md): one row per message whose
 * file was downloaded into the media store, naming the stored object by the SHA-256 of its bytes
 * (the store is content-addressed: two messages with the same file share one object).
 *
 * - `content_type` is the type the file was checked and is served as; `size_bytes` its length.
 * - `file_name` is the platform's name for the file (Content-Disposition), when it gave one.
 * - A message deleted takes its row along (the object stays in the store: docs/media.md).
 */
export const migration: ModuleMigration = {
  version: 1,
  name: 'media-files',
  statements: [
    `CREATE TABLE media_files (
      message_id uuid PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content_type text NOT NULL CHECK (char_length(content_type) BETWEEN 3 AND 255),
      size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
      file_name text CHECK (char_length(file_name) BETWEEN 1 AND 255),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX media_files_sha256 ON media_files (sha256)',
    'CREATE INDEX media_files_workspace ON media_files (workspace_id)',
  ],
};
