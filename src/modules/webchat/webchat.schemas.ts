import { Type } from '@sinclair/typebox';

/*
 * Bodies and answers of the widget's routes (visitor.routes.ts), validated by Fastify (Ajv). Text
 * reaching them was already sanitized at the edge (NUL removed, lone surrogates replaced:
 * src/kernel/sanitize); no field may hold a line break where the signed identity needs that.
 */

const NoLineBreak = '^[^\\r\\n]+$';
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A session token as `POST sessions` hands it out (43 base64url characters; a little leeway). */
export const Token = Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' });

export const SessionBody = Type.Object(
  {
    token: Type.Optional(Token),
    identity: Type.Optional(
      Type.Object(
        {
          userId: Type.String({ minLength: 1, maxLength: 200, pattern: NoLineBreak }),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 320, pattern: NoLineBreak })),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: NoLineBreak })),
          signature: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Visitor = Type.Object({
  id: Type.String(),
  identified: Type.Boolean(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
});

export const SessionAnswer = Type.Object({
  token: Type.String(),
  resumed: Type.Boolean(),
  visitor: Visitor,
  conversationStarted: Type.Boolean(),
  /** The largest file a visitor may attach, bytes (`MEDIA_MAX_BYTES`): the widget refuses larger ones before uploading. */
  maxFileBytes: Type.Integer(),
});

export const MessageBody = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    text: Type.String({ minLength: 1, maxLength: 4096, pattern: '\\S' }),
  },
  { additionalProperties: false },
);

export const MessageAnswer = Type.Object({ id: Type.String(), stored: Type.Boolean() });

/** The query of `POST files`: the widget's message id (a retry with the same id is stored once) and the file's name. */
export const UploadQuery = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NoLineBreak })),
  },
  { additionalProperties: false },
);

/** The params of `GET messages/{messageId}/file`. */
export const FileParams = Type.Object({
  channelId: Type.String(),
  messageId: Type.String({ maxLength: 64 }),
});

export const HistoryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

/** A message's file as the widget shows it (its bytes: `GET messages/{id}/file`). */
const WidgetFile = Type.Object({
  name: Nullable(Type.String()),
  type: Nullable(Type.String()),
  size: Type.Union([Type.Integer(), Type.Null()]),
  /** Shown inline (an image), else offered as a download. */
  image: Type.Boolean(),
});

const WidgetMessage = Type.Object({
  id: Type.String(),
  clientId: Nullable(Type.String()),
  from: Type.String({ enum: ['visitor', 'team', 'bot'] }),
  text: Type.String(),
  file: Type.Union([WidgetFile, Type.Null()]),
  status: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const HistoryAnswer = Type.Object({
  data: Type.Array(WidgetMessage),
  nextCursor: Nullable(Type.String()),
});

export const EmailBody = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 320, pattern: NoLineBreak }) },
  { additionalProperties: false },
);

export const EmailAnswer = Type.Object({ email: Type.String(), verified: Type.Boolean() });

export const ReceiptBody = Type.Object(
  {
    status: Type.Union([Type.Literal('delivered'), Type.Literal('read')]),
    ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);

export const ReceiptAnswer = Type.Object({ applied: Type.Integer() });

/** A resume position (`Last-Event-ID`): up to 15 digits. */
export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{0,15}$' })),
});
