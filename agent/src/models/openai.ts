import { ChatOpenAI } from "@langchain/openai";
import { tokenizerFor } from "../context/tokens.ts";
import type { AgentConfig } from "../env.ts";
import { pingUrl, type ModelProvider } from "./provider.ts";

/**
 * OpenAI, or any OpenAI-compatible server (vLLM, DashScope for Qwen, a fake in tests). One client is
 * shared: the SDK takes each request's signal, so a cancellation stays with its request. The SDK
 * retries connection errors, 429 and 5xx itself (MODEL_MAX_RETRIES, with backoff), each attempt
 * bounded by MODEL_TIMEOUT_MS.
 *
 * Never `streaming: true`: with it, `.invoke()` fetches a tokenizer from the internet after each reply
 * (stack.md). The graph streams with streamMode "messages", which calls the model's stream itself.
 */
export function createOpenAIProvider(config: AgentConfig): ModelProvider {
  const baseURL = config.OPENAI_BASE_URL;
  const client = new ChatOpenAI({
    model: config.OPENAI_MODEL,
    apiKey: config.OPENAI_API_KEY ?? "not-needed",
    temperature: config.MODEL_TEMPERATURE,
    timeout: config.MODEL_TIMEOUT_MS,
    maxRetries: config.MODEL_MAX_RETRIES,
    maxTokens: config.AGENT_MAX_OUTPUT_TOKENS,
    streamUsage: true,
    ...(baseURL ? { configuration: { baseURL } } : {}),
  });
  const root = (baseURL ?? "https://api.openai.com/v1").replace(/\/$/, "");
  return {
    kind: config.AGENT_MODEL,
    model: config.OPENAI_MODEL,
    description: `${config.AGENT_MODEL}:${config.OPENAI_MODEL}${baseURL ? `@${baseURL}` : ""}`,
    tokenizer: tokenizerFor(config.OPENAI_MODEL),
    maxInputTokens: config.AGENT_MAX_INPUT_TOKENS,
    call: (tools) => client.bindTools(tools),
    async ping() {
      await pingUrl(
        `${root}/models`,
        config.OPENAI_API_KEY ? { headers: { authorization: `Bearer ${config.OPENAI_API_KEY}` } } : {},
      );
    },
  };
}
