import type { OmnifyModule } from '../../kernel/module.ts';
import { agentsRoutes } from './agents.routes.ts';
import { migration as m001 } from './migrations/001-agents.ts';

/** Agents: automated responders (OpenAI-compatible, HTTP, built-in FAQ) and their configs. */
export const agentsModule: OmnifyModule = { name: 'agents', migrations: [m001], api: agentsRoutes };
