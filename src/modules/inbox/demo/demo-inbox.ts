import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { OmnifyContext } from '../../../kernel/context.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import { scoped } from '../../../kernel/db/orm.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { deleteAgent, insertAgent } from '../../agents/agents.service.ts';
import {
  type ChannelRecord,
  deleteChannel,
  insertChannel,
  listChannels,
} from '../../channels/channels.service.ts';
import { deleteDemoContacts, markDemoContactsById } from '../../contacts/contacts.service.ts';
import { conversations } from '../inbox.schema.ts';
import {
  DEMO_AGENT_NAME,
  DEMO_CONVERSATIONS,
  type DemoConversation,
  demoAgentConfig,
} from './demo-script.ts';
import {
  deliverToSandbox,
  findAgentAnswer,
  findInbound,
  type Inject,
  lastOutbound,
  outbound,
  waitFor,
} from './sandbox-deliver.ts';

/** How long the replay waits for one agent answer or send before it stops waiting (workers may be elsewhere). */
const WAIT_MS = 10_000;

/** What `POST /demo/inbox` created. */
export interface DemoInboxLoad {
  channels: Array<{ id: string; platform: string; name: string }>;
  agentId: string;
  conversations: number;
}

/** What `DELETE /demo/inbox` removed. */
export interface DemoInboxRemoval {
  channels: number;
  conversations: number;
  contacts: number;
  agents: number;
}

const secret = () => randomBytes(24).toString('hex');

/**
 * The workspace's contacts whose every conversation is on one of `channelIds` (the demo's people;
 * a contact who also wrote to a real channel is not one of them).
 */
async function contactsOnlyOn(db: Queryable, workspaceId: string, channelIds: string[]): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const s = scoped(db, workspaceId);
  const ids = sql.param(channelIds);
  const rows = await s.db
    .selectDistinct({ contactId: conversations.contactId })
    .from(conversations)
    .where(
      s.where(
        conversations,
        sql`${conversations.channelId} = ANY(${ids}::uuid[])`,
        sql`NOT EXISTS (SELECT 1 FROM ${conversations} o WHERE o.contact_id = ${conversations.contactId}
              AND o.workspace_id = ${workspaceId} AND o.channel_id <> ALL(${ids}::uuid[]))`,
      ),
    );
  return rows.map((r) => r.contactId);
}

/**
 * Marks as demo data the contacts who wrote only to the workspace's demo channels, so the demo's
 * removal deletes them and the intelligence demo does not count them as real customers.
 */
export async function markDemoPeople(db: Queryable, workspaceId: string, demoChannelIds: string[]) {
  await markDemoContactsById(db, workspaceId, await contactsOnlyOn(db, workspaceId, demoChannelIds));
}

