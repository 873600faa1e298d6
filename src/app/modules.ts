import type { OmnifyModule } from '../kernel/module.ts';
import { agentsModule } from '../modules/agents/agents.module.ts';
import { channelsModule } from '../modules/channels/channels.module.ts';
import { withContactFacets } from '../modules/contacts/contacts.module.ts';
import { contactConversations } from '../modules/inbox/contact-conversations.ts';
import { inboxModule } from '../modules/inbox/inbox.module.ts';
import { intelligenceModule } from '../modules/intelligence/intelligence.module.ts';
import { contactFacets } from '../modules/intelligence/intelligence.service.ts';
import { mediaModule } from '../modules/media/media.module.ts';
import { templatesModule } from '../modules/templates/templates.module.ts';
import { usersModule } from '../modules/users/users.module.ts';
import { webchatModule } from '../modules/webchat/webchat.module.ts';
import { workspacesModule } from '../modules/workspaces/workspaces.module.ts';

/**
 * Every domain module, in dependency order: migrated (`database.ts`), registered by `app.ts` (routes)
 * and started by `runtime.ts` (jobs) in this order. A module's migrations may reference only its own
 * tables and those of the modules above it (channels → agents, inbox → channels and contacts,
 * intelligence → contacts; checked by `migrations.test.ts`).
 */
export const MODULES: readonly OmnifyModule[] = [
  workspacesModule,
  // Users are members of workspaces (memberships, sessions and invitations reference them).
  usersModule,
  agentsModule,
  channelsModule,
  // The contact and segment member lists show intelligence's orders and LTV figures, a contact its
  // conversations from the inbox (extension points of the contacts module: contacts never reads
  // their tables or imports them).
  withContactFacets(contactFacets, contactConversations),
  inboxModule,
  // The web chat widget's visitor sessions (webchat_sessions references channels).
  webchatModule,
  // Canned responses reference workspaces and users (their creator).
  templatesModule,
  intelligenceModule,
  // Files of inbound messages (media_files references messages).
  mediaModule,
];
