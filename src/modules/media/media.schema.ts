import { bigint, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The media module's table (`media_files`: which stored object holds a message's file) for typed
 * queries (src/kernel/db/orm.ts). The SQL migration in ./migrations/ creates it;
 * src/app/db-schema.integration.test.ts fails when the two disagree. `sha256` is 64 lower-case hex
 * digits (the object's key in the store), `sizeBytes` a number of bytes.
 */
export const mediaFiles = pgTable('media_files', {
  messageId: uuid('message_id').primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  sha256: text().notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  fileName: text('file_name'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).defaultNow().notNull(),
});
