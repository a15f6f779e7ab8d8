import { ChatOllama } from "@langchain/ollama";

export interface OllamaModelOptions {
  baseUrl: string;
  model: string;
  temperature: number;
}

/** Qwen (or any tool-calling model) served by Ollama; ChatOllama speaks its /api/chat NDJSON stream. */
export function createOllamaModel(opts: OllamaModelOptions): ChatOllama {
  return new ChatOllama({ baseUrl: opts.baseUrl, model: opts.model, temperature: opts.temperature });
}
