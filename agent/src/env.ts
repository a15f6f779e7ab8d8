import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, loadConfig, portEnv, serviceUrlEnv } from "@ustbites/kit";

export const AGENT_MODELS = ["offline", "openai", "ollama", "openai-compatible"] as const;
export type AgentModelKind = (typeof AGENT_MODELS)[number];

/**
 * Input tokens one model call may use (system prompt + tool schemas + history), by provider. Ollama's
 * is small because its context (`OLLAMA_NUM_CTX`) is allocated on the GPU and its default is 2–4k;
 * the others are well under their models' windows, because cost and latency grow with every token.
 */
export const DEFAULT_MAX_INPUT_TOKENS: Record<AgentModelKind, number> = {
  offline: 16_000,
  openai: 16_000,
  "openai-compatible": 12_000,
  ollama: 6_000,
};

export const AgentEnv = z
  .object({
    ...baseEnv,
    ...authEnv,
    PORT: portEnv("agent"),
    ...databaseEnv("agent"),
    AGENT_MODEL: z.enum(AGENT_MODELS).default("offline"),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().default("gpt-4o-mini"),
    OLLAMA_HOST: z.url().default("http://127.0.0.1:11434"),
    OLLAMA_MODEL: z.string().default("qwen2.5:7b-instruct"),
    OLLAMA_NUM_CTX: z.coerce.number().int().min(512).default(8192),
    OLLAMA_KEEP_ALIVE: z.string().default("30m"),
    MODEL_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
    MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(45_000),
    MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    AGENT_MAX_INPUT_TOKENS: z.coerce.number().int().min(2000).optional(),
    AGENT_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(64).default(1024),
    AGENT_TURN_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
    AGENT_SSE_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
    RESTAURANT_URL: serviceUrlEnv("restaurant"),
    CART_URL: serviceUrlEnv("cart"),
    ORDER_URL: serviceUrlEnv("order"),
    DELIVERY_URL: serviceUrlEnv("delivery"),
    AGENT_MAX_TOOL_ROUNDS: z.coerce.number().int().min(1).max(50).default(8),
    AGENT_TURNS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  })
  .superRefine((env, ctx) => {
    if (env.AGENT_MODEL === "openai" && !env.OPENAI_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["OPENAI_API_KEY"], message: "required when AGENT_MODEL=openai" });
    }
    if (env.AGENT_MODEL === "openai-compatible" && !env.OPENAI_BASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["OPENAI_BASE_URL"],
        message: "required when AGENT_MODEL=openai-compatible",
      });
    }
    const input = env.AGENT_MAX_INPUT_TOKENS ?? DEFAULT_MAX_INPUT_TOKENS[env.AGENT_MODEL];
    if (env.AGENT_MODEL === "ollama" && env.OLLAMA_NUM_CTX < input + env.AGENT_MAX_OUTPUT_TOKENS) {
      ctx.addIssue({
        code: "custom",
        path: ["OLLAMA_NUM_CTX"],
        message: `${env.OLLAMA_NUM_CTX} is below the input budget (${input}) plus the reply (${env.AGENT_MAX_OUTPUT_TOKENS}); Ollama would silently drop the start of the conversation. Raise OLLAMA_NUM_CTX to at least ${input + env.AGENT_MAX_OUTPUT_TOKENS} or lower AGENT_MAX_INPUT_TOKENS`,
      });
    }
  })
  .transform((env) => ({
    ...env,
    AGENT_MAX_INPUT_TOKENS: env.AGENT_MAX_INPUT_TOKENS ?? DEFAULT_MAX_INPUT_TOKENS[env.AGENT_MODEL],
  }));

export type AgentConfig = z.output<typeof AgentEnv>;

export const readEnv = (env: Record<string, string | undefined>): AgentConfig => loadConfig("agent", AgentEnv, env);
