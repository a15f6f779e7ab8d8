import { Counter, Histogram, type Registry } from "prom-client";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";

/** Agent metrics, in the service's own registry; names match charts/ (alerts and dashboards). */
export function createAgentMetrics(registry: Registry) {
  const turns = new Counter({
    name: "ustbites_agent_turns_total",
    help: "Chat turns by outcome",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: "ustbites_agent_turn_seconds",
    help: "Wall time of a chat turn",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const toolCalls = new Counter({
    name: "ustbites_agent_tool_calls_total",
    help: "Tool calls by tool and outcome",
    labelNames: ["tool", "outcome"] as const,
    registers: [registry],
  });
  const modelLatency = new Histogram({
    name: "ustbites_agent_model_latency_seconds",
    help: "Time spent in the model per call",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const tokens = new Counter({
    name: "ustbites_agent_tokens_total",
    help: "Model tokens by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const modelErrors = new Counter({
    name: "ustbites_agent_model_errors_total",
    help: "Model calls that failed after their retries, by provider and kind (timeout, unreachable, rate_limited, server_error, rejected, other)",
    labelNames: ["provider", "kind"] as const,
    registers: [registry],
  });

  /** Times every model call, whatever the provider, through LangChain's callbacks. */
  class ModelTimer extends BaseCallbackHandler {
    name = "ustbites-model-timer";
    private readonly started = new Map<string, number>();
    override handleChatModelStart(_llm: unknown, _messages: unknown, runId: string) {
      this.started.set(runId, performance.now());
    }
    override handleLLMEnd(_output: unknown, runId: string) {
      const at = this.started.get(runId);
      if (at !== undefined) modelLatency.observe((performance.now() - at) / 1000);
      this.started.delete(runId);
    }
    override handleLLMError(_err: unknown, runId: string) {
      this.started.delete(runId);
    }
  }

  return {
    modelTimer: new ModelTimer(),
    turn(outcome: string, seconds: number) {
      turns.inc({ outcome });
      turnSeconds.observe(seconds);
    },
    modelError(provider: string, kind: string) {
      modelErrors.inc({ provider, kind });
    },
    toolCall(tool: string, ok: boolean) {
      toolCalls.inc({ tool, outcome: ok ? "ok" : "error" });
    },
    recordUsage(usage: { input_tokens?: number; output_tokens?: number } | undefined) {
      if (!usage) return;
      tokens.inc({ kind: "input" }, usage.input_tokens ?? 0);
      tokens.inc({ kind: "output" }, usage.output_tokens ?? 0);
    },
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
