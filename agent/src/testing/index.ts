/**
 * Model servers for tests and evals, speaking the real wire protocols with the real servers' rules
 * (OpenAI's tool-message pairing, Ollama's NDJSON stream): no real model is reachable from CI.
 */
export {
  startFakeOpenAI,
  openAIViolation,
  type Brain,
  type Step,
  type CompletionRequest,
  type WireMessage,
  type Recorded,
} from "./fake-openai.ts";
export { startFakeOllama, type OllamaBrain, type OllamaStep, type OllamaRequest } from "./fake-ollama.ts";
export { chatmlTokens } from "./chatml.ts";
