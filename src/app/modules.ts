import type { OmnifyModule } from '../kernel/module.ts';
import { agentsModule } from '../modules/agents/agents.module.ts';
import { channelsModule } from '../modules/channels/channels.module.ts';
import { contactsModule } from '../modules/contacts/contacts.module.ts';
import { inboxModule } from '../modules/inbox/inbox.module.ts';
import { intelligenceModule } from '../modules/intelligence/intelligence.module.ts';
import { workspacesModule } from '../modules/workspaces/workspaces.module.ts';

/** Every domain module, registered by `app.ts` (routes) and started by `runtime.ts` (jobs) in this order. */
export const MODULES: readonly OmnifyModule[] = [
  workspacesModule,
  channelsModule,
  agentsModule,
  contactsModule,
  inboxModule,
  intelligenceModule,
];
