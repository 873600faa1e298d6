/**
 * What other modules may use of the agents module: reading an agent of a workspace, and creating or
 * deleting one whose config the caller built itself (the inbox's demo loader: a FAQ agent).
 */
export { type AgentRecord, deleteAgent, findAgent, insertAgent } from './agent.repository.ts';
export { type AgentForJob, agentFromJson, agentJsonSql } from './agent-sql.ts';
