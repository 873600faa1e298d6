import { Type } from '@sinclair/typebox';

/**
 * TypeBox schemas of the conversation routes (conversations.routes.ts and
 * conversation-workflow.routes.ts): the conversation as listed, its statuses and handoff modes, and
 * the bodies of the workflow operations.
 */

// Literal unions, not `StringEnum`: the route type provider (typebox 1.x) reads an optional
// `Type.Unsafe` property as `unknown`.
export const StatusSchema = Type.Union(
  [Type.Literal('open'), Type.Literal('pending'), Type.Literal('resolved'), Type.Literal('snoozed')],
  { description: '`snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes.' },
);
export const HandoffSchema = Type.Union(
  [Type.Literal('agent'), Type.Literal('human'), Type.Literal('assisted')],
  {
    description:
      '`agent`: the agent answers; `human`: the agent is silent; `assisted`: the agent stores a private draft (a message with `private: true`, `senderKind: agent`) that a person sends as written or edited with `POST /api/v1/conversations/{id}/drafts/{messageId}/send`.',
  },
);

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** A user id (UUID). */
export const UserIdSchema = Type.String({ pattern: UUID_PATTERN, description: 'A user id (UUID).' });
/** A message id (UUID), naming where a window of the timeline starts (`before`, `after`, `around`). */
export const MessageIdSchema = (description: string) => Type.String({ pattern: UUID_PATTERN, description });

export const ConversationSchema = Type.Object({
  id: Type.String(),
  channelId: Type.String(),
  platform: Type.String(),
  status: StatusSchema,
  snoozedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When a snoozed conversation reopens; null unless `status` is `snoozed`.',
  }),
  assignee: Type.Union([Type.Object({ userId: Type.String() }), Type.Null()], {
    description: 'The user working the conversation; null when unassigned.',
  }),
  handoff: HandoffSchema,
  unreadCount: Type.Integer({
    description: 'Inbound messages the signed-in user has not read (`POST …/read`); 0 for API keys.',
  }),
  threadKey: Type.String(),
  contact: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  lastMessageAt: Type.String({ format: 'date-time' }),
  lastMessage: Type.Union([
    Type.Object({
      direction: Type.String(),
      senderKind: Type.String(),
      private: Type.Boolean({ description: 'A note or an agent draft: never sent to the contact.' }),
      text: Type.Union([Type.String(), Type.Null()]),
      contentType: Type.String(),
    }),
    Type.Null(),
  ]),
  messageCount: Type.Integer({
    description: 'All messages of the conversation, private notes and drafts included (a stored counter).',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

/** `GET /conversations/:id`: the conversation as listed, plus where the signed-in user stopped reading. */
export const ConversationDetailSchema = Type.Composite([
  ConversationSchema,
  Type.Object({
    // Optional in the type, so a client may cache a conversation as listed or changed (PATCH) under
    // the same key; `GET /conversations/{id}` always sends it.
    firstUnreadMessageId: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description:
          "The signed-in user's first unread message (the first inbound message after their read mark), where the timeline opens (`GET …/messages?around=`); null when `unreadCount` is 0 and for API keys. Always sent.",
      }),
    ),
  }),
]);

/** `PATCH /conversations/:id`: any of the fields, at least one. */
export const ConversationPatchSchema = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    snoozedUntil: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Required with `status: snoozed`, in the future. Alone it snoozes (or re-snoozes) the conversation.',
      }),
    ),
    assigneeUserId: Type.Optional(
      Type.Union([UserIdSchema, Type.Null()], {
        description: 'A member of the workspace; null unassigns.',
      }),
    ),
    handoff: Type.Optional(HandoffSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Most conversations one bulk request may change. */
export const BULK_MAX = 500;

export const BulkBodySchema = Type.Object(
  {
    ids: Type.Array(Type.String({ maxLength: 100 }), {
      minItems: 1,
      maxItems: BULK_MAX,
      description: 'Conversation ids.',
    }),
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('resolved')]),
    ),
    assigneeUserId: Type.Optional(
      Type.Union([UserIdSchema, Type.Null()], { description: 'A member of the workspace; null unassigns.' }),
    ),
  },
  { additionalProperties: false },
);

export const BulkResultSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
        description: '`OMNIFY_ERR_NOT_FOUND` for an id that names no conversation of the workspace.',
      }),
    }),
    { description: 'One result per id, in the order given.' },
  ),
});

export const CountsSchema = Type.Object({
  mine: Type.Integer({ description: 'Assigned to the signed-in user (0 for API keys).' }),
  unassigned: Type.Integer(),
  all: Type.Integer(),
});
