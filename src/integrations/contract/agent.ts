import type { ContentType, Direction, SenderKind } from './message.ts';

/**
 * One earlier message of the contact, oldest first in `AgentInput.history`: of this conversation or
 * of the contact's conversations on other channels and platforms (one person across channels).
 */
export interface HistoryItem {
  direction: Direction;
  senderKind: SenderKind;
  contentType: ContentType;
  text: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** The platform the message went through (`whatsapp`, `instagram`, …). */
  platform: string;
  /** Its conversation; another conversation than `AgentInput.conversationId` when on another channel. */
  conversationId: string;
}

/** What an agent receives: the message to answer and the conversation so far. */
export interface AgentInput {
  conversationId: string;
  channelId: string;
  platform: string;
  contact: { id: string; name: string | null; handle: string };
  message: { id: string; contentType: ContentType; text: string | null; content: unknown; createdAt: string };
  /**
   * The contact's recent messages before `message` in all its conversations (every channel and
   * platform), oldest first, at most the configured history limit.
   */
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
