import type { OmnifyModule } from '../../kernel/module.ts';
import { agentsRoutes } from './agents.routes.ts';

/** Agents: automated responders (OpenAI-compatible, HTTP, built-in FAQ) and their configs. */
export const agentsModule: OmnifyModule = { name: 'agents', api: agentsRoutes };
