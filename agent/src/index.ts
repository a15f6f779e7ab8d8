export { startAgentService } from "./start.ts";
export { readEnv, AgentEnv, type AgentConfig } from "./env.ts";
export { buildApp, type AgentAppDeps } from "./server/app.ts";
export { buildAgentGraph, fixedPromptTokens, type AgentGraph, type GuardedTools } from "./graph/index.ts";
export { O200K, qwenTokenizer, type Tokenizer } from "./context/tokens.ts";
export { SYSTEM_PROMPT } from "./prompts.ts";
export { toolDefinitions } from "./models/tool-definitions.ts";
export { createModelProvider, type ModelProvider } from "./models/index.ts";
export { OfflineChatModel } from "./models/offline/index.ts";
