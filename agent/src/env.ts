import { z } from "zod";
import { authEnv, baseEnv, databaseEnv, envPort, loadConfig } from "@ustbites/kit";

const schema = z
  .object({
    ...baseEnv,
    ...authEnv,
    PORT: envPort.default(3008),
    ...databaseEnv("agent"),
    AGENT_MODEL: z.enum(["offline", "openai", "ollama", "openai-compatible"]).default("offline"),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().default("gpt-4o-mini"),
    OLLAMA_HOST: z.url().default("http://127.0.0.1:11434"),
    OLLAMA_MODEL: z.string().default("qwen2.5:7b-instruct"),
    MODEL_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
    MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    RESTAURANT_URL: z.url().default("http://127.0.0.1:3002"),
    CART_URL: z.url().default("http://127.0.0.1:3003"),
    ORDER_URL: z.url().default("http://127.0.0.1:3004"),
    DELIVERY_URL: z.url().default("http://127.0.0.1:3006"),
    AGENT_MAX_TOOL_CALLS_PER_TURN: z.coerce.number().int().min(1).max(50).default(8),
    AGENT_TURNS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  })
  .superRefine((env, ctx) => {
    if (env.AGENT_MODEL === "openai" && !env.OPENAI_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["OPENAI_API_KEY"], message: "required when AGENT_MODEL=openai" });
    }
    if (env.AGENT_MODEL === "openai-compatible" && !env.OPENAI_BASE_URL) {
      ctx.addIssue({ code: "custom", path: ["OPENAI_BASE_URL"], message: "required when AGENT_MODEL=openai-compatible" });
    }
  });

export type AgentConfig = z.output<typeof schema>;

export const readEnv = (env: Record<string, string | undefined>): AgentConfig => loadConfig("agent", schema, env);
