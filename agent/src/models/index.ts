import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AgentConfig } from "../env.ts";
import { createOllamaModel } from "./ollama.ts";
import { createOpenAIModel } from "./openai.ts";
import { OfflineChatModel } from "./offline/index.ts";

export interface ModelChoice {
  model: BaseChatModel;
  /** For logs and metrics: provider and model name. */
  description: string;
}

/** One switch, at the edge: every model then goes through the same graph, tools and confirmations. */
export function createChatModel(config: AgentConfig): ModelChoice {
  switch (config.AGENT_MODEL) {
    case "openai":
    case "openai-compatible":
      return {
        model: createOpenAIModel({
          apiKey: config.OPENAI_API_KEY ?? "not-needed",
          model: config.OPENAI_MODEL,
          baseURL: config.OPENAI_BASE_URL,
          temperature: config.MODEL_TEMPERATURE,
          timeoutMs: config.MODEL_TIMEOUT_MS,
        }),
        description: `${config.AGENT_MODEL}:${config.OPENAI_MODEL}${config.OPENAI_BASE_URL ? `@${config.OPENAI_BASE_URL}` : ""}`,
      };
    case "ollama":
      return {
        model: createOllamaModel({ baseUrl: config.OLLAMA_HOST, model: config.OLLAMA_MODEL, temperature: config.MODEL_TEMPERATURE }),
        description: `ollama:${config.OLLAMA_MODEL}@${config.OLLAMA_HOST}`,
      };
    case "offline":
      return { model: new OfflineChatModel(), description: "offline (deterministic rules-based model)" };
  }
}
