import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { O200K, type Tokenizer } from "../context/tokens.ts";
import { DEFAULT_MAX_INPUT_TOKENS, type AgentConfig, type AgentModelKind } from "../env.ts";
import { createOllamaProvider } from "./ollama.ts";
import { createOpenAIProvider } from "./openai.ts";
import { OfflineChatModel } from "./offline/index.ts";
import type { ModelProvider } from "./provider.ts";

export { ModelUnavailableError, type ModelProvider, type ModelFailureKind } from "./provider.ts";

/** One switch, at the edge: every model then goes through the same graph, tools and confirmations. */
export function createModelProvider(config: AgentConfig): ModelProvider {
  switch (config.AGENT_MODEL) {
    case "openai":
    case "openai-compatible":
      return createOpenAIProvider(config);
    case "ollama":
      return createOllamaProvider(config);
    case "offline":
      return modelProvider(new OfflineChatModel(), {
        maxInputTokens: config.AGENT_MAX_INPUT_TOKENS,
        description: "offline (deterministic rules-based model)",
      });
  }
}

/**
 * A provider around one in-process LangChain model that needs no network: the offline model, and the
 * scripted models of tests.
 */
export function modelProvider(
  model: BaseChatModel,
  opts: { maxInputTokens?: number; description?: string; tokenizer?: Tokenizer; kind?: AgentModelKind } = {},
): ModelProvider {
  if (!model.bindTools) throw new Error(`model ${model._llmType()} cannot call tools`);
  const bindTools = model.bindTools.bind(model);
  return {
    kind: opts.kind ?? "offline",
    model: model._llmType(),
    description: opts.description ?? model._llmType(),
    tokenizer: opts.tokenizer ?? O200K,
    maxInputTokens: opts.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS.offline,
    call: (tools) => bindTools(tools) as ReturnType<ModelProvider["call"]>,
    ping: async () => {},
  };
}
