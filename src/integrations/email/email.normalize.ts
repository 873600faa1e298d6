import { Value } from '@sinclair/typebox/value';
import { timeFromIsoOrSeconds } from '../../kernel/dates/platform-time.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { InboundEvent, InboundMessage, MediaRef, MessageContent } from '../contract/message.ts';
import type { EmailConfig } from './email.config.ts';
import {
  attachmentMediaId,
  type EmailEnvelope,
  EmailEnvelopeSchema,
  isFile,
  messageIdOf,
} from './email.envelope.ts';
import { newText } from './email.quote.ts';
import { baseSubject, isOurMessageId, replyReferences, threadKeyOf } from './email.thread.ts';

/** The bare address of a `from` config value (`Name <a@b>` → `a@b`), lower-cased. */
export function fromAddress(from: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (m ? m[1]! : from).trim().toLowerCase();
}

/** Why a mail must not make the agent answer (RFC 3834 §2, §5): automatic mail answered automatically loops. */
function automatic(env: EmailEnvelope): string | undefined {
  if (env.contentType === 'multipart/report') return 'delivery-report';
  if (env.autoSubmitted && env.autoSubmitted !== 'no') return 'auto-submitted';
  if (env.precedence && /^(bulk|junk|list|auto_reply)$/.test(env.precedence)) return 'bulk';
  return undefined;
}

function mediaType(mime: string): 'image' | 'audio' | 'video' | 'document' {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'document';
}

/**
 * Normalizes one {@link EmailEnvelope} into events (`parse`). Nothing for an echo (sent from the
 * channel's `from` address, or carrying one of our `Message-ID`s) or a mail without a From address.
 * Otherwise a text message with the new text (quoted history and signature removed; the full text
 * and HTML stay in `raw`), then one media reference per attached file (dedupe key
 * `{Message-ID}#{n}`, `n` the attachment's 1-based position; the bytes travel beside the body and the host keeps them). Automatic mail
 * (bounces, `Auto-Submitted`, `Precedence: bulk|list|junk`) is one `unsupported` message with its
 * text, so agents do not answer it. A mail with neither text nor files is its subject as text, else
 * `unsupported`. `replyContext` holds what a reply needs: `to` (Reply-To, else
 * From), `subject` (without `Re:`), `messageId` and `references`.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `body` is not an e-mail envelope.
 */
export function parseEmailEnvelope(body: unknown, config: EmailConfig, now: Date): InboundEvent[] {
  if (!Value.Check(EmailEnvelopeSchema, body)) {
    const first = Value.Errors(EmailEnvelopeSchema, body).First();
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The body is not an e-mail envelope.', {
      fields: [{ path: first?.path || '/', message: first?.message ?? 'must be an e-mail envelope' }],
    });
  }
  const env = body;
  const sender = env.from;
  if (!sender) return [];
  const handle = sender.address.trim().toLowerCase();
  if (handle === fromAddress(config.from) || isOurMessageId(env.messageId)) return [];

  const messageId = messageIdOf(env);
  const threadKey =
    threadKeyOf({ messageId, inReplyTo: env.inReplyTo, references: env.references }) ?? messageId;
  const sent = env.date ? timeFromIsoOrSeconds(env.date, now) : { at: now };
  const issue = sent.issue
    ? { code: 'timestamp_invalid', message: sent.issue }
    : env.truncated
      ? { code: 'payload_truncated', message: 'The e-mail body was cut at 512 KiB characters.' }
      : undefined;
  const subject = baseSubject(env.subject);
  // Replies go to Reply-To, unless it names us (a reply to ourselves would loop).
  const replyTo = env.replyTo?.address.trim().toLowerCase();
  const to = replyTo && replyTo !== fromAddress(config.from) ? replyTo : handle;
  const references = replyReferences(env.references, messageId).join(' ');
  const base: Omit<InboundMessage, 'content' | 'text' | 'dedupeKey'> = {
    kind: 'message',
    platformMessageId: messageId,
    sender: sender.name ? { handle, displayName: sender.name } : { handle },
    threadKey,
    sentAt: sent.at,
    raw: env,
    replyContext: {
      to,
      ...(subject ? { subject } : {}),
      messageId,
      references,
    },
    ...(env.inReplyTo ? { replyToPlatformMessageId: env.inReplyTo } : {}),
    ...(issue ? { issue } : {}),
  };
  const text = newText(env.text ?? '');
  const auto = automatic(env);
  if (auto) {
    const reason = `automatic e-mail (${auto}): stored, not answered`;
    const content: MessageContent = { type: 'unsupported', platformType: auto, reason };
    return [{ ...base, dedupeKey: messageId, content, text: text || env.subject || null }];
  }
  const events: InboundMessage[] = [];
  if (text) events.push({ ...base, dedupeKey: messageId, content: { type: 'text', text }, text });
  env.attachments.forEach((a, i) => {
    if (!isFile(a)) return;
    const media: MediaRef = {
      id: attachmentMediaId(messageId, i),
      mimeType: a.contentType,
      sha256: a.sha256,
      size: a.size,
    };
    if (a.fileName) media.fileName = a.fileName;
    const dedupeKey = events.length === 0 ? messageId : `${messageId}#${i + 1}`;
    const content = { type: mediaType(a.contentType), media } as MessageContent;
    events.push({ ...base, dedupeKey, content, text: a.fileName ? `[file: ${a.fileName}]` : '[file]' });
  });
  if (events.length > 0) return events;
  // A mail that says everything in its subject ("Call me back").
  if (env.subject)
    return [
      { ...base, dedupeKey: messageId, content: { type: 'text', text: env.subject }, text: env.subject },
    ];
  const content: MessageContent = {
    type: 'unsupported',
    platformType: 'empty',
    reason: 'the e-mail has neither text nor attached files',
  };
  return [{ ...base, dedupeKey: messageId, content, text: null }];
}
