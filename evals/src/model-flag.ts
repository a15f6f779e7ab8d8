/** The gate a run is judged by: the offline model (and the wire stand-in for it) must be perfect; real models by pass^k. */
export type ModelKind = "offline" | "wire" | "openai" | "ollama" | "openai-compatible";

export interface ModelChoice {
  kind: ModelKind;
  /** Agent variables (agent/src/env.ts) that select and configure the model; they override the environment's. */
  env: Record<string, string>;
}

const USAGE =
  "--model offline | wire | openai:<model> | ollama:<model>[@<host>] | vllm:<model>@<base-url> | openai-compatible:<model>@<base-url>";

/**
 * `--model` → the agent's model variables. `openai:gpt-4o-mini`, `ollama:qwen2.5:7b-instruct@http://gpu:11434`,
 * `vllm:Qwen/Qwen2.5-7B-Instruct@http://gpu:8000/v1`; `wire` is the offline model over the OpenAI wire
 * (wire-model.ts). Without the flag, the environment's AGENT_MODEL decides.
 */
export function parseModelFlag(flag: string | undefined, env: Record<string, string | undefined>): ModelChoice {
  const fromEnv = (env.AGENT_MODEL ?? "offline") as ModelKind;
  if (!flag) return { kind: fromEnv, env: {} };
  const [provider, ...rest] = flag.split(":");
  const spec = rest.join(":");
  const at = spec.lastIndexOf("@");
  const [model, url] = at >= 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
  switch (provider) {
    case "offline":
      return { kind: "offline", env: { AGENT_MODEL: "offline" } };
    case "wire":
      return { kind: "wire", env: {} };
    case "openai":
      return {
        kind: "openai",
        env: {
          AGENT_MODEL: "openai",
          ...(model ? { OPENAI_MODEL: model } : {}),
          ...(url ? { OPENAI_BASE_URL: url } : {}),
        },
      };
    case "ollama":
      return {
        kind: "ollama",
        env: { AGENT_MODEL: "ollama", ...(model ? { OLLAMA_MODEL: model } : {}), ...(url ? { OLLAMA_HOST: url } : {}) },
      };
    case "vllm":
    case "openai-compatible":
      if (!url) throw new Error(`${provider} needs the server: ${provider}:<model>@<base-url>\n${USAGE}`);
      return {
        kind: "openai-compatible",
        env: { AGENT_MODEL: "openai-compatible", OPENAI_MODEL: model || "default", OPENAI_BASE_URL: url },
      };
    default:
      throw new Error(`unknown --model ${flag}\n${USAGE}`);
  }
}
