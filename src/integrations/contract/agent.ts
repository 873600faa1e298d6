import type { ContentType, Direction, SenderKind } from './message.ts';

/** One earlier message of the conversation, oldest first in `AgentInput.history`. */
export interface HistoryItem {
  direction: Direction;
  senderKind: SenderKind;
  contentType: ContentType;
  text: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** What an agent receives: the message to answer and the conversation so far. */
export interface AgentInput {
  conversationId: string;
  channelId: string;
  platform: string;
  contact: { id: string; name: string | null; handle: string };
  message: { id: string; contentType: ContentType; text: string | null; content: unknown; createdAt: string };
  /** Recent messages before `message`, oldest first (at most the configured history limit). */
  history: HistoryItem[];
}

/** An agent's answer; `null` from `reply` means "no answer" (nothing is sent). */
export interface AgentReply {
  text: string;
}

/**
 * An automated responder. Implementations live in `src/integrations/<kind>/`.
 * Errors: throws `OmnifyError` `OMNIFY_ERR_AGENT_FAILED` (transient; the job retries) or
 * `OMNIFY_ERR_AGENT_REJECTED` (permanent; the reply is given up).
 */
export interface Agent {
  readonly kind: string;
  reply(input: AgentInput, signal: AbortSignal): Promise<AgentReply | null>;
}
