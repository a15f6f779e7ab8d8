import { SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span } from "@opentelemetry/api";
import { ToolMessage } from "@langchain/core/messages";
import { isToolError } from "@ustbites/contracts";
import { extractTraceContext } from "@ustbites/kit";
import type { AgentModelKind } from "./env.ts";

/**
 * The OpenTelemetry GenAI attribute names this agent emits. Written out rather than imported from
 * `@opentelemetry/semantic-conventions/incubating`: the gen_ai namespace is still in development, and
 * OpenTelemetry asks instrumentations to pin the names they emit instead of following each release.
 * Message contents, prompts and tool arguments are never recorded: they hold what students typed.
 */
export const GEN_AI = {
  operation: "gen_ai.operation.name",
  provider: "gen_ai.provider.name",
  agentName: "gen_ai.agent.name",
  conversationId: "gen_ai.conversation.id",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  finishReasons: "gen_ai.response.finish_reasons",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolType: "gen_ai.tool.type",
  errorType: "error.type",
} as const;

/** What a tool call came to: `ok`, or the typed error code the tool returned (contracts' ToolErrorCode). */
const TOOL_OUTCOME = "ustbites.tool.outcome";
/** A guarded tool (place_order, cancel_order) runs in two turns: `summarize` when asked, `execute` on approval. */
const TOOL_STEP = "ustbites.tool.step";
export const TURN_OUTCOME = "ustbites.turn.outcome";
const AGENT_NAME = "ustbites-ordering-agent";

/**
 * `gen_ai.provider.name` per AGENT_MODEL. An OpenAI-compatible server (vLLM, DashScope) speaks OpenAI's
 * API, and which vendor runs it is not known here; the offline model is ours, so it gets our own name.
 */
const PROVIDER_NAMES: Record<AgentModelKind, string> = {
  offline: "ustbites.offline",
  openai: "openai",
  "openai-compatible": "openai",
  ollama: "ollama",
};

/** Test doubles (a scripted model) pass their own kind through. */
const providerName = (kind: string): string => (PROVIDER_NAMES as Record<string, string>)[kind] ?? kind;

const tracer = trace.getTracer("@ustbites/agent");

/** Runs `fn` in an active span (so HTTP calls made inside are its children); a throw marks it failed. */
function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes: Attributes; links?: Link[] },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      // The error's class (or a model failure's kind), not its message: messages may quote what was sent.
      const kind = (err as { kind?: unknown } | undefined)?.kind;
      const type = typeof kind === "string" ? kind : err instanceof Error ? err.name : "error";
      span.setAttribute(GEN_AI.errorType, type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      throw err;
    } finally {
      span.end();
    }
  });
}

export interface TurnSpanInput {
  threadId: string;
  provider: string;
  /** The turn that asked for the confirmation this turn answers (its `traceparent`), linked to it. */
  answers?: string | undefined;
}

/** One chat turn: `invoke_agent`, under the HTTP server span of POST /chat or /chat/resume. */
export function inTurnSpan<T>(input: TurnSpanInput, fn: (span: Span) => Promise<T>): Promise<T> {
  const asked = input.answers ? trace.getSpanContext(extractTraceContext({ traceparent: input.answers })) : undefined;
  return inSpan(
    `invoke_agent ${AGENT_NAME}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [GEN_AI.operation]: "invoke_agent",
        [GEN_AI.agentName]: AGENT_NAME,
        [GEN_AI.provider]: providerName(input.provider),
        [GEN_AI.conversationId]: input.threadId,
      },
      ...(asked ? { links: [{ context: asked, attributes: { "ustbites.link": "confirmation asked" } }] } : {}),
    },
    fn,
  );
}

export interface ChatSpanInput {
  provider: AgentModelKind;
  model: string;
  threadId: string | undefined;
}

/** What a model's reply says about itself, whichever provider wrote it. */
export interface ChatReply {
  model?: unknown;
  finishReason?: unknown;
  usage?: { input_tokens?: number; output_tokens?: number } | undefined;
}

/** One model call: `chat <model>` (CLIENT), with the model, provider, tokens and why it stopped. */
export function inChatSpan<T>(input: ChatSpanInput, fn: () => Promise<T>, read: (reply: T) => ChatReply): Promise<T> {
  return inSpan(
    `chat ${input.model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [GEN_AI.operation]: "chat",
        [GEN_AI.provider]: providerName(input.provider),
        [GEN_AI.requestModel]: input.model,
        ...(input.threadId ? { [GEN_AI.conversationId]: input.threadId } : {}),
      },
    },
    async (span) => {
      const reply = await fn();
      const { model, finishReason, usage } = read(reply);
      if (typeof model === "string") span.setAttribute(GEN_AI.responseModel, model);
      if (typeof finishReason === "string") span.setAttribute(GEN_AI.finishReasons, [finishReason]);
      if (usage?.input_tokens !== undefined) span.setAttribute(GEN_AI.inputTokens, usage.input_tokens);
      if (usage?.output_tokens !== undefined) span.setAttribute(GEN_AI.outputTokens, usage.output_tokens);
      return reply;
    },
  );
}

export interface ToolSpanInput {
  call: { id?: string | undefined; name: string };
  threadId: string | undefined;
  step?: "summarize" | "execute";
}

/**
 * One tool call: `execute_tool <name>`. Its outcome is read from what the tool returned (a result or
 * a ToolError, bare or in the ToolMessage the graph stores); a typed error marks the span failed.
 */
export function inToolSpan<T>(input: ToolSpanInput, fn: () => Promise<T>): Promise<T> {
  return inSpan(
    `execute_tool ${input.call.name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [GEN_AI.operation]: "execute_tool",
        [GEN_AI.toolName]: input.call.name,
        [GEN_AI.toolType]: "function",
        ...(input.call.id ? { [GEN_AI.toolCallId]: input.call.id } : {}),
        ...(input.threadId ? { [GEN_AI.conversationId]: input.threadId } : {}),
        ...(input.step ? { [TOOL_STEP]: input.step } : {}),
      },
    },
    async (span) => {
      const value = await fn();
      const result = value instanceof ToolMessage ? value.artifact : value;
      const outcome = isToolError(result) ? result.error.code : "ok";
      span.setAttribute(TOOL_OUTCOME, outcome);
      if (outcome !== "ok") {
        span.setAttribute(GEN_AI.errorType, outcome);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return value;
    },
  );
}

/** The thread id LangGraph runs under, for `gen_ai.conversation.id`. */
export const threadIdOf = (config: { configurable?: Record<string, unknown> | undefined }): string | undefined => {
  const id = config.configurable?.thread_id;
  return typeof id === "string" ? id : undefined;
};