/** One sample conversation replayed through the real pipeline; see {@link loadDemoInbox}. */
async function replay(
  ctx: OmnifyContext,
  r: { inject: Inject; auth: Record<string, string>; workspaceId: string },
  channel: ChannelRecord,
  script: DemoConversation,
): Promise<void> {
  const ws = r.workspaceId;
  let conversationId: string | undefined;
  // Without a worker answering in time, the rest is replayed without waiting (no statuses then).
  let patient = true;
  const api = async (method: 'POST' | 'PATCH', path: string, body: unknown) => {
    const res = await r.inject({
      method,
      url: `/api/v1/conversations/${conversationId}${path}`,
      headers: { ...r.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (res.statusCode >= 300) {
      throw new OmnifyError(
        'OMNIFY_ERR_INTERNAL',
        `A demo step failed (${method} ${path}: ${res.statusCode}).`,
        {
          answer: res.body.slice(0, 500),
        },
      );
    }
  };
  const settled = async (find: () => Promise<{ status: string | null } | null>) => {
    if (!patient) return;
    const done = await waitFor(async () => {
      const m = await find();
      return m && m.status !== 'queued' ? m : null;
    }, WAIT_MS);
    if (!done) patient = false;
  };

  for (const turn of script.turns) {
    if ('contact' in turn) {
      const pid = await deliverToSandbox(r.inject, channel, {
        kind: 'message',
        from: script.contact,
        text: turn.contact,
      });
      const inbound = pid ? await findInbound(ctx.db, ws, channel.id, pid) : null;
      if (!inbound) throw new OmnifyError('OMNIFY_ERR_INTERNAL', 'A demo message was not stored.');
      conversationId ??= inbound.conversationId;
      if (turn.answer) await settled(() => findAgentAnswer(ctx.db, ws, inbound.id));
    } else if ('team' in turn) {
      await api('POST', '/messages', { text: turn.team });
      // The reply just queued is the newest outbound message; its platform id comes with `sent`.
      await settled(() => lastOutbound(ctx.db, ws, conversationId!));
    } else if ('note' in turn) {
      await api('POST', '/notes', { text: turn.note });
    } else if ('status' in turn) {
      // A failure concerns the last message; `delivered` and `read` every one not that far yet.
      const sent = conversationId ? await outbound(ctx.db, ws, conversationId) : [];
      const targets =
        turn.status === 'failed'
          ? sent.slice(0, 1)
          : sent.filter((m) => m.status === 'sent' || (turn.status === 'read' && m.status === 'delivered'));
      for (const m of targets.reverse()) {
        if (!m.platformMessageId) continue;
        await deliverToSandbox(r.inject, channel, {
          kind: 'status',
          platformMessageId: m.platformMessageId,
          recipient: script.contact.handle,
          status: turn.status,
          error: turn.error,
        });
      }
    } else {
      await api('PATCH', '', { status: 'resolved' });
    }
  }
}

/**
 * Loads the inbox demo into the workspace: a FAQ agent ("Copper Kettle FAQ (demo)") and two sandbox
 * channels marked `demo` (WhatsApp and Telegram) answered by it, then replays the sample
 * conversations of demo-script.ts through the real pipeline: each customer message is a signed
 * platform webhook delivered in-process to `/webhooks/{channelId}` (ingest, the `agent-reply` job,
 * the outbound send to the sandbox emulator), teammates' replies, notes and the resolve go through
 * the API with the caller's own credentials (`auth`: its authorization, cookie and CSRF headers),
 * and delivery statuses (one failure) arrive as signed status webhooks. Conversations replay side by
 * side; within one, each step waits for the previous answer to be sent. The people are marked as
 * demo contacts. On a failure everything created is removed again, then the error is rethrown.
 *
 * @throws OmnifyError `OMNIFY_ERR_CONFLICT` when the workspace already holds demo channels.
 */
export async function loadDemoInbox(
  ctx: OmnifyContext,
  inject: Inject,
  workspaceId: string,
  auth: Record<string, string>,
): Promise<DemoInboxLoad> {
  const created = await ctx.db.transaction(async (tx) => {
    // Two loads at once: the second waits here, then sees the first one's channels.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`omnify:demo-inbox:${workspaceId}`]);
    if ((await listChannels(tx, ctx.secrets, workspaceId)).some((c) => c.demo)) {
      throw new OmnifyError(
        'OMNIFY_ERR_CONFLICT',
        'The demo inbox is already loaded. Remove it first (DELETE /api/v1/demo/inbox, or “Remove demo data” in the inbox) to load it again.',
      );
    }
    const agent = await insertAgent(tx, ctx.secrets, {
      workspaceId,
      kind: 'faq',
      name: DEMO_AGENT_NAME,
      config: demoAgentConfig(),
    });
    const base = { workspaceId, sandbox: true, demo: true, agentId: agent.id };
    const whatsapp = await insertChannel(tx, ctx.secrets, {
      ...base,
      id: randomUUID(),
      platform: 'whatsapp',
      name: 'Demo WhatsApp',
      config: {
        phoneNumberId: '15550100100',
        accessToken: secret(),
        appSecret: secret(),
        verifyToken: secret(),
      },
    });
    const telegram = await insertChannel(tx, ctx.secrets, {
      ...base,
      id: randomUUID(),
      platform: 'telegram',
      name: 'Demo Telegram bot',
      config: { botToken: `7100000000:${secret()}`, secretToken: secret() },
    });
    return { agentId: agent.id, channels: { whatsapp, telegram } };
  });
  const demoIds = [created.channels.whatsapp.id, created.channels.telegram.id];
  try {
    // Every replay ends before a failure removes what they created.
    const replays = await Promise.allSettled(
      DEMO_CONVERSATIONS.map((c) =>
        replay(ctx, { inject, auth, workspaceId }, created.channels[c.platform], c),
      ),
    );
    const failed = replays.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await markDemoPeople(ctx.db, workspaceId, demoIds);
  } catch (e) {
    await removeDemoInbox(ctx, workspaceId).catch((err: unknown) =>
      ctx.log.error({ err }, 'could not remove a half-loaded inbox demo'),
    );
    throw e;
  }
  return {
    agentId: created.agentId,
    channels: Object.values(created.channels).map((c) => ({ id: c.id, platform: c.platform, name: c.name })),
    conversations: DEMO_CONVERSATIONS.length,
  };
}

/**
 * Removes the workspace's inbox demo in one transaction: its demo channels with their
 * conversations and messages (the foreign keys cascade), the demo contacts who wrote only to them,
 * and their agents unless a remaining channel uses one. Real channels, contacts and agents stay.
 * Idempotent: without a demo it removes nothing and reports zeros.
 */
export async function removeDemoInbox(ctx: OmnifyContext, workspaceId: string): Promise<DemoInboxRemoval> {
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`omnify:demo-inbox:${workspaceId}`]);
    const all = await listChannels(tx, ctx.secrets, workspaceId);
    const demo = all.filter((c) => c.demo);
    const ids = demo.map((c) => c.id);
    const people = await contactsOnlyOn(tx, workspaceId, ids);
    const s = scoped(tx, workspaceId);
    const [count] = ids.length
      ? await s.db
          .select({ n: sql<number>`count(*)::int` })
          .from(conversations)
          .where(s.where(conversations, sql`${conversations.channelId} = ANY(${sql.param(ids)}::uuid[])`))
      : [{ n: 0 }];
    for (const c of demo) await deleteChannel(tx, c.id, workspaceId);
    const contacts = await deleteDemoContacts(tx, workspaceId, people);
    const used = new Set(all.filter((c) => !c.demo).map((c) => c.agentId));
    let agents = 0;
    for (const agentId of new Set(demo.map((c) => c.agentId))) {
      if (agentId && !used.has(agentId) && (await deleteAgent(tx, agentId, workspaceId))) agents++;
    }
    return { channels: demo.length, conversations: count?.n ?? 0, contacts, agents };
  });
}
