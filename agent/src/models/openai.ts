import { ChatOpenAI } from "@langchain/openai";

export interface OpenAIModelOptions {
  apiKey: string;
  model: string;
  /** Any OpenAI-compatible server: vLLM, DashScope (Qwen), a local fake in tests. */
  baseURL?: string | undefined;
  temperature: number;
  timeoutMs: number;
}

/**
 * Never `streaming: true`: with it, `.invoke()` fetches a tokenizer from the internet after each reply
 * (stack.md). The graph streams with streamMode "messages", which calls the model's stream itself.
 */
export function createOpenAIModel(opts: OpenAIModelOptions): ChatOpenAI {
  return new ChatOpenAI({
    model: opts.model,
    apiKey: opts.apiKey,
    temperature: opts.temperature,
    timeout: opts.timeoutMs,
    maxRetries: 2,
    streamUsage: true,
    ...(opts.baseURL ? { configuration: { baseURL: opts.baseURL } } : {}),
  });
}
