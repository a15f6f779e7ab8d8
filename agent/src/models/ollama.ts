import { ChatOllama } from "@langchain/ollama";
import { tokenizerFor } from "../context/tokens.ts";
import type { AgentConfig } from "../env.ts";
import { isRetryable, pingUrl, type ModelProvider } from "./provider.ts";

/**
 * Qwen (or any tool-calling model) on Ollama. ChatOllama aborts a cancelled stream with
 * `client.abort()`, which aborts every request of that client, and it never hands its request a
 * signal or a timeout. So each call gets its own client, whose fetch carries the call's signal and
 * MODEL_TIMEOUT_MS: one student's abort ends that student's request only, and a stuck server ends
 * the call instead of the turn. Connection errors, 429 and 5xx are retried (MODEL_MAX_RETRIES).
 */
export function createOllamaProvider(config: AgentConfig): ModelProvider {
  const host = config.OLLAMA_HOST.replace(/\/$/, "");
  return {
    kind: "ollama",
    model: config.OLLAMA_MODEL,
    description: `ollama:${config.OLLAMA_MODEL}@${host} (num_ctx ${config.OLLAMA_NUM_CTX})`,
    tokenizer: tokenizerFor(config.OLLAMA_MODEL),
    maxInputTokens: config.AGENT_MAX_INPUT_TOKENS,
    call(tools, signal) {
      const model = new ChatOllama({
        baseUrl: host,
        model: config.OLLAMA_MODEL,
        temperature: config.MODEL_TEMPERATURE,
        numCtx: config.OLLAMA_NUM_CTX,
        numPredict: config.AGENT_MAX_OUTPUT_TOKENS,
        keepAlive: config.OLLAMA_KEEP_ALIVE,
        fetch: (input, init) => {
          const timeout = AbortSignal.timeout(config.MODEL_TIMEOUT_MS);
          return fetch(input, {
            ...init,
            signal: AbortSignal.any([timeout, ...(signal ? [signal] : []), ...(init?.signal ? [init.signal] : [])]),
          });
        },
      });
      return model.bindTools(tools).withRetry({
        stopAfterAttempt: config.MODEL_MAX_RETRIES + 1,
        onFailedAttempt: (err) => {
          if (signal?.aborted || !isRetryable(err)) throw err;
        },
      });
    },
    async ping() {
      const res = await pingUrl(`${host}/api/tags`);
      const { models } = (await res.json()) as { models?: { name?: string }[] };
      const wanted = config.OLLAMA_MODEL.includes(":") ? config.OLLAMA_MODEL : `${config.OLLAMA_MODEL}:latest`;
      if (!models?.some((m) => m.name === wanted || m.name === config.OLLAMA_MODEL))
        throw new Error(`Ollama has no model ${config.OLLAMA_MODEL}; run: ollama pull ${config.OLLAMA_MODEL}`);
    },
  };
}
