/** What other modules may use of the agents module: reading an agent of a workspace. */
export { type AgentRecord, findAgent } from './agent.repository.ts';
