import { type TSchema, Type } from '@sinclair/typebox';
import { OmnifyError } from '../errors/catalog.ts';

/** The error body every failing request answers with (see src/kernel/errors/catalog.ts). */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable OMNIFY_ERR_* code.' }),
      message: Type.String(),
      details: Type.Optional(
        Type.Object(
          {
            fields: Type.Optional(
              Type.Array(
                Type.Object({
                  path: Type.String(),
                  message: Type.String(),
                  allowed: Type.Optional(
                    Type.Array(Type.Unknown(), { description: 'For enum errors: the accepted values.' }),
                  ),
                }),
              ),
            ),
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

/** A keyset-pagination position: the sort timestamp as the database prints it (microseconds) and the row id. */
export interface KeysetPosition {
  at: string;
  id: string;
}

/**
 * Reads the `cursor` query parameter. Undefined when absent; throws `OMNIFY_ERR_VALIDATION`
 * (field `/querystring/cursor`) when it is not a cursor this API made.
 */
export function readCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (!cursor) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The cursor is not valid.', {
      fields: [{ path: '/querystring/cursor', message: 'unknown cursor' }],
    });
  }
  return { at: v[0], id: v[1] };
}

/**
 * Turns `limit + 1` fetched rows into a page: the first `limit` rows mapped with `view`, and the
 * cursor of the last one when more rows exist (else null).
 */
export function keysetPage<R, V>(
  rows: R[],
  limit: number,
  position: (row: R) => KeysetPosition,
  view: (row: R) => V,
): { data: V[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last ? position(last) : undefined;
  return {
    data: page.map(view),
    nextCursor: next ? Buffer.from(JSON.stringify([next.at, next.id])).toString('base64url') : null,
  };
}

/** A string schema limited to `values` (`enum` in the OpenAPI document), typed as their union. */
export const StringEnum = <T extends string>(
  values: readonly T[],
  options: { description?: string; default?: T } = {},
) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
