export { startAgentService } from "./start.ts";
export { readEnv, type AgentConfig } from "./env.ts";
export { buildApp, type AgentAppDeps } from "./server/app.ts";
export { buildAgentGraph, type AgentGraph, type GuardedTools } from "./graph/index.ts";
export { createModelProvider, type ModelProvider } from "./models/index.ts";
