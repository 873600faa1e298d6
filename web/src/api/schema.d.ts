// Generated from /openapi.json by `npm run gen:api` (openapi-typescript). Do not edit.

export interface paths {
    "/api/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agents */
        get: operations["getAgents"];
        put?: never;
        /**
         * Create an agent
         * @description `openai`: {baseUrl, apiKey, model, systemPrompt?} for any OpenAI-compatible Chat Completions endpoint. `http`: {url, secret}: we POST the message and history, signed. `faq`: {entries:[{question, answer}], fallback?, threshold?}.
         */
        post: operations["postAgents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an agent */
        get: operations["getAgentsById"];
        put?: never;
        post?: never;
        /** Delete an agent */
        delete: operations["deleteAgentsById"];
        options?: never;
        head?: never;
        /** Update an agent (config fields are merged) */
        patch: operations["patchAgentsById"];
        trace?: never;
    };
    "/api/v1/agents/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test an agent: its answer to one message (nothing is stored or sent)
         * @description The agent answers `text` as the first message of a new conversation from a test contact (platform `test`, random ids). Errors are those of a real call: 502 `OMNIFY_ERR_AGENT_FAILED` or `OMNIFY_ERR_AGENT_REJECTED` with the endpoint’s code and message in `details`.
         */
        post: operations["postAgentsByIdTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List this workspace’s API keys (never the keys themselves) */
        get: operations["getApiKeys"];
        put?: never;
        /** Create an API key with a role in this workspace (the key is shown once) */
        post: operations["postApiKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (at once in this process; within 30 s in other processes) */
        delete: operations["deleteApiKeysById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with e-mail and password (sets the session cookie) */
        post: operations["postAuthLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: end this session and clear its cookie */
        post: operations["postAuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in: the user, the current workspace and role, their workspaces, the CSRF token */
        get: operations["getAuthMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password-reset link (always 202: whether the e-mail has an account is not told)
         * @description The answer is the same for every e-mail. `delivery` tells how this server hands out links: `email` (SMTP_URL is set: the link is e-mailed to an address with an account) or `administrator` (no SMTP: an administrator prints it with `omnify users reset-password <email>`).
         */
        post: operations["postAuthPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset token; ends every session of the user */
        post: operations["postAuthPasswordResetConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch the session to another workspace of the user */
        post: operations["postAuthWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List channels */
        get: operations["getChannels"];
        put?: never;
        /** Connect a channel */
        post: operations["postChannels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a channel */
        get: operations["getChannelsById"];
        put?: never;
        post?: never;
        /** Delete a channel and its conversations */
        delete: operations["deleteChannelsById"];
        options?: never;
        head?: never;
        /**
         * Update a channel (name, config fields, agent)
         * @description Config fields are merged into the current config; `agentId: null` removes the agent.
         */
        patch: operations["patchChannelsById"];
        trace?: never;
    };
    "/api/v1/channels/{id}/sandbox/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a customer message on a sandbox channel
         * @description Delivers `text` from `from` (default: a test contact “You (test)”) as the platform would: a signed webhook processed in-process, stored, and answered by the channel’s agent through the sandbox. Answers once the message is stored; follow the conversation for the reply. 409 for a channel connected to the real platform.
         */
        post: operations["postChannelsByIdSandboxMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}/sandbox/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests a sandbox channel sent to the emulated platform API */
        get: operations["getChannelsByIdSandboxRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List contacts, newest first */
        get: operations["getContacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a contact */
        get: operations["getContactsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a contact (name, attributes, notes)
         * @description Any of the fields; absent ones stay. An empty body changes nothing and answers the contact. Answers the contact as `GET` does.
         */
        patch: operations["patchContactsById"];
        trace?: never;
    };
    "/api/v1/contacts/{id}/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a contact's conversations, newest activity first */
        get: operations["getContactsByIdConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/merge-suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a contact's merge suggestions */
        get: operations["getContactsByIdMergeSuggestions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/merge-suggestions/{suggestionId}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a merge suggestion (merges the two contacts) */
        post: operations["postContactsByIdMergeSuggestionsBySuggestionIdAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/merge-suggestions/{suggestionId}/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dismiss a merge suggestion */
        post: operations["postContactsByIdMergeSuggestionsBySuggestionIdDismiss"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/merges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact's merges (either side), newest first */
        get: operations["getContactsByIdMerges"];
        put?: never;
        /**
         * Merge another contact into this one
         * @description Moves the other contact's identities, conversations and segment memberships here and hides it; `POST /contacts/{id}/merges/{mergeId}/unmerge` undoes it exactly.
         */
        post: operations["postContactsByIdMerges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/merges/{mergeId}/unmerge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo a merge, or detach an automatically linked identity
         * @description Restores exactly what the merge moved; the merge record keeps who undid it, when and why. For an automatic link (`automatic: true`) this detaches the identity: it goes back to a contact of its own with the conversations that came with it, and its next message makes a merge suggestion instead of linking again.
         */
        post: operations["postContactsByIdMergesByMergeIdUnmerge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations, newest activity first
         * @description `assignee=me` and `unread=true` are for the signed-in user (400 with an API key); `assignee` also takes `unassigned` or a user id.
         */
        get: operations["getConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a conversation */
        get: operations["getConversationsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a conversation (status, snooze, assignee, handoff)
         * @description Any of the fields, at least one. `status: snoozed` needs `snoozedUntil` in the future (it reopens then, or when the contact writes); another status clears it. `assigneeUserId` must be a member of the workspace (null unassigns). 400 names the field.
         */
        patch: operations["patchConversationsById"];
        trace?: never;
    };
    "/api/v1/conversations/{id}/drafts/{messageId}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an agent's draft as a human reply
         * @description In handoff `assisted` the agent stores its answer as a draft: a message with `private: true`, `senderKind: agent`, no `status`, `replyToMessageId` = the inbound message it answers. This sends it, with `text` when given (the person’s edit), else as the agent wrote it, exactly like `POST /conversations/{id}/messages`: a new message of sender `user`, `queued`, sent through the channel by the send job (follow its `status`); a conversation in handoff `agent` becomes `human`. The same live events as that reply (`message.created`, `conversation.updated`).
         *
         *     The draft stays in the timeline with the agent’s own text, marked used: its `sentAt` is set to the moment of the reply (the reply’s `createdAt`); a pending draft has `sentAt: null`. Both happen in one transaction.
         *
         *     A draft is sent once: sending it again (or two sends at the same time) answers 409 `OMNIFY_ERR_CONFLICT` with `details: { reason: "draft_already_sent", sentAt, messageId }` (`messageId`: the reply it was sent as). 404 `OMNIFY_ERR_NOT_FOUND` for a conversation the workspace does not have, a message id that is not one of this conversation, or a message that is no agent draft (`details.reason: "not_a_draft"`: reply with `POST /conversations/{id}/messages` instead). Needs the agent role, as replying does.
         */
        post: operations["postConversationsByIdDraftsByMessageIdSend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a conversation's messages
         * @description The plain listing: `order=desc` (default) pages from the newest message back with `cursor`; `order=asc` from the first.
         *
         *     A window, oldest first, for a timeline opened anywhere in the history: `around=<messageId>` (that message, up to `(limit - 1) / 2` older ones and newer ones to fill the page), `before=<messageId>` (the `limit` messages just before it) or `after=<messageId>` (just after it). Page on with `before=<first id>` and `after=<last id>` while `hasOlder` / `hasNewer`: the pages meet without gaps or repeats. At most one of them, and not with `cursor` (`order` is ignored); an id that names no message of the conversation is a 400 naming the parameter.
         *
         *     Reaction messages are not listed: they count in the `reactions` of the message they react to.
         */
        get: operations["getConversationsByIdMessages"];
        put?: never;
        /**
         * Reply as a human user
         * @description Stores the message as `queued` and sends it through the channel; follow `status` on the message. A conversation in handoff `agent` becomes `human` in the same transaction (the agent falls silent).
         */
        post: operations["postConversationsByIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/messages/{messageId}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a message's file
         * @description The file of an inbound image, audio, voice, video, document, sticker or animation message. The first request downloads it from the platform (at most `MEDIA_MAX_BYTES`, its type checked against the message's kind and its bytes) into the media store; later ones are served from the store. Concurrent first requests share one download.
         *
         *     Served with its checked `Content-Type`, `Content-Length`, `Content-Disposition` (`inline` for images, audio and video, else `attachment`, with a safe file name), `X-Content-Type-Options: nosniff` and a private, immutable cache; `If-None-Match` with the `ETag` answers 304.
         *
         *     A refused file is 422 (`OMNIFY_ERR_MEDIA_TOO_LARGE`, `OMNIFY_ERR_MEDIA_TYPE_REFUSED`) and nothing is kept; a platform that cannot serve it is 502 or 429 (`OMNIFY_ERR_PLATFORM_*`), a platform without a media API 404 (`OMNIFY_ERR_MEDIA_UNAVAILABLE`).
         */
        get: operations["getConversationsByIdMessagesByMessageIdMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/messages/{messageId}/original": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the original e-mail of a message
         * @description An inbound message of an e-mail channel shows only the mail's new text; this is the mail as received: subject, From, To, Cc, date, the full text (quoted history included), the HTML sanitized for display (`remoteImagesBlocked` counts the remote images left out) and the attached files' names, types and sizes.
         *
         *     Every message made from one mail (its text and each attached file) answers the same mail. 404 (`OMNIFY_ERR_NOT_FOUND`) for a message that was not received by e-mail, and for a message that is not in this conversation.
         */
        get: operations["getConversationsByIdMessagesByMessageIdOriginal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a private note
         * @description A note for the team, shown in the timeline with `private: true`. It is never sent to the contact: it has no delivery status, and the database refuses one.
         */
        post: operations["postConversationsByIdNotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a conversation read for the signed-in user
         * @description Its inbound messages so far stop counting in the user's `unreadCount`. The first time someone reads a conversation's newest messages, the contact is told on platforms with read receipts (WhatsApp, Messenger, Instagram: job `read-receipt`). Needs a signed-in user: an API key gets 400.
         */
        post: operations["postConversationsByIdRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/typing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show the contact that a reply is being written
         * @description Call it while a person types a reply (the web app's composer does, every few seconds). The contact sees a typing indicator where the platform has one (WhatsApp, Telegram, Messenger, Instagram, Discord, WhatsApp through Twilio); elsewhere nothing happens. At most one platform call per conversation every 5 s; 204 whatever the platform answers. 404 for a conversation the workspace does not have.
         */
        post: operations["postConversationsByIdTyping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the status or assignee of many conversations
         * @description Up to 500 ids in one request, changed in one statement. Answers one result per id, in order: an id that names no conversation of the workspace is reported as `OMNIFY_ERR_NOT_FOUND` and does not stop the others. 400 when neither `status` nor `assigneeUserId` is given, or the assignee is not a member.
         */
        post: operations["postConversationsBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count conversations per tab (Mine, Unassigned, All)
         * @description For the `status` (and `channelId`) filter of the list. `mine` counts those assigned to the signed-in user; 0 for API keys.
         */
        get: operations["getConversationsCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/demo/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load the inbox demo: sandbox channels, a FAQ agent and sample conversations
         * @description Creates two sandbox channels marked `demo: true` (WhatsApp and Telegram) answered by a FAQ agent, then replays eight sample conversations through the real pipeline (signed webhooks, agent replies sent to the sandbox emulators, teammates’ replies, a failed delivery, a resolved conversation). Answers when the replay is done (a few seconds). 409 when the workspace already holds the demo.
         */
        post: operations["postDemoInbox"];
        /**
         * Remove the inbox demo
         * @description Deletes the demo channels with their conversations and messages, the demo contacts who wrote only to them, and their agent unless another channel uses it. Real data stays. Without a demo it removes nothing.
         */
        delete: operations["deleteDemoInbox"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live events (Server-Sent Events)
         * @description With `Accept: text/event-stream`: a stream of the workspace’s `message.created`, `message.updated`, `conversation.created` and `conversation.updated` events (`id:` on each, `event:` its type, `data:` its JSON), after `Last-Event-ID` or `after` when given, then live; a `reset` event (no id) when events after that position were pruned. Otherwise a JSON page of the events after `after`. See docs/api-events.md.
         */
        get: operations["getEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Import history, newest first */
        get: operations["getImports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One import with its per-row errors (first 1,000) */
        get: operations["getImportsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log of applied recommendations, newest first */
        get: operations["getIntelligenceActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/actions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An action with the state of its apply or rollback job */
        get: operations["getIntelligenceActionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/actions/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll an applied action back (a durable job: poll the action) */
        post: operations["postIntelligenceActionsByIdRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ads/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ad accounts (secrets of connectors masked) */
        get: operations["getIntelligenceAdsAccounts"];
        put?: never;
        /** Connect an ad account through a platform connector (Meta, Google Ads) */
        post: operations["postIntelligenceAdsAccounts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ads/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename an ad account or set its reporting time zone (null: follow the workspace’s) */
        patch: operations["patchIntelligenceAdsAccountsById"];
        trace?: never;
    };
    "/api/v1/intelligence/ads/accounts/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pull daily insights from the platform for a date range and rerun the ad models (a durable job: poll the sync)
         * @description Days are the account’s reporting days (its `effectiveTimeZone`). Left out, `until` is yesterday there and `since` 29 days before `until` (30 days, so late-attributed conversions are pulled again); at most 93 days.
         */
        post: operations["postIntelligenceAdsAccountsByIdSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ads/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Campaigns with totals over their whole history, by spend */
        get: operations["getIntelligenceAdsCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ads/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import ad performance from CSV (dry run to preview)
         * @description Send JSON, or the file itself as `text/csv` with `dryRun`, `preset` and preset parameters in the query. Rows with problems are reported per row (line, column, code, message) and not stored; valid rows are stored idempotently.
         */
        post: operations["postIntelligenceAdsImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ads/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Daily metrics of a campaign, an ad or the whole workspace (chart data) */
        get: operations["getIntelligenceAdsSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ads/syncs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sync run: queued, running, succeeded (records, model run) or failed (error) */
        get: operations["getIntelligenceAdsSyncsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/demo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load generated demo customers, orders and ad data and run every model
         * @description Into this workspace when it holds no real contacts (else 409), or with `{"workspace":"new"}` into a new workspace "Demo", answered with its id and an owner key for it (shown once). Needs the admin role; no body is needed.
         */
        post: operations["postIntelligenceDemo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List insights, newest first */
        get: operations["getIntelligenceInsights"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/insights/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an insight with its evidence */
        get: operations["getIntelligenceInsightsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Acknowledge, dismiss or reopen an insight */
        patch: operations["patchIntelligenceInsightsById"];
        trace?: never;
    };
    "/api/v1/intelligence/insights/{id}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply the recommendation (a durable job: poll the action until its state is succeeded or failed) */
        post: operations["postIntelligenceInsightsByIdApply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/known-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspace’s known events (calendar), by start day */
        get: operations["getIntelligenceKnownEvents"];
        put?: never;
        /** Add a known event (a holiday, a sale, an outage) that labels the anomalies it explains */
        post: operations["postIntelligenceKnownEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/known-events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a known event (insights it labelled keep their label until the next run) */
        delete: operations["deleteIntelligenceKnownEventsById"];
        options?: never;
        head?: never;
        /** Change a known event (only the fields sent) */
        patch: operations["patchIntelligenceKnownEventsById"];
        trace?: never;
    };
    "/api/v1/intelligence/ltv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * LTV model: parameters, holdout check (plot data), P(alive) and CLV distributions
         * @description BG/NBD + Gamma-Gamma fitted to the workspace’s orders. `status` is `insufficient_data` (with a reason) until there are enough customers; `not_run` before the first run.
         */
        get: operations["getIntelligenceLtv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ltv/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per-contact LTV and churn risk */
        get: operations["getIntelligenceLtvContacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/ltv/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One contact’s LTV, P(alive) and expected purchases */
        get: operations["getIntelligenceLtvContactsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/models/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the subjects a model has results for, with headline numbers
         * @description What each model stores per subject (full shapes in docs/intelligence.md):
         *     - anomaly (campaign, ad): flagged days per metric with expected value, band and score, plus the band series for charts;
         *     - fatigue (ad): status, baseline/current CTR, predicted crossing day with interval, timeline and projection;
         *     - forecast (account, campaign): history and 7–28-day forecast bands (80 %/95 %) for spend, conversions, revenue;
         *     - budget (account): response curves per campaign, before/after allocation, expected lift with interval;
         *     - ltv (workspace): see /intelligence/ltv.
         */
        get: operations["getIntelligenceModelsByModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/models/{model}/{subjectType}/{subjectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The full stored result of a model for one subject (chart data included)
         * @description What each model stores per subject (full shapes in docs/intelligence.md):
         *     - anomaly (campaign, ad): flagged days per metric with expected value, band and score, plus the band series for charts;
         *     - fatigue (ad): status, baseline/current CTR, predicted crossing day with interval, timeline and projection;
         *     - forecast (account, campaign): history and 7–28-day forecast bands (80 %/95 %) for spend, conversions, revenue;
         *     - budget (account): response curves per campaign, before/after allocation, expected lift with interval;
         *     - ltv (workspace): see /intelligence/ltv.
         */
        get: operations["getIntelligenceModelsByModelBySubjectTypeBySubjectId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List model runs, newest first */
        get: operations["getIntelligenceRuns"];
        put?: never;
        /** Run models now (durable job); poll the run for progress */
        post: operations["postIntelligenceRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intelligence/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a model run and its progress */
        get: operations["getIntelligenceRunsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List this workspace’s invitations, newest first (never their tokens) */
        get: operations["getInvitations"];
        put?: never;
        /** Invite someone by link with a role up to your own (the token is shown once; the link is e-mailed when SMTP is configured) */
        post: operations["postInvitations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invitation (its link stops working) */
        delete: operations["deleteInvitationsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: a new e-mail gives name and password, an existing account its password (or its session); signs in */
        post: operations["postInvitationsAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation link offers (no sign-in needed) */
        get: operations["getInvitationsLookup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/merge-suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List merge suggestions
         * @description Contacts that may be one person, by a signal weaker than automatic linking (same vouched phone or e-mail), newest first.
         */
        get: operations["getMergeSuggestions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List orders, newest first */
        get: operations["getOrders"];
        put?: never;
        /** Record an order (idempotent by orderId) */
        post: operations["postOrders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an order */
        get: operations["getOrdersById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import orders from CSV (dry run to preview)
         * @description Send JSON, or the file itself as `text/csv` with `dryRun`, `preset` and preset parameters in the query. Rows with problems are reported per row (line, column, code, message) and not stored; valid rows are stored idempotently.
         */
        post: operations["postOrdersImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search messages
         * @description Full-text search over all of the workspace's messages: inbound, outbound and private notes, without a date limit, newest first. Words are matched whole and case-insensitively in any language (no stemming); the last word typed also matches as a prefix (`order` finds `orders`). Web-search syntax: words are ANDed, `"a phrase"` matches words in order, `-word` excludes, `or` between words matches either. A query with no word to look for (only punctuation, or only exclusions) answers an empty page.
         */
        get: operations["getSearchMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List segments by name */
        get: operations["getSegments"];
        put?: never;
        /** Create a segment */
        post: operations["postSegments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a segment */
        get: operations["getSegmentsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of a segment with their P(alive) and CLV, most recently added first */
        get: operations["getSegmentsByIdMembers"];
        put?: never;
        /** Add contacts to a segment */
        post: operations["postSegmentsByIdMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{id}/members/{contactId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a contact from a segment */
        delete: operations["deleteSegmentsByIdMembersByContactId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the instance still needs its first owner (the first-run wizard) */
        get: operations["getSetup"];
        put?: never;
        /** Create the first owner and name the default workspace (refused once done); signs in */
        post: operations["postSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List canned responses, by shortcode */
        get: operations["getTemplates"];
        put?: never;
        /** Create a canned response */
        post: operations["postTemplates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a canned response */
        get: operations["getTemplatesById"];
        put?: never;
        post?: never;
        /** Delete a canned response */
        delete: operations["deleteTemplatesById"];
        options?: never;
        head?: never;
        /** Change a canned response (only the fields sent) */
        patch: operations["patchTemplatesById"];
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the members of this workspace with their roles */
        get: operations["getUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member from this workspace (never the last owner; the account remains) */
        delete: operations["deleteUsersById"];
        options?: never;
        head?: never;
        /** Change a member’s role (never leaving the workspace without an owner) */
        patch: operations["patchUsersById"];
        trace?: never;
    };
    "/api/v1/workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This workspace’s settings (name, time zone) */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change this workspace’s name or time zone (admins)
         * @description The time zone decides what "today" and "yesterday" are for the workspace: the as-of day of its churn/LTV runs, the default sync range of its ad accounts that have no zone of their own, and the local hour of its scheduled model run (INTEL_SCHEDULE).
         */
        patch: operations["patchWorkspace"];
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the instance’s workspaces (instance owner only) */
        get: operations["getWorkspaces"];
        put?: never;
        /** Create a workspace and its first owner key (instance owner only; the key is shown once) */
        post: operations["postWorkspaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** ErrorResponse */
        ErrorResponse: {
            error: {
                /** @description Stable OMNIFY_ERR_* code. */
                code: string;
                details?: {
                    fields?: {
                        /** @description For enum errors: the accepted values. */
                        allowed?: unknown[];
                        message: string;
                        path: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                message: string;
            };
        };
        /** Me */
        Me: {
            /** @description Send it as `x-csrf-token` on every POST, PATCH and DELETE made with the session cookie. */
            csrfToken: string;
            /**
             * @description owner > admin > agent > viewer (docs/access.md).
             * @enum {string}
             */
            role: "owner" | "admin" | "agent" | "viewer";
            user: {
                email: string;
                id: string;
                name: string;
            };
            workspace: {
                id: string;
                name: string;
            };
            /** @description Every workspace of the user, oldest membership first (`POST /auth/workspace` switches). */
            workspaces: {
                id: string;
                name: string;
                /**
                 * @description owner > admin > agent > viewer (docs/access.md).
                 * @enum {string}
                 */
                role: "owner" | "admin" | "agent" | "viewer";
            }[];
        };
        /**
         * Template
         * @description A canned response (template): a reusable message inserted with `/shortcode`.
         */
        Template: {
            /** @description With its `{{variables}}` unrendered. */
            content: string;
            /** Format: date-time */
            createdAt: string;
            /** @description The user who created it; null when an API key did (or the user was deleted). */
            createdByUserId: string | null;
            /** Format: uuid */
            id: string;
            /** @description Lower-case; typed after `/` in the composer. */
            shortcode: string;
            title: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description Agent config; secrets masked. */
                            config: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            kind: string;
                            name: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: {
                        [key: string]: unknown;
                    };
                    /** @enum {string} */
                    kind: "openai" | "http" | "faq";
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Agent config; secrets masked. */
                        config: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        id: string;
                        kind: string;
                        name: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getAgentsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Agent config; secrets masked. */
                        config: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        id: string;
                        kind: string;
                        name: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteAgentsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchAgentsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config?: {
                        [key: string]: unknown;
                    };
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Agent config; secrets masked. */
                        config: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        id: string;
                        kind: string;
                        name: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAgentsByIdTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How long the agent took, in milliseconds. */
                        durationMs: number;
                        /** @description The text the agent would send; null when it gives no answer (a FAQ agent with no matching entry and no fallback, an HTTP agent answering 204). */
                        reply: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            /** @description When the key last authenticated a request, to within a minute (written at most once a minute); null if never. */
                            lastUsedAt: string | null;
                            name: string;
                            /** @description The key’s first 8 characters, to recognise it. */
                            prefix: string;
                            /**
                             * @description owner > admin > agent > viewer (docs/access.md).
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "agent" | "viewer";
                            workspaceId: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /**
                     * @description owner > admin > agent > viewer (docs/access.md).
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "agent" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        id: string;
                        /** @description When the key last authenticated a request, to within a minute (written at most once a minute); null if never. */
                        lastUsedAt: string | null;
                        name: string;
                        /** @description The key’s first 8 characters, to recognise it. */
                        prefix: string;
                        /**
                         * @description owner > admin > agent > viewer (docs/access.md).
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "agent" | "viewer";
                        workspaceId: string;
                    } & {
                        /** @description The key itself: shown this once, only its hash is stored. */
                        key: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteApiKeysById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAuthLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAuthLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getAuthMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAuthPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: "email" | "administrator";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAuthPasswordResetConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At least 10 characters. */
                    password: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postAuthWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    workspaceId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getChannels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            agentId: string | null;
                            /** @description Channel config; secrets masked (last 4 characters). */
                            config: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Country (ISO 3166-1 alpha-2) in which national phone numbers of this channel are read. */
                            defaultCountry: string | null;
                            /** @description Demo data loaded by `POST /api/v1/demo/inbox`; removed by `DELETE /api/v1/demo/inbox`. */
                            demo: boolean;
                            id: string;
                            name: string;
                            platform: string;
                            sandbox: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Give this URL to the platform as the webhook / callback URL. */
                            webhookUrl: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postChannels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agentId?: string | null;
                    config: {
                        [key: string]: unknown;
                    };
                    /** @description Country (ISO 3166-1 alpha-2, e.g. `GB`) in which national phone numbers of this channel are read when identities are normalized to E.164; null: numbers are international. */
                    defaultCountry?: string | null;
                    name?: string;
                    /**
                     * @description The platform (docs/channels.md; setup per platform in docs/channels/).
                     * @enum {string}
                     */
                    platform: "whatsapp" | "telegram" | "twilio" | "slack" | "messenger" | "instagram" | "discord" | "email" | "teams" | "respondio" | "webchat" | "webhook";
                    /** @default false */
                    sandbox?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentId: string | null;
                        /** @description Channel config; secrets masked (last 4 characters). */
                        config: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Country (ISO 3166-1 alpha-2) in which national phone numbers of this channel are read. */
                        defaultCountry: string | null;
                        /** @description Demo data loaded by `POST /api/v1/demo/inbox`; removed by `DELETE /api/v1/demo/inbox`. */
                        demo: boolean;
                        id: string;
                        name: string;
                        platform: string;
                        sandbox: boolean;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description Give this URL to the platform as the webhook / callback URL. */
                        webhookUrl: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getChannelsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentId: string | null;
                        /** @description Channel config; secrets masked (last 4 characters). */
                        config: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Country (ISO 3166-1 alpha-2) in which national phone numbers of this channel are read. */
                        defaultCountry: string | null;
                        /** @description Demo data loaded by `POST /api/v1/demo/inbox`; removed by `DELETE /api/v1/demo/inbox`. */
                        demo: boolean;
                        id: string;
                        name: string;
                        platform: string;
                        sandbox: boolean;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description Give this URL to the platform as the webhook / callback URL. */
                        webhookUrl: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteChannelsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchChannelsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agentId?: string | null;
                    config?: {
                        [key: string]: unknown;
                    };
                    /** @description Country (ISO 3166-1 alpha-2, e.g. `GB`) in which national phone numbers of this channel are read when identities are normalized to E.164; null: numbers are international. */
                    defaultCountry?: string | null;
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentId: string | null;
                        /** @description Channel config; secrets masked (last 4 characters). */
                        config: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Country (ISO 3166-1 alpha-2) in which national phone numbers of this channel are read. */
                        defaultCountry: string | null;
                        /** @description Demo data loaded by `POST /api/v1/demo/inbox`; removed by `DELETE /api/v1/demo/inbox`. */
                        demo: boolean;
                        id: string;
                        name: string;
                        platform: string;
                        sandbox: boolean;
                        /** Format: date-time */
                        updatedAt: string;
                        /** @description Give this URL to the platform as the webhook / callback URL. */
                        webhookUrl: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postChannelsByIdSandboxMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    from?: {
                        /** @description WhatsApp: digits of the phone number; Telegram: the numeric user id. */
                        handle: string;
                        name: string;
                    };
                    text: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversationId: string;
                        messageId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getChannelsByIdSandboxRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            body: unknown;
                            /** Format: date-time */
                            createdAt: string;
                            id: number;
                            method: string;
                            path: string;
                            response: {
                                body: unknown;
                                status: number;
                            };
                        }[];
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getContacts: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                /** @description Matches name, phone, e-mail, customer id or any identity handle (case-insensitive substring). */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description Custom fields: a flat object of text (≤ 500 characters), number or boolean values, at most 50 keys. */
                            attributes: {
                                [key: string]: string | number | boolean;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Id in the shop or CRM the orders come from. */
                            customerId: string | null;
                            email: string | null;
                            id: string;
                            identities: {
                                /** @description The name the platform last gave. */
                                displayName: string | null;
                                /** @description The e-mail (lower-cased) its platform vouches for: a key of automatic linking. */
                                email: string | null;
                                /** @description The contact's id on the platform: phone digits, chat id, e-mail… */
                                handle: string;
                                id: string;
                                /** @description How it joined the contact: `created` with it, `auto` on a strong match (same vouched phone or e-mail), `merge` by a merge. */
                                linked: "created" | "auto" | "merge";
                                /** @description The phone (E.164) its platform vouches for: a key of automatic linking. */
                                phoneE164: string | null;
                                /** @description whatsapp, telegram, slack, … (docs/channels.md). */
                                platform: string;
                                username: string | null;
                            }[];
                            /** @description From the last LTV model run (see /intelligence/ltv/contacts/{id}); null without one. */
                            ltv: {
                                /** @description Customer lifetime value in minor units of `currency`. */
                                clvMinor: number | null;
                                currency: string;
                                /** @description Expected purchases in the next 90 days. */
                                expectedPurchases90: number;
                                /** @description Probability (0–1) that the customer is still active. */
                                pAlive: number;
                            } | null;
                            /** @description The contact this one was merged into; such a contact is hidden from lists until the merge is undone. */
                            mergedInto: string | null;
                            name: string | null;
                            orders: {
                                count: number;
                                lastOrderDate: string | null;
                            };
                            phoneE164: string | null;
                            /**
                             * Format: date-time
                             * @description When its own fields last changed.
                             */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getContactsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Custom fields: a flat object of text (≤ 500 characters), number or boolean values, at most 50 keys. */
                        attributes: {
                            [key: string]: string | number | boolean;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Id in the shop or CRM the orders come from. */
                        customerId: string | null;
                        email: string | null;
                        id: string;
                        identities: {
                            /** @description The workspace's channels the contact's conversations on this platform go through, latest activity first. */
                            channels: {
                                id: string;
                                name: string;
                            }[];
                            /** @description The name the platform last gave. */
                            displayName: string | null;
                            /** @description The e-mail (lower-cased) its platform vouches for: a key of automatic linking. */
                            email: string | null;
                            /** @description The contact's id on the platform: phone digits, chat id, e-mail… */
                            handle: string;
                            id: string;
                            /** @description How it joined the contact: `created` with it, `auto` on a strong match (same vouched phone or e-mail), `merge` by a merge. */
                            linked: "created" | "auto" | "merge";
                            /** @description The phone (E.164) its platform vouches for: a key of automatic linking. */
                            phoneE164: string | null;
                            /** @description whatsapp, telegram, slack, … (docs/channels.md). */
                            platform: string;
                            username: string | null;
                        }[];
                        /** @description From the last LTV model run (see /intelligence/ltv/contacts/{id}); null without one. */
                        ltv: {
                            /** @description Customer lifetime value in minor units of `currency`. */
                            clvMinor: number | null;
                            currency: string;
                            /** @description Expected purchases in the next 90 days. */
                            expectedPurchases90: number;
                            /** @description Probability (0–1) that the customer is still active. */
                            pAlive: number;
                        } | null;
                        /** @description The contact this one was merged into; such a contact is hidden from lists until the merge is undone. */
                        mergedInto: string | null;
                        name: string | null;
                        /** @description The team's notes; empty when none. */
                        notes: string;
                        orders: {
                            count: number;
                            lastOrderDate: string | null;
                        };
                        phoneE164: string | null;
                        /**
                         * Format: date-time
                         * @description When its own fields last changed.
                         */
                        updatedAt: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchContactsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Merged into the stored attributes: a value sets the key, `null` removes it, keys not named stay. Keys 1–64 characters; at most 50 attributes after the change. */
                    attributes?: {
                        [key: string]: string | number | boolean | null;
                    };
                    /** @description Trimmed; not blank. `null` clears it. */
                    name?: string | null;
                    /** @description Replaces the notes (≤ 10000 characters). */
                    notes?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Custom fields: a flat object of text (≤ 500 characters), number or boolean values, at most 50 keys. */
                        attributes: {
                            [key: string]: string | number | boolean;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Id in the shop or CRM the orders come from. */
                        customerId: string | null;
                        email: string | null;
                        id: string;
                        identities: {
                            /** @description The workspace's channels the contact's conversations on this platform go through, latest activity first. */
                            channels: {
                                id: string;
                                name: string;
                            }[];
                            /** @description The name the platform last gave. */
                            displayName: string | null;
                            /** @description The e-mail (lower-cased) its platform vouches for: a key of automatic linking. */
                            email: string | null;
                            /** @description The contact's id on the platform: phone digits, chat id, e-mail… */
                            handle: string;
                            id: string;
                            /** @description How it joined the contact: `created` with it, `auto` on a strong match (same vouched phone or e-mail), `merge` by a merge. */
                            linked: "created" | "auto" | "merge";
                            /** @description The phone (E.164) its platform vouches for: a key of automatic linking. */
                            phoneE164: string | null;
                            /** @description whatsapp, telegram, slack, … (docs/channels.md). */
                            platform: string;
                            username: string | null;
                        }[];
                        /** @description From the last LTV model run (see /intelligence/ltv/contacts/{id}); null without one. */
                        ltv: {
                            /** @description Customer lifetime value in minor units of `currency`. */
                            clvMinor: number | null;
                            currency: string;
                            /** @description Expected purchases in the next 90 days. */
                            expectedPurchases90: number;
                            /** @description Probability (0–1) that the customer is still active. */
                            pAlive: number;
                        } | null;
                        /** @description The contact this one was merged into; such a contact is hidden from lists until the merge is undone. */
                        mergedInto: string | null;
                        name: string | null;
                        /** @description The team's notes; empty when none. */
                        notes: string;
                        orders: {
                            count: number;
                            lastOrderDate: string | null;
                        };
                        phoneE164: string | null;
                        /**
                         * Format: date-time
                         * @description When its own fields last changed.
                         */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getContactsByIdConversations: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            channelId: string;
                            /** @description Null when the channel is being deleted. */
                            channelName: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            lastMessage: {
                                contentType: string;
                                direction: string;
                                /** @description A note or an agent draft: never sent to the contact. */
                                private: boolean;
                                senderKind: string;
                                text: string | null;
                            } | null;
                            /** Format: date-time */
                            lastMessageAt: string;
                            messageCount: number;
                            platform: string;
                            status: "open" | "pending" | "resolved" | "snoozed";
                            /** @description For the signed-in user; 0 for API keys. */
                            unreadCount: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getContactsByIdMergeSuggestions: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                status: "open" | "accepted" | "dismissed";
            };
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description How likely the two are one person (0–1). */
                            confidence: number;
                            /** @description The contact kept when the suggestion is accepted. */
                            contactId: string;
                            contactName: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            id: string;
                            /** @description The contact merged into `contactId` when accepted. */
                            otherContactId: string;
                            otherContactName: string | null;
                            /** @description Why, in words a person can check. */
                            reason: string;
                            /** @description strong_key_conflict, same_verified_key, auto_link_undone, webchat_email, email_in_message, phone_in_message, unverified_phone or same_name_company. */
                            reasonCode: string;
                            status: "open" | "accepted" | "dismissed";
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postContactsByIdMergeSuggestionsBySuggestionIdAccept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                suggestionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Why, for the audit trail. */
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description An automatic link: a new identity joined the target on a strong match (same vouched phone or e-mail). Unmerging it detaches the identity. */
                        automatic: boolean;
                        id: string;
                        /** Format: date-time */
                        mergedAt: string;
                        /** @description The user or API key id that merged, or `system` (automatic link). */
                        mergedBy: string;
                        mergedByKind: ("user" | "api-key" | "system") | null;
                        moved: {
                            conversations: number;
                            identities: number;
                            segments: number;
                        };
                        reason: string;
                        /** @description The contact emptied into the target (hidden while merged). */
                        sourceContactId: string;
                        sourceName: string | null;
                        suggestionId: string | null;
                        /** @description The contact kept. */
                        targetContactId: string;
                        targetName: string | null;
                        unmergedAt: string | null;
                        unmergedBy: string | null;
                        unmergedByKind: ("user" | "api-key" | "system") | null;
                        unmergeReason: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postContactsByIdMergeSuggestionsBySuggestionIdDismiss: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                suggestionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getContactsByIdMerges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description An automatic link: a new identity joined the target on a strong match (same vouched phone or e-mail). Unmerging it detaches the identity. */
                            automatic: boolean;
                            id: string;
                            /** Format: date-time */
                            mergedAt: string;
                            /** @description The user or API key id that merged, or `system` (automatic link). */
                            mergedBy: string;
                            mergedByKind: ("user" | "api-key" | "system") | null;
                            moved: {
                                conversations: number;
                                identities: number;
                                segments: number;
                            };
                            reason: string;
                            /** @description The contact emptied into the target (hidden while merged). */
                            sourceContactId: string;
                            sourceName: string | null;
                            suggestionId: string | null;
                            /** @description The contact kept. */
                            targetContactId: string;
                            targetName: string | null;
                            unmergedAt: string | null;
                            unmergedBy: string | null;
                            unmergedByKind: ("user" | "api-key" | "system") | null;
                            unmergeReason: string | null;
                        }[];
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postContactsByIdMerges: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Why, for the audit trail. */
                    reason: string;
                    /** Format: uuid */
                    sourceContactId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description An automatic link: a new identity joined the target on a strong match (same vouched phone or e-mail). Unmerging it detaches the identity. */
                        automatic: boolean;
                        id: string;
                        /** Format: date-time */
                        mergedAt: string;
                        /** @description The user or API key id that merged, or `system` (automatic link). */
                        mergedBy: string;
                        mergedByKind: ("user" | "api-key" | "system") | null;
                        moved: {
                            conversations: number;
                            identities: number;
                            segments: number;
                        };
                        reason: string;
                        /** @description The contact emptied into the target (hidden while merged). */
                        sourceContactId: string;
                        sourceName: string | null;
                        suggestionId: string | null;
                        /** @description The contact kept. */
                        targetContactId: string;
                        targetName: string | null;
                        unmergedAt: string | null;
                        unmergedBy: string | null;
                        unmergedByKind: ("user" | "api-key" | "system") | null;
                        unmergeReason: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postContactsByIdMergesByMergeIdUnmerge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                mergeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Why, for the audit trail. */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description An automatic link: a new identity joined the target on a strong match (same vouched phone or e-mail). Unmerging it detaches the identity. */
                        automatic: boolean;
                        id: string;
                        /** Format: date-time */
                        mergedAt: string;
                        /** @description The user or API key id that merged, or `system` (automatic link). */
                        mergedBy: string;
                        mergedByKind: ("user" | "api-key" | "system") | null;
                        moved: {
                            conversations: number;
                            identities: number;
                            segments: number;
                        };
                        reason: string;
                        /** @description The contact emptied into the target (hidden while merged). */
                        sourceContactId: string;
                        sourceName: string | null;
                        suggestionId: string | null;
                        /** @description The contact kept. */
                        targetContactId: string;
                        targetName: string | null;
                        unmergedAt: string | null;
                        unmergedBy: string | null;
                        unmergedByKind: ("user" | "api-key" | "system") | null;
                        unmergeReason: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversations: {
        parameters: {
            query: {
                /** @description `me`, `unassigned` or a user id. */
                assignee?: string;
                channelId?: string;
                contactId?: string;
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description `agent`: the agent answers; `human`: the agent is silent; `assisted`: the agent stores a private draft (a message with `private: true`, `senderKind: agent`) that a person sends as written or edited with `POST /api/v1/conversations/{id}/drafts/{messageId}/send`. */
                handoff?: "agent" | "human" | "assisted";
                /** @description Items per page. */
                limit: number;
                /** @description `snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes. */
                status?: "open" | "pending" | "resolved" | "snoozed";
                /** @description Only conversations with messages the signed-in user has not read. */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description The user working the conversation; null when unassigned. */
                            assignee: {
                                userId: string;
                            } | null;
                            channelId: string;
                            contact: {
                                id: string;
                                name: string | null;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** @description `agent`: the agent answers; `human`: the agent is silent; `assisted`: the agent stores a private draft (a message with `private: true`, `senderKind: agent`) that a person sends as written or edited with `POST /api/v1/conversations/{id}/drafts/{messageId}/send`. */
                            handoff: "agent" | "human" | "assisted";
                            id: string;
                            lastMessage: {
                                contentType: string;
                                direction: string;
                                /** @description A note or an agent draft: never sent to the contact. */
                                private: boolean;
                                senderKind: string;
                                text: string | null;
                            } | null;
                            /** Format: date-time */
                            lastMessageAt: string;
                            /** @description All messages of the conversation, private notes and drafts included (a stored counter). */
                            messageCount: number;
                            platform: string;
                            /** @description When a snoozed conversation reopens; null unless `status` is `snoozed`. */
                            snoozedUntil: string | null;
                            /** @description `snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes. */
                            status: "open" | "pending" | "resolved" | "snoozed";
                            threadKey: string;
                            /** @description Inbound messages the signed-in user has not read (`POST …/read`); 0 for API keys. */
                            unreadCount: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversationsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The user working the conversation; null when unassigned. */
                        assignee: {
                            userId: string;
                        } | null;
                        channelId: string;
                        contact: {
                            id: string;
                            name: string | null;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description The signed-in user's first unread message (the first inbound message after their read mark), where the timeline opens (`GET …/messages?around=`); null when `unreadCount` is 0 and for API keys. Always sent. */
                        firstUnreadMessageId?: string | null;
                        /** @description `agent`: the agent answers; `human`: the agent is silent; `assisted`: the agent stores a private draft (a message with `private: true`, `senderKind: agent`) that a person sends as written or edited with `POST /api/v1/conversations/{id}/drafts/{messageId}/send`. */
                        handoff: "agent" | "human" | "assisted";
                        id: string;
                        lastMessage: {
                            contentType: string;
                            direction: string;
                            /** @description A note or an agent draft: never sent to the contact. */
                            private: boolean;
                            senderKind: string;
                            text: string | null;
                        } | null;
                        /** Format: date-time */
                        lastMessageAt: string;
                        /** @description All messages of the conversation, private notes and drafts included (a stored counter). */
                        messageCount: number;
                        platform: string;
                        /** @description When a snoozed conversation reopens; null unless `status` is `snoozed`. */
                        snoozedUntil: string | null;
                        /** @description `snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes. */
                        status: "open" | "pending" | "resolved" | "snoozed";
                        threadKey: string;
                        /** @description Inbound messages the signed-in user has not read (`POST …/read`); 0 for API keys. */
                        unreadCount: number;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchConversationsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A member of the workspace; null unassigns. */
                    assigneeUserId?: string | null;
                    /** @description `agent`: the agent answers; `human`: the agent is silent; `assisted`: the agent stores a private draft (a message with `private: true`, `senderKind: agent`) that a person sends as written or edited with `POST /api/v1/conversations/{id}/drafts/{messageId}/send`. */
                    handoff?: "agent" | "human" | "assisted";
                    /**
                     * Format: date-time
                     * @description Required with `status: snoozed`, in the future. Alone it snoozes (or re-snoozes) the conversation.
                     */
                    snoozedUntil?: string;
                    /** @description `snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes. */
                    status?: "open" | "pending" | "resolved" | "snoozed";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The user working the conversation; null when unassigned. */
                        assignee: {
                            userId: string;
                        } | null;
                        channelId: string;
                        contact: {
                            id: string;
                            name: string | null;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        /** @description `agent`: the agent answers; `human`: the agent is silent; `assisted`: the agent stores a private draft (a message with `private: true`, `senderKind: agent`) that a person sends as written or edited with `POST /api/v1/conversations/{id}/drafts/{messageId}/send`. */
                        handoff: "agent" | "human" | "assisted";
                        id: string;
                        lastMessage: {
                            contentType: string;
                            direction: string;
                            /** @description A note or an agent draft: never sent to the contact. */
                            private: boolean;
                            senderKind: string;
                            text: string | null;
                        } | null;
                        /** Format: date-time */
                        lastMessageAt: string;
                        /** @description All messages of the conversation, private notes and drafts included (a stored counter). */
                        messageCount: number;
                        platform: string;
                        /** @description When a snoozed conversation reopens; null unless `status` is `snoozed`. */
                        snoozedUntil: string | null;
                        /** @description `snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes. */
                        status: "open" | "pending" | "resolved" | "snoozed";
                        threadKey: string;
                        /** @description Inbound messages the signed-in user has not read (`POST …/read`); 0 for API keys. */
                        unreadCount: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postConversationsByIdDraftsByMessageIdSend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation id (UUID). */
                id: string;
                /** @description The draft: an agent message with `private: true` (`senderKind: agent`) of this conversation. */
                messageId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The text to send, as the person edited it; the draft’s own text when absent. */
                    text?: string;
                };
            };
        };
        responses: {
            /** @description The reply, as `GET /conversations/{id}/messages` lists it (every field of a message). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversationId: string;
                        /**
                         * Format: date-time
                         * @description Also the draft’s `sentAt`.
                         */
                        createdAt: string;
                        /** @description The new reply (not the draft). */
                        id: string;
                        /** @description Always false: it goes to the contact. */
                        private: boolean;
                        /**
                         * @description Always `user`: the person sends it.
                         * @enum {string}
                         */
                        senderKind: "user";
                        /** @description The signed-in user who sent it (null for an API key). */
                        senderUserId: string | null;
                        status: ("queued" | "sent" | "delivered" | "read" | "failed") | null;
                        /** @description What is sent: the edited text, or the draft’s. */
                        text: string | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversationsByIdMessages: {
        parameters: {
            query: {
                /** @description The messages just after this one. */
                after?: string;
                /** @description This message and those around it. */
                around?: string;
                /** @description The messages just before this one. */
                before?: string;
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                order: "asc" | "desc";
            };
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            attempts: number;
                            channelId: string;
                            content: unknown;
                            contentType: string;
                            conversationId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @enum {string} */
                            direction: "inbound" | "outbound";
                            edited: boolean;
                            error: {
                                code: string;
                                message: string | null;
                            } | null;
                            id: string;
                            media: {
                                caption: string | null;
                                /** @description Audio and video, when the platform says. */
                                durationSeconds: number | null;
                                fileName: string | null;
                                mimeType: string | null;
                                /** @description Bytes, when the platform says. */
                                size: number | null;
                                /** @description A location's name or address; the shared contacts' names. */
                                title: string | null;
                                /** @description `image`, `audio`, `voice`, `video`, `document`, `sticker`, `animation`, `location` or `contacts`. */
                                type: string;
                            } | null;
                            platformMessageId: string | null;
                            /** @description A private note of the team: never sent to the contact. */
                            private: boolean;
                            /** @description Reactions it has now, most frequent first. Reaction messages are not listed themselves: each counts here on the message it reacts to (a reactor's latest reaction; a removed one counts no more). */
                            reactions: {
                                /** @description Reactors whose latest reaction is this emoji. */
                                count: number;
                                emoji: string;
                                /** @description The contact is one of them. */
                                fromContact: boolean;
                            }[];
                            replyTo: {
                                contentType: string | null;
                                /** @description The quoted message; null when it is not stored (then all fields are null). */
                                messageId: string | null;
                                senderKind: ("contact" | "user" | "agent" | "system") | null;
                                /** @description Its text (a media message's caption), at most 200 characters. */
                                text: string | null;
                            } | null;
                            replyToMessageId: string | null;
                            /** @enum {string} */
                            senderKind: "contact" | "user" | "agent" | "system";
                            /** @description The signed-in user who wrote it. */
                            senderUserId: string | null;
                            sentAt: string | null;
                            status: ("queued" | "sent" | "delivered" | "read" | "failed") | null;
                            text: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        /** @description Newer messages exist after the last of this page. */
                        hasNewer: boolean;
                        /** @description Older messages exist before the first of this page. */
                        hasOlder: boolean;
                        /** @description The plain listing's next page; null on its last page and in a window. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postConversationsByIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        channelId: string;
                        content: unknown;
                        contentType: string;
                        conversationId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @enum {string} */
                        direction: "inbound" | "outbound";
                        edited: boolean;
                        error: {
                            code: string;
                            message: string | null;
                        } | null;
                        id: string;
                        media: {
                            caption: string | null;
                            /** @description Audio and video, when the platform says. */
                            durationSeconds: number | null;
                            fileName: string | null;
                            mimeType: string | null;
                            /** @description Bytes, when the platform says. */
                            size: number | null;
                            /** @description A location's name or address; the shared contacts' names. */
                            title: string | null;
                            /** @description `image`, `audio`, `voice`, `video`, `document`, `sticker`, `animation`, `location` or `contacts`. */
                            type: string;
                        } | null;
                        platformMessageId: string | null;
                        /** @description A private note of the team: never sent to the contact. */
                        private: boolean;
                        /** @description Reactions it has now, most frequent first. Reaction messages are not listed themselves: each counts here on the message it reacts to (a reactor's latest reaction; a removed one counts no more). */
                        reactions: {
                            /** @description Reactors whose latest reaction is this emoji. */
                            count: number;
                            emoji: string;
                            /** @description The contact is one of them. */
                            fromContact: boolean;
                        }[];
                        replyTo: {
                            contentType: string | null;
                            /** @description The quoted message; null when it is not stored (then all fields are null). */
                            messageId: string | null;
                            senderKind: ("contact" | "user" | "agent" | "system") | null;
                            /** @description Its text (a media message's caption), at most 200 characters. */
                            text: string | null;
                        } | null;
                        replyToMessageId: string | null;
                        /** @enum {string} */
                        senderKind: "contact" | "user" | "agent" | "system";
                        /** @description The signed-in user who wrote it. */
                        senderUserId: string | null;
                        sentAt: string | null;
                        status: ("queued" | "sent" | "delivered" | "read" | "failed") | null;
                        text: string | null;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversationsByIdMessagesByMessageIdMedia: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` of a copy the client has. */
                "if-none-match"?: string;
            };
            path: {
                /** @description The conversation id (UUID). */
                id: string;
                /** @description The message id (UUID). */
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description The copy the client has is current (no body). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversationsByIdMessagesByMessageIdOriginal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation id (UUID). */
                id: string;
                /** @description The message id (UUID). */
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Files sent with the mail (each is also a message of its own, whose bytes GET …/media serves); images that are parts of the HTML are not listed. */
                        attachments: {
                            contentType: string;
                            fileName: string | null;
                            /** @description Bytes. */
                            size: number;
                        }[];
                        cc: {
                            address: string;
                            name?: string;
                        }[];
                        /** @description The `Date` header (UTC); null when absent or invalid. */
                        date: string | null;
                        from: {
                            address: string;
                            name?: string;
                        } | null;
                        /** @description The HTML part sanitized for display (an allowlist of formatting: no scripts, event handlers, forms, `javascript:` links, remote images or fetching CSS; links open in a new tab). Show it in a sandboxed frame all the same. Null when the mail had no HTML, or HTML nested deeper than 512 elements (show `text`). */
                        html: string | null;
                        /** @description Remote images (`http:`, `https:`, `//`) removed from `html` unloaded, tracking pixels among them. */
                        remoteImagesBlocked: number;
                        subject: string | null;
                        /** @description The full plain text, quoted history included (the message shows only the new text); derived from the HTML when the mail had no text part. */
                        text: string | null;
                        to: {
                            address: string;
                            name?: string;
                        }[];
                        /** @description The text or HTML was cut at 512 KiB characters when received. */
                        truncated: boolean;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postConversationsByIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        channelId: string;
                        content: unknown;
                        contentType: string;
                        conversationId: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** @enum {string} */
                        direction: "inbound" | "outbound";
                        edited: boolean;
                        error: {
                            code: string;
                            message: string | null;
                        } | null;
                        id: string;
                        media: {
                            caption: string | null;
                            /** @description Audio and video, when the platform says. */
                            durationSeconds: number | null;
                            fileName: string | null;
                            mimeType: string | null;
                            /** @description Bytes, when the platform says. */
                            size: number | null;
                            /** @description A location's name or address; the shared contacts' names. */
                            title: string | null;
                            /** @description `image`, `audio`, `voice`, `video`, `document`, `sticker`, `animation`, `location` or `contacts`. */
                            type: string;
                        } | null;
                        platformMessageId: string | null;
                        /** @description A private note of the team: never sent to the contact. */
                        private: boolean;
                        /** @description Reactions it has now, most frequent first. Reaction messages are not listed themselves: each counts here on the message it reacts to (a reactor's latest reaction; a removed one counts no more). */
                        reactions: {
                            /** @description Reactors whose latest reaction is this emoji. */
                            count: number;
                            emoji: string;
                            /** @description The contact is one of them. */
                            fromContact: boolean;
                        }[];
                        replyTo: {
                            contentType: string | null;
                            /** @description The quoted message; null when it is not stored (then all fields are null). */
                            messageId: string | null;
                            senderKind: ("contact" | "user" | "agent" | "system") | null;
                            /** @description Its text (a media message's caption), at most 200 characters. */
                            text: string | null;
                        } | null;
                        replyToMessageId: string | null;
                        /** @enum {string} */
                        senderKind: "contact" | "user" | "agent" | "system";
                        /** @description The signed-in user who wrote it. */
                        senderUserId: string | null;
                        sentAt: string | null;
                        status: ("queued" | "sent" | "delivered" | "read" | "failed") | null;
                        text: string | null;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postConversationsByIdRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postConversationsByIdTyping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postConversationsBulk: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A member of the workspace; null unassigns. */
                    assigneeUserId?: string | null;
                    /** @description Conversation ids. */
                    ids: string[];
                    status?: "open" | "pending" | "resolved";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One result per id, in the order given. */
                        data: {
                            /** @description `OMNIFY_ERR_NOT_FOUND` for an id that names no conversation of the workspace. */
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            id: string;
                            ok: boolean;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversationsCounts: {
        parameters: {
            query?: {
                channelId?: string;
                /** @description `snoozed` reopens (`open`) at `snoozedUntil`, or as soon as the contact writes. */
                status?: "open" | "pending" | "resolved" | "snoozed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        all: number;
                        /** @description Assigned to the signed-in user (0 for API keys). */
                        mine: number;
                        unassigned: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postDemoInbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentId: string;
                        channels: {
                            id: string;
                            name: string;
                            platform: string;
                        }[];
                        conversations: number;
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteDemoInbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agents: number;
                        channels: number;
                        contacts: number;
                        conversations: number;
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getEvents: {
        parameters: {
            query: {
                /** @description Resume after this event id. */
                after?: string;
                /** @description JSON page only: events per page. */
                limit: number;
            };
            header?: {
                /** @description Sent by EventSource on reconnect; wins over `after`. */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream, or a page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /**
                             * Format: date-time
                             * @description When the change was written.
                             */
                            at: string;
                            /** @description On `conversation.*` events: the conversation after the change. */
                            conversation?: {
                                assigneeUserId: string | null;
                                channelId: string;
                                contactId: string;
                                handoff: string | null;
                                inboundCount: number | null;
                                /** Format: date-time */
                                lastMessageAt: string;
                                messageCount: number | null;
                                snoozedUntil: string | null;
                                status: string;
                            };
                            conversationId: string;
                            /** @description The event’s position (decimal): resume after it with `Last-Event-ID` or `after`. */
                            id: string;
                            /** @description On `message.*` events: the message after the change. */
                            message?: {
                                attempts: number;
                                contentType: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** @enum {string} */
                                direction: "inbound" | "outbound";
                                edited: boolean;
                                error: {
                                    code: string;
                                    message: string | null;
                                } | null;
                                preview: string | null;
                                private: boolean;
                                /** @enum {string} */
                                senderKind: "contact" | "user" | "agent" | "system";
                                status: ("queued" | "sent" | "delivered" | "read" | "failed") | null;
                            };
                            /** @description On `message.*` events. */
                            messageId?: string;
                            type: "message.created" | "message.updated" | "conversation.created" | "conversation.updated";
                        }[];
                        /** @description Pass as `after` to read on. */
                        lastEventId: string;
                        /** @description Events after `after` were pruned (older than 24 h): refetch what you show, then read on. */
                        reset: boolean;
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getImports: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            duplicateRows: number;
                            errorRows: number;
                            errors: unknown[];
                            fileName: string | null;
                            id: string;
                            importedRows: number;
                            /** @enum {string} */
                            kind: "orders" | "ads";
                            mapping: unknown;
                            totalRows: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getImportsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        duplicateRows: number;
                        errorRows: number;
                        errors: unknown[];
                        fileName: string | null;
                        id: string;
                        importedRows: number;
                        /** @enum {string} */
                        kind: "orders" | "ads";
                        mapping: unknown;
                        totalRows: number;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceActions: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            after: unknown;
                            /** Format: date-time */
                            appliedAt: string;
                            appliedBy: string | null;
                            before: unknown;
                            error: {
                                code: string;
                                message: string;
                            } | null;
                            id: string;
                            insightId: string;
                            kind: string;
                            /**
                             * @description The latest job asked of this action.
                             * @enum {string}
                             */
                            operation: "apply" | "rollback";
                            rolledBackAt: string | null;
                            rolledBackBy: string | null;
                            /**
                             * @description State of that job.
                             * @enum {string}
                             */
                            state: "queued" | "running" | "succeeded" | "failed";
                            /** @enum {string} */
                            status: "pending" | "applied" | "failed" | "rolled_back";
                            /** @enum {string} */
                            target: "omnify" | "platform" | "recorded";
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceActionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        after: unknown;
                        /** Format: date-time */
                        appliedAt: string;
                        appliedBy: string | null;
                        before: unknown;
                        error: {
                            code: string;
                            message: string;
                        } | null;
                        id: string;
                        insightId: string;
                        kind: string;
                        /**
                         * @description The latest job asked of this action.
                         * @enum {string}
                         */
                        operation: "apply" | "rollback";
                        rolledBackAt: string | null;
                        rolledBackBy: string | null;
                        /**
                         * @description State of that job.
                         * @enum {string}
                         */
                        state: "queued" | "running" | "succeeded" | "failed";
                        /** @enum {string} */
                        status: "pending" | "applied" | "failed" | "rolled_back";
                        /** @enum {string} */
                        target: "omnify" | "platform" | "recorded";
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceActionsByIdRollback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        after: unknown;
                        /** Format: date-time */
                        appliedAt: string;
                        appliedBy: string | null;
                        before: unknown;
                        error: {
                            code: string;
                            message: string;
                        } | null;
                        id: string;
                        insightId: string;
                        kind: string;
                        /**
                         * @description The latest job asked of this action.
                         * @enum {string}
                         */
                        operation: "apply" | "rollback";
                        rolledBackAt: string | null;
                        rolledBackBy: string | null;
                        /**
                         * @description State of that job.
                         * @enum {string}
                         */
                        state: "queued" | "running" | "succeeded" | "failed";
                        /** @enum {string} */
                        status: "pending" | "applied" | "failed" | "rolled_back";
                        /** @enum {string} */
                        target: "omnify" | "platform" | "recorded";
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceAdsAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            connector: {
                                config: {
                                    [key: string]: unknown;
                                };
                                platform: string;
                            } | null;
                            currency: string;
                            /** @description The zone its days are read in (its own, else the workspace’s): a sync’s default "yesterday". */
                            effectiveTimeZone: string;
                            externalId: string;
                            id: string;
                            name: string | null;
                            platform: string;
                            /** @description The account’s own reporting time zone (IANA name); null: it follows the workspace’s. */
                            timeZone: string | null;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceAdsAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config: {
                        [key: string]: unknown;
                    };
                    currency: string;
                    /** @description Meta ad account id / Google Ads customer id. */
                    externalId: string;
                    name?: string;
                    /** @enum {string} */
                    platform: "meta" | "google_ads";
                    /**
                     * @description IANA time zone the platform reports this account’s days in (Meta: the ad account’s `timezone_name`; Google Ads: the customer’s `time_zone`). Unknown names are a 400 naming the closest zone.
                     * @example America/Los_Angeles
                     */
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connector: {
                            config: {
                                [key: string]: unknown;
                            };
                            platform: string;
                        } | null;
                        currency: string;
                        /** @description The zone its days are read in (its own, else the workspace’s): a sync’s default "yesterday". */
                        effectiveTimeZone: string;
                        externalId: string;
                        id: string;
                        name: string | null;
                        platform: string;
                        /** @description The account’s own reporting time zone (IANA name); null: it follows the workspace’s. */
                        timeZone: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchIntelligenceAdsAccountsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string | null;
                    timeZone?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connector: {
                            config: {
                                [key: string]: unknown;
                            };
                            platform: string;
                        } | null;
                        currency: string;
                        /** @description The zone its days are read in (its own, else the workspace’s): a sync’s default "yesterday". */
                        effectiveTimeZone: string;
                        externalId: string;
                        id: string;
                        name: string | null;
                        platform: string;
                        /** @description The account’s own reporting time zone (IANA name); null: it follows the workspace’s. */
                        timeZone: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceAdsAccountsByIdSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date */
                    since?: string;
                    /** Format: date */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accountId: string;
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        error: {
                            code: string;
                            message: string;
                        } | null;
                        finishedAt: string | null;
                        id: string;
                        /** @description Rows stored, once succeeded. */
                        records: number | null;
                        /** @description The model run it asked for, once succeeded. */
                        runId: string | null;
                        /** Format: date */
                        since: string;
                        startedAt: string | null;
                        /** @enum {string} */
                        state: "queued" | "running" | "succeeded" | "failed";
                        /** Format: date */
                        until: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceAdsCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            accountId: string;
                            ads: number;
                            clicks: number;
                            conversions: number;
                            currency: string;
                            dailyBudgetMinor: number | null;
                            externalId: string;
                            firstDay: string | null;
                            id: string;
                            impressions: number;
                            lastDay: string | null;
                            name: string | null;
                            revenueMinor: number;
                            spendMinor: number;
                            status: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceAdsImport: {
        parameters: {
            query?: {
                currency?: string;
                /** @description kag_conversion: the day the totals belong to. */
                date?: string;
                dryRun?: boolean;
                fileName?: string;
                preset?: "kag_conversion" | "facebook_2017" | "online_advertising";
                /** @description online_advertising: the year. */
                year?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The file’s content (UTF-8; LF, CRLF or bare CR line endings). */
                    csv: string;
                    /** @description Preview only: nothing is stored. */
                    dryRun?: boolean;
                    fileName?: string;
                    /** @description Column mapping; see docs/intelligence/import.md. */
                    mapping?: {
                        [key: string]: unknown;
                    };
                    /** @description Preset parameters. */
                    options?: {
                        [key: string]: unknown;
                    };
                    /** @description Default `csv`. */
                    platform?: string;
                    /** @enum {string} */
                    preset?: "kag_conversion" | "facebook_2017" | "online_advertising";
                } | string;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dryRun: boolean;
                        /** @description Orders already stored by an earlier import or call. */
                        duplicates: number;
                        /** @description Rows stored (orders: new orders; ads: daily rows written). */
                        imported: number;
                        importId: string | null;
                        /** @description totalRows, validRows, errorRows, errorsByCode, sample, errors (line, column, code, message), totals. */
                        preview: {
                            [key: string]: unknown;
                        };
                        /** @description The model run queued after the import. */
                        runId: string | null;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dryRun: boolean;
                        /** @description Orders already stored by an earlier import or call. */
                        duplicates: number;
                        /** @description Rows stored (orders: new orders; ads: daily rows written). */
                        imported: number;
                        importId: string | null;
                        /** @description totalRows, validRows, errorRows, errorsByCode, sample, errors (line, column, code, message), totals. */
                        preview: {
                            [key: string]: unknown;
                        };
                        /** @description The model run queued after the import. */
                        runId: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceAdsSeries: {
        parameters: {
            query: {
                from?: string;
                /** @description Campaign or ad id (not for workspace). */
                id?: string;
                level: "workspace" | "campaign" | "ad";
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            clicks: number;
                            conversions: number;
                            /** Format: date */
                            date: string;
                            impressions: number;
                            revenueMinor: number;
                            spendMinor: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceAdsSyncsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accountId: string;
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        error: {
                            code: string;
                            message: string;
                        } | null;
                        finishedAt: string | null;
                        id: string;
                        /** @description Rows stored, once succeeded. */
                        records: number | null;
                        /** @description The model run it asked for, once succeeded. */
                        runId: string | null;
                        /** Format: date */
                        since: string;
                        startedAt: string | null;
                        /** @enum {string} */
                        state: "queued" | "running" | "succeeded" | "failed";
                        /** Format: date */
                        until: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceDemo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    seed?: number;
                    /**
                     * @description `current` (default): this workspace; `new`: a fresh "Demo" workspace.
                     * @enum {string}
                     */
                    workspace?: "current" | "new";
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        adRows: number;
                        /** @description With `workspace: "new"`: an owner key of the demo workspace (shown once). */
                        apiKey?: string;
                        campaigns: number;
                        customers: number;
                        orders: number;
                        runId: string;
                        workspaceId: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceInsights: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                kind?: "anomaly" | "fatigue" | "churn_risk" | "budget";
                /** @description Items per page. */
                limit: number;
                severity?: "info" | "warning" | "critical";
                status?: "new" | "acknowledged" | "applied" | "dismissed" | "resolved";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description Chart data (band, timeline, curves); only when getting one insight. */
                            chart?: {
                                [key: string]: unknown;
                            } | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The numbers behind it. */
                            evidence: {
                                [key: string]: unknown;
                            };
                            id: string;
                            /** @enum {string} */
                            kind: "anomaly" | "fatigue" | "churn_risk" | "budget";
                            recommendation: {
                                [key: string]: unknown;
                            } | null;
                            runId: string | null;
                            /** @enum {string} */
                            severity: "info" | "warning" | "critical";
                            /** @enum {string} */
                            status: "new" | "acknowledged" | "applied" | "dismissed" | "resolved";
                            subjectId: string;
                            subjectType: string;
                            summary: string;
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceInsightsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Chart data (band, timeline, curves); only when getting one insight. */
                        chart?: {
                            [key: string]: unknown;
                        } | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description The numbers behind it. */
                        evidence: {
                            [key: string]: unknown;
                        };
                        id: string;
                        /** @enum {string} */
                        kind: "anomaly" | "fatigue" | "churn_risk" | "budget";
                        recommendation: {
                            [key: string]: unknown;
                        } | null;
                        runId: string | null;
                        /** @enum {string} */
                        severity: "info" | "warning" | "critical";
                        /** @enum {string} */
                        status: "new" | "acknowledged" | "applied" | "dismissed" | "resolved";
                        subjectId: string;
                        subjectType: string;
                        summary: string;
                        title: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchIntelligenceInsightsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "new" | "acknowledged" | "dismissed";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Chart data (band, timeline, curves); only when getting one insight. */
                        chart?: {
                            [key: string]: unknown;
                        } | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description The numbers behind it. */
                        evidence: {
                            [key: string]: unknown;
                        };
                        id: string;
                        /** @enum {string} */
                        kind: "anomaly" | "fatigue" | "churn_risk" | "budget";
                        recommendation: {
                            [key: string]: unknown;
                        } | null;
                        runId: string | null;
                        /** @enum {string} */
                        severity: "info" | "warning" | "critical";
                        /** @enum {string} */
                        status: "new" | "acknowledged" | "applied" | "dismissed" | "resolved";
                        subjectId: string;
                        subjectType: string;
                        summary: string;
                        title: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceInsightsByIdApply: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        after: unknown;
                        /** Format: date-time */
                        appliedAt: string;
                        appliedBy: string | null;
                        before: unknown;
                        error: {
                            code: string;
                            message: string;
                        } | null;
                        id: string;
                        insightId: string;
                        kind: string;
                        /**
                         * @description The latest job asked of this action.
                         * @enum {string}
                         */
                        operation: "apply" | "rollback";
                        rolledBackAt: string | null;
                        rolledBackBy: string | null;
                        /**
                         * @description State of that job.
                         * @enum {string}
                         */
                        state: "queued" | "running" | "succeeded" | "failed";
                        /** @enum {string} */
                        status: "pending" | "applied" | "failed" | "rolled_back";
                        /** @enum {string} */
                        target: "omnify" | "platform" | "recorded";
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceKnownEvents: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date */
                            endsOn: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            recursYearly: boolean;
                            /** Format: date */
                            startsOn: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceKnownEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description Last day, inclusive: on or after startsOn, at most 366 days later.
                     * @example 2025-12-24
                     */
                    endsOn: string;
                    /**
                     * @description What happened, as insights name it ("Christmas", "Spring sale"): 1–200 characters, trimmed.
                     * @example Christmas
                     */
                    name: string;
                    /** @description The same month-days every year (a holiday); false: this one occurrence. */
                    recursYearly?: boolean;
                    /**
                     * Format: date
                     * @description First day (a calendar day, YYYY-MM-DD).
                     * @example 2025-12-24
                     */
                    startsOn: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date */
                        endsOn: string;
                        /** Format: uuid */
                        id: string;
                        name: string;
                        recursYearly: boolean;
                        /** Format: date */
                        startsOn: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteIntelligenceKnownEventsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchIntelligenceKnownEventsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description Last day, inclusive: on or after startsOn, at most 366 days later.
                     * @example 2025-12-24
                     */
                    endsOn?: string;
                    /**
                     * @description What happened, as insights name it ("Christmas", "Spring sale"): 1–200 characters, trimmed.
                     * @example Christmas
                     */
                    name?: string;
                    /** @description The same month-days every year (a holiday); false: this one occurrence. */
                    recursYearly?: boolean;
                    /**
                     * Format: date
                     * @description First day (a calendar day, YYYY-MM-DD).
                     * @example 2025-12-24
                     */
                    startsOn?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date */
                        endsOn: string;
                        /** Format: uuid */
                        id: string;
                        name: string;
                        recursYearly: boolean;
                        /** Format: date */
                        startsOn: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceLtv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceLtvContacts: {
        parameters: {
            query: {
                /** @description Only repeat customers the last run called likely gone: P(alive) below its calibrated threshold (the churn insight states it; docs/intelligence.md). */
                atRisk?: boolean;
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                /** @description `clv`: highest CLV first; `churn_risk`: lowest P(alive) first. */
                sort: "clv" | "churn_risk";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description T: weeks since the first purchase. */
                            ageWeeks: number;
                            /** @description CLV in minor units: expected purchases over CLV_HORIZON_MONTHS (default 12) discounted at CLV_MONTHLY_DISCOUNT_RATE (default 1 %/month); the values used are in the model result (`clv`). */
                            clvMinor: number | null;
                            /** Format: date-time */
                            computedAt: string;
                            contactId: string;
                            currency: string;
                            customerId: string | null;
                            expectedOrderValueMinor: number | null;
                            expectedPurchases30: number;
                            expectedPurchases90: number;
                            expectedPurchases365: number;
                            /** @description Repeat purchase occasions. */
                            frequency: number;
                            name: string | null;
                            pAlive: number;
                            recencyWeeks: number;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceLtvContactsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description T: weeks since the first purchase. */
                        ageWeeks: number;
                        /** @description CLV in minor units: expected purchases over CLV_HORIZON_MONTHS (default 12) discounted at CLV_MONTHLY_DISCOUNT_RATE (default 1 %/month); the values used are in the model result (`clv`). */
                        clvMinor: number | null;
                        /** Format: date-time */
                        computedAt: string;
                        contactId: string;
                        currency: string;
                        customerId: string | null;
                        expectedOrderValueMinor: number | null;
                        expectedPurchases30: number;
                        expectedPurchases90: number;
                        expectedPurchases365: number;
                        /** @description Repeat purchase occasions. */
                        frequency: number;
                        name: string | null;
                        pAlive: number;
                        recencyWeeks: number;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceModelsByModel: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                subjectType?: "workspace" | "account" | "campaign" | "ad_set" | "ad";
            };
            header?: never;
            path: {
                model: "ltv" | "anomaly" | "fatigue" | "forecast" | "budget";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            computedAt: string;
                            runId: string | null;
                            subjectId: string;
                            /** @description `workspace`, `account`, `campaign`, `ad_set` or `ad`. */
                            subjectType: string;
                            /** @description The headline numbers of the result. */
                            summary: unknown;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not Found: no such resource in this workspace. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceModelsByModelBySubjectTypeBySubjectId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model: "ltv" | "anomaly" | "fatigue" | "forecast" | "budget";
                subjectId: string;
                subjectType: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        computedAt: string;
                        result: unknown;
                        subjectId: string;
                        subjectType: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceRuns: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            error: string | null;
                            finishedAt: string | null;
                            id: string;
                            models: ("ltv" | "anomaly" | "fatigue" | "forecast" | "budget")[];
                            progress: {
                                [key: string]: unknown;
                            };
                            reason: string;
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed";
                            summary: {
                                [key: string]: unknown;
                            };
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postIntelligenceRuns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    models?: ("ltv" | "anomaly" | "fatigue" | "forecast" | "budget")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        error: string | null;
                        finishedAt: string | null;
                        id: string;
                        models: ("ltv" | "anomaly" | "fatigue" | "forecast" | "budget")[];
                        progress: {
                            [key: string]: unknown;
                        };
                        reason: string;
                        startedAt: string | null;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed";
                        summary: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getIntelligenceRunsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        error: string | null;
                        finishedAt: string | null;
                        id: string;
                        models: ("ltv" | "anomaly" | "fatigue" | "forecast" | "budget")[];
                        progress: {
                            [key: string]: unknown;
                        };
                        reason: string;
                        startedAt: string | null;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed";
                        summary: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getInvitations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            /** Format: date-time */
                            expiresAt: string;
                            id: string;
                            /** @description The inviting user; null for an API key. */
                            invitedBy: string | null;
                            /**
                             * @description owner > admin > agent > viewer (docs/access.md).
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "agent" | "viewer";
                            /** @enum {string} */
                            status: "pending" | "accepted" | "revoked" | "expired";
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postInvitations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /**
                     * @description owner > admin > agent > viewer (docs/access.md).
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "agent" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        /** @description True when the link was e-mailed to the invitee (SMTP_URL is set and the mail server accepted it); otherwise send `url` yourself. */
                        emailed: boolean;
                        /** Format: date-time */
                        expiresAt: string;
                        id: string;
                        /**
                         * @description owner > admin > agent > viewer (docs/access.md).
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "agent" | "viewer";
                        /** @description Shown this once: only its hash is stored. */
                        token: string;
                        /** @description The link to send: `<public URL>/invite/<token>`, valid 7 days, once. */
                        url: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteInvitationsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postInvitationsAccept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description At least 10 characters. */
                    password?: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getInvitationsLookup: {
        parameters: {
            query: {
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        /**
                         * @description owner > admin > agent > viewer (docs/access.md).
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "agent" | "viewer";
                        /** @description True: accepting needs that account’s password (or its session). */
                        userExists: boolean;
                        workspaceName: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getMergeSuggestions: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                status: "open" | "accepted" | "dismissed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @description How likely the two are one person (0–1). */
                            confidence: number;
                            /** @description The contact kept when the suggestion is accepted. */
                            contactId: string;
                            contactName: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            id: string;
                            /** @description The contact merged into `contactId` when accepted. */
                            otherContactId: string;
                            otherContactName: string | null;
                            /** @description Why, in words a person can check. */
                            reason: string;
                            /** @description strong_key_conflict, same_verified_key, auto_link_undone, webchat_email, email_in_message, phone_in_message, unverified_phone or same_name_company. */
                            reasonCode: string;
                            status: "open" | "accepted" | "dismissed";
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getOrders: {
        parameters: {
            query: {
                /** @description Only this contact’s orders. */
                contactId?: string;
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            amountMinor: number;
                            contactId: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            customerId: string | null;
                            /** Format: date */
                            date: string;
                            id: string;
                            importId: string | null;
                            orderId: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postOrders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Order value in currency minor units (cents). */
                    amountMinor: number;
                    /**
                     * @description ISO 4217 code, e.g. USD.
                     * @default USD
                     */
                    currency?: string;
                    /** @description The customer's id in your shop or CRM. */
                    customerId: string;
                    /**
                     * Format: date
                     * @description Order day (UTC), YYYY-MM-DD.
                     */
                    date: string;
                    /** Format: email */
                    email?: string;
                    name?: string;
                    /** @description Your order id; makes retries idempotent. */
                    orderId?: string;
                    /** @description Any notation with a country code; stored as E.164. */
                    phone?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duplicate: boolean;
                        order: {
                            amountMinor: number;
                            contactId: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            customerId: string | null;
                            /** Format: date */
                            date: string;
                            id: string;
                            importId: string | null;
                            orderId: string | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duplicate: boolean;
                        order: {
                            amountMinor: number;
                            contactId: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            customerId: string | null;
                            /** Format: date */
                            date: string;
                            id: string;
                            importId: string | null;
                            orderId: string | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getOrdersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amountMinor: number;
                        contactId: string;
                        /** Format: date-time */
                        createdAt: string;
                        currency: string;
                        customerId: string | null;
                        /** Format: date */
                        date: string;
                        id: string;
                        importId: string | null;
                        orderId: string | null;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postOrdersImport: {
        parameters: {
            query?: {
                currency?: string;
                /** @description kag_conversion: the day the totals belong to. */
                date?: string;
                dryRun?: boolean;
                fileName?: string;
                preset?: "default" | "cdnow_master" | "cdnow_sample";
                /** @description online_advertising: the year. */
                year?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The file’s content (UTF-8; LF, CRLF or bare CR line endings). */
                    csv: string;
                    /** @description Preview only: nothing is stored. */
                    dryRun?: boolean;
                    fileName?: string;
                    /** @description Column mapping; see docs/intelligence/import.md. */
                    mapping?: {
                        [key: string]: unknown;
                    };
                    /** @description Preset parameters. */
                    options?: {
                        [key: string]: unknown;
                    };
                    /** @enum {string} */
                    preset?: "default" | "cdnow_master" | "cdnow_sample";
                } | string;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dryRun: boolean;
                        /** @description Orders already stored by an earlier import or call. */
                        duplicates: number;
                        /** @description Rows stored (orders: new orders; ads: daily rows written). */
                        imported: number;
                        importId: string | null;
                        /** @description totalRows, validRows, errorRows, errorsByCode, sample, errors (line, column, code, message), totals. */
                        preview: {
                            [key: string]: unknown;
                        };
                        /** @description The model run queued after the import. */
                        runId: string | null;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dryRun: boolean;
                        /** @description Orders already stored by an earlier import or call. */
                        duplicates: number;
                        /** @description Rows stored (orders: new orders; ads: daily rows written). */
                        imported: number;
                        importId: string | null;
                        /** @description totalRows, validRows, errorRows, errorsByCode, sample, errors (line, column, code, message), totals. */
                        preview: {
                            [key: string]: unknown;
                        };
                        /** @description The model run queued after the import. */
                        runId: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSearchMessages: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                /** @description What to look for (web-search syntax). */
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            channelId: string;
                            contact: {
                                id: string;
                                name: string | null;
                            };
                            contentType: string;
                            conversationId: string;
                            /** Format: date-time */
                            createdAt: string;
                            direction: "inbound" | "outbound";
                            messageId: string;
                            /** @description The channel's platform. */
                            platform: string;
                            /** @description A private note of the team: never sent to the contact. */
                            private: boolean;
                            senderKind: "contact" | "user" | "agent" | "system";
                            /** @description The best passage of the text (about 30 words) in parts, matches marked `hit`; `… ` / ` …` parts where text is left out. Plain text: render it as text, never as HTML. */
                            snippet: {
                                /** @description True for a word that matched the query. */
                                hit: boolean;
                                text: string;
                            }[];
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSegments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            id: string;
                            members: number;
                            name: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postSegments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string | null;
                        id: string;
                        members: number;
                        name: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSegmentsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string | null;
                        id: string;
                        members: number;
                        name: string;
                    };
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSegmentsByIdMembers: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
            };
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            addedAt: string;
                            clvMinor: number | null;
                            contactId: string;
                            email: string | null;
                            name: string | null;
                            pAlive: number | null;
                            phoneE164: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postSegmentsByIdMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    contactIds: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        added: number;
                        segment: {
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            id: string;
                            members: number;
                            name: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteSegmentsByIdMembersByContactId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contactId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        needsOwner: boolean;
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    /** @description At least 10 characters. */
                    password: string;
                    workspaceName: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTemplates: {
        parameters: {
            query: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page. */
                limit: number;
                /** @description Case-insensitive: a shortcode starting with it (a leading `/` is ignored), or a title or content containing it. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Template"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The message, 1–4,000 characters (trimmed). It may hold the variables `{{contact.name}}`, `{{contact.first_name}}`, `{{user.name}}`, `{{workspace.name}}`, filled in when the template is inserted (an unknown value becomes empty); any other `{{name}}` is refused with 400.
                     * @example Hi {{contact.first_name}}, thanks for writing to {{workspace.name}}!
                     */
                    content: string;
                    /**
                     * @description What the user types after `/` in the composer: 1–40 letters, digits, `_` or `-`; stored lower-case and unique per workspace (case-insensitively).
                     * @example greeting
                     */
                    shortcode: string;
                    title?: string | null;
                };
            };
        };
        responses: {
            /** @description A canned response (template): a reusable message inserted with `/shortcode`. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTemplatesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A canned response (template): a reusable message inserted with `/shortcode`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteTemplatesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchTemplatesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The message, 1–4,000 characters (trimmed). It may hold the variables `{{contact.name}}`, `{{contact.first_name}}`, `{{user.name}}`, `{{workspace.name}}`, filled in when the template is inserted (an unknown value becomes empty); any other `{{name}}` is refused with 400.
                     * @example Hi {{contact.first_name}}, thanks for writing to {{workspace.name}}!
                     */
                    content?: string;
                    /**
                     * @description What the user types after `/` in the composer: 1–40 letters, digits, `_` or `-`; stored lower-case and unique per workspace (case-insensitively).
                     * @example greeting
                     */
                    shortcode?: string;
                    /** @description null or "" removes the title. */
                    title?: string | null;
                };
            };
        };
        responses: {
            /** @description A canned response (template): a reusable message inserted with `/shortcode`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /**
                             * Format: date-time
                             * @description When the user joined this workspace.
                             */
                            createdAt: string;
                            email: string;
                            id: string;
                            name: string;
                            /**
                             * @description owner > admin > agent > viewer (docs/access.md).
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "agent" | "viewer";
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: the body, path or query parameters are invalid (OMNIFY_ERR_VALIDATION). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Resource id (UUID). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description owner > admin > agent > viewer (docs/access.md).
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "agent" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description When the user joined this workspace.
                         */
                        createdAt: string;
                        email: string;
                        id: string;
                        name: string;
                        /**
                         * @description owner > admin > agent > viewer (docs/access.md).
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "agent" | "viewer";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        id: string;
                        name: string;
                        /** @description IANA time zone name: the workspace’s days, "today" and "yesterday", the as-of day of its model runs and the hour of its scheduled run follow it (docs/intelligence.md, "Time zones"). */
                        timeZone: string;
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Forbidden: the key’s role may not do this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patchWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /**
                     * @description IANA time zone name (e.g. "Europe/Berlin", "America/New_York", "UTC"), matched case-insensitively. An unknown name is a 400 `OMNIFY_ERR_VALIDATION` whose field error names the closest known zone.
                     * @example Europe/Berlin
                     */
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        id: string;
                        name: string;
                        /** @description IANA time zone name: the workspace’s days, "today" and "yesterday", the as-of day of its model runs and the hour of its scheduled run follow it (docs/intelligence.md, "Time zones"). */
                        timeZone: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                            /** @description IANA time zone name: the workspace’s days, "today" and "yesterday", the as-of day of its model runs and the hour of its scheduled run follow it (docs/intelligence.md, "Time zones"). */
                            timeZone: string;
                        }[];
                    };
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    postWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /**
                     * @description IANA time zone name (e.g. "Europe/Berlin", "America/New_York", "UTC"), matched case-insensitively. An unknown name is a 400 `OMNIFY_ERR_VALIDATION` whose field error names the closest known zone.
                     * @example Europe/Berlin
                     */
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        apiKey: {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            /** @description When the key last authenticated a request, to within a minute (written at most once a minute); null if never. */
                            lastUsedAt: string | null;
                            name: string;
                            /** @description The key’s first 8 characters, to recognise it. */
                            prefix: string;
                            /**
                             * @description owner > admin > agent > viewer (docs/access.md).
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "agent" | "viewer";
                            workspaceId: string;
                        } & {
                            /** @description The key itself: shown this once, only its hash is stored. */
                            key: string;
                        };
                        workspace: {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                            /** @description IANA time zone name: the workspace’s days, "today" and "yesterday", the as-of day of its model runs and the hour of its scheduled run follow it (docs/intelligence.md, "Time zones"). */
                            timeZone: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unauthorized: the API key is missing, unknown or revoked. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Conflict: the request conflicts with the resource’s current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content Too Large: the body exceeds the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unsupported Media Type: the body is not JSON (or the route’s declared type). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too Many Requests: rate limited; retry after the `retry-after` header. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
