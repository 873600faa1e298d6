import { type TSchema, Type } from '@sinclair/typebox';

/** The error body every failing request answers with (see src/errors/catalog.ts). */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable OMNIFY_ERR_* code.' }),
      message: Type.String(),
      details: Type.Optional(
        Type.Object(
          {
            fields: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
          },
          { additionalProperties: true },
        ),
      ),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** Standard error responses, for route schemas. */
export const errorResponses = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));

/** A page of items plus the cursor of the next page (null on the last page). */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page.' }),
  cursor: Type.Optional(Type.String({ description: 'The `nextCursor` of the previous page.' })),
};

export const IdParams = Type.Object({ id: Type.String({ description: 'Resource id (UUID).' }) });

/** Encodes a keyset-pagination position as an opaque URL-safe cursor. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; null when it is not one. */
export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}
