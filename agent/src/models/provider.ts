import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import type { Tokenizer } from "../context/tokens.ts";
import type { AgentModelKind } from "../env.ts";
import type { ToolDefinition } from "./tool-definitions.ts";

/** One model call, bound to the tools offered. */
export type ChatCall = Runnable<BaseLanguageModelInput, AIMessageChunk>;

/**
 * A configured model, as the graph uses it. `call` is made per model call, so one student's
 * cancellation or timeout (the signal) never reaches another student's request.
 */
export interface ModelProvider {
  kind: AgentModelKind;
  /** The model's name, e.g. gpt-4o-mini or qwen2.5:7b-instruct. */
  model: string;
  /** For logs and metrics: provider, model, server. */
  description: string;
  tokenizer: Tokenizer;
  maxInputTokens: number;
  call(tools: ToolDefinition[], signal: AbortSignal | undefined): ChatCall;
  /** Resolves when the model's server answers (readiness: the agent is degraded, not down, without it). */
  ping(): Promise<void>;
}

/** Why a model call failed, for the student's message, the metrics and the logs. */
export type ModelFailureKind = "timeout" | "unreachable" | "rate_limited" | "server_error" | "rejected" | "other";

export class ModelUnavailableError extends Error {
  override name = "ModelUnavailableError";
  readonly kind: ModelFailureKind;
  readonly provider: string;

  constructor(kind: ModelFailureKind, provider: string, cause: unknown) {
    super(`${provider} model call failed (${kind}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.kind = kind;
    this.provider = provider;
  }
}

const statusOf = (err: unknown): number | undefined => {
  const e = err as { status?: unknown; status_code?: unknown; response?: { status?: unknown } };
  const status = e?.status ?? e?.status_code ?? e?.response?.status;
  return typeof status === "number" ? status : undefined;
};

/** Sorts a failed call; retrying makes sense for all but `rejected` and `other`. */
export function classifyModelError(err: unknown): ModelFailureKind {
  const status = statusOf(err);
  if (status === 429) return "rate_limited";
  if (status !== undefined && status >= 500) return "server_error";
  if (status !== undefined && status >= 400) return "rejected";
  const text = `${(err as Error)?.name ?? ""} ${(err as Error)?.message ?? ""} ${String((err as { cause?: { code?: unknown } })?.cause?.code ?? "")}`;
  if (/timeout|timed out|TimeoutError/i.test(text)) return "timeout";
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|socket hang up|Connection error|network/i.test(text))
    return "unreachable";
  return "other";
}

export const isRetryable = (err: unknown) =>
  ["timeout", "unreachable", "rate_limited", "server_error"].includes(classifyModelError(err));

/** GET `url` within `timeoutMs`, failing on anything but 2xx. */
export async function pingUrl(url: string, init: RequestInit = {}, timeoutMs = 1500): Promise<Response> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res;
}
