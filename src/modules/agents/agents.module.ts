import type { OmnifyModule } from '../../kernel/module.ts';
import { agentTestRoutes } from './agent-test.routes.ts';
import { agentsRoutes } from './agents.routes.ts';
import { migration as m001 } from './migrations/001-agents.ts';

/** Agents: automated responders (OpenAI-compatible, HTTP, built-in FAQ), their configs and test calls. */
export const agentsModule: OmnifyModule = {
  name: 'agents',
  migrations: [m001],
  async api(app, opts) {
    await app.register(agentsRoutes, opts);
    await app.register(agentTestRoutes, opts);
  },
};
