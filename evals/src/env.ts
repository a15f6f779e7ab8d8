import { z } from "zod";
import { loadConfig } from "@ustbites/kit";

const schema = z.object({
  AGENT_MODEL: z.enum(["offline", "openai", "ollama", "openai-compatible"]).default("offline"),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OLLAMA_MODEL: z.string().default("qwen2.5:7b-instruct"),
  /** --real: the server fresh eval databases are created on (and dropped from). */
  EVAL_DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
  EVAL_REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  EVAL_RABBITMQ_URL: z.url().default("amqp://guest:guest@127.0.0.1:5672"),
  /** Prices for the cost line of the report (USD per million tokens); unset: no cost shown. */
  EVAL_USD_PER_MILLION_INPUT_TOKENS: z.coerce.number().nonnegative().optional(),
  EVAL_USD_PER_MILLION_OUTPUT_TOKENS: z.coerce.number().nonnegative().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("error"),
});

export type EvalEnv = z.output<typeof schema> & {
  /** What the agent reads to choose and configure its model; passed to the platform as is. */
  modelEnv: Record<string, string>;
  /** For reports: provider and model name. */
  modelName: string;
};

/** The agent's model settings: AGENT_*, OPENAI_*, OLLAMA_*, MODEL_*. */
const MODEL_VARIABLE = /^(AGENT_|OPENAI_|OLLAMA_|MODEL_)/;

export function readEvalEnv(env: Record<string, string | undefined>): EvalEnv {
  const parsed = loadConfig("evals", schema, env);
  const modelEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => MODEL_VARIABLE.test(e[0]) && e[1] !== undefined),
  );
  const modelName =
    parsed.AGENT_MODEL === "offline"
      ? "offline"
      : parsed.AGENT_MODEL === "ollama"
        ? `ollama:${parsed.OLLAMA_MODEL}`
        : `${parsed.AGENT_MODEL}:${parsed.OPENAI_MODEL}`;
  return { ...parsed, modelEnv, modelName };
}
