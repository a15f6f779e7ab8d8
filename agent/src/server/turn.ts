import { SpanStatusCode } from "@opentelemetry/api";
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { OrderConfirmation, type AgentStreamEvent, type CardInput, type TurnErrorCode } from "@ustbites/contracts";
import { withStudent } from "@ustbites/tools";
import { interruptedResult, unansweredCalls } from "../context/pairing.ts";
import type { AgentGraph, ConfirmationAnswer } from "../graph/index.ts";
import type { AgentStateType, AgentStateUpdate } from "../graph/state.ts";
import type { ToolCallAnnouncement } from "../graph/tool-runner.ts";
import { messageText } from "../messages.ts";
import { ModelUnavailableError } from "../models/provider.ts";
import { VisibleText } from "../models/normalize/visible-text.ts";
import { GEN_AI, inTurnSpan, TURN_OUTCOME } from "../telemetry.ts";
import type { AgentMetrics } from "./metrics.ts";

export interface TurnInput {
  graph: AgentGraph;
  threadId: string;
  student: { token: string; userId: string; requestId?: string | undefined };
  /** A new message from the student, or the answer to the pending confirmation. */
  input: { message: string } | { answer: ConfirmationAnswer; paymentCard?: CardInput | undefined };
  emit: (event: AgentStreamEvent) => void;
  /** Aborted when the student goes away (closed tab, dropped connection). */
  signal: AbortSignal;
  metrics: AgentMetrics;
  /** The whole turn, every model call, retry and tool included, ends by then. */
  deadlineMs: number;
  maxToolRounds: number;
  /** For metrics: which provider the model calls went to. */
  provider: string;
}

export const TURN_ERRORS: Record<TurnErrorCode, string> = {
  assistant_unavailable:
    "The assistant is unavailable right now. You can still order from the menu: open Restaurants, add dishes to your cart and check out there.",
  timeout: "That took too long, so I stopped. Please try again, perhaps one step at a time.",
  busy: "I'm still answering your previous message in this chat; wait for it to finish.",
  failed: "Sorry, something went wrong on our side. Please try again.",
};

const parsedContent = (content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
};

/** Outcomes that mark the turn's span failed; an abort is the student's choice, not a fault. */
const FAILED_OUTCOMES = new Set(["timeout", "model_unavailable", "failed"]);

/** The traceparent of the turn that asked the pending confirmation (stored with it), if any. */
async function askingTurn(graph: AgentGraph, threadId: string): Promise<string | undefined> {
  const state = (await graph.getState({ configurable: { thread_id: threadId } })).values as Partial<AgentStateType>;
  return state.pending?.traceparent;
}

/** A turn that did not end cleanly must still leave every tool call answered (pairing.ts says why). */
async function answerOpenCalls(graph: AgentGraph, threadId: string): Promise<void> {
  const config = { configurable: { thread_id: threadId } };
  const state = (await graph.getState(config)).values as Partial<AgentStateType>;
  if (state.pending || !state.messages?.length) return;
  const messages = state.messages;
  const index = messages.findLastIndex((m) => m instanceof AIMessage);
  if (index < 0) return;
  const open = unansweredCalls(messages[index]!, messages.slice(index + 1));
  if (open.length === 0) return;
  await graph.updateState(
    config,
    { messages: open.map((call) => interruptedResult(call.id ?? "", call.name)) } satisfies AgentStateUpdate,
    "tools",
  );
}

/**
 * Runs one turn of the graph as the student and streams what happens: tokens as the model writes
 * (its thinking and text-written tool calls held back), each tool call and its result, an interrupt
 * when a confirmation is needed, the final message. The student's token (and card, on approval) live
 * only in the tools' request context.
 */
export interface TurnOutcome {
  /** completed, awaiting_confirmation, aborted, timeout, model_unavailable or failed. */
  outcome: string;
  /** What went wrong, for the log. */
  error?: unknown;
}

export async function runTurn(turn: TurnInput): Promise<TurnOutcome> {
  const { graph, threadId, emit, metrics } = turn;
  const deadline = AbortSignal.timeout(turn.deadlineMs);
  const signal = AbortSignal.any([turn.signal, deadline]);
  const config = {
    configurable: { thread_id: threadId },
    signal,
    callbacks: [metrics.modelTimer],
    streamMode: ["messages", "updates", "custom"] as ["messages", "updates", "custom"],
    // model, tools and the confirmation nodes per round, with room to spare; the round budget bites first.
    recursionLimit: (turn.maxToolRounds + 2) * 4,
  };
  const graphInput: Parameters<AgentGraph["stream"]>[0] =
    "message" in turn.input
      ? { messages: [new HumanMessage(turn.input.message)] }
      : new Command<unknown, AgentStateUpdate, "model">({ resume: turn.input.answer });
  const paymentCard = "answer" in turn.input ? turn.input.paymentCard : undefined;
  const started = performance.now();
  let outcome = "completed";
  let error: unknown;
  let usage: { inputTokens: number; outputTokens: number } | undefined;
  const visible = new Map<string, VisibleText>();

  // A link is a nicety: a checkpoint that cannot be read fails the turn below, with its error event.
  const answers = "answer" in turn.input ? await askingTurn(graph, threadId).catch(() => undefined) : undefined;
  const student = { ...turn.student, threadId, ...(paymentCard ? { paymentCard } : {}) };
  return withStudent(student, () =>
    inTurnSpan({ threadId, provider: turn.provider, answers }, async (span) => {
      try {
        const stream = await graph.stream(graphInput, config);
        for await (const [mode, chunk] of stream) {
          if (mode === "messages") {
            const [message, meta] = chunk as [BaseMessage, { langgraph_node?: string }];
            // Only the model's own words are tokens; tool messages also pass through this mode.
            if (meta.langgraph_node === "model" && message instanceof AIMessageChunk) {
              const key = message.id ?? "";
              if (!visible.has(key)) visible.set(key, new VisibleText());
              const piece = visible.get(key)!.push(messageText(message));
              if (piece) emit({ type: "token", text: piece });
            }
            continue;
          }
          if (mode === "custom") {
            const event = chunk as ToolCallAnnouncement;
            if (event.kind === "tool_call")
              emit({ type: "tool_call", id: event.id, name: event.name, args: event.args });
            continue;
          }
          for (const [node, update] of Object.entries(chunk as Record<string, unknown>)) {
            if (node === "__interrupt__") {
              for (const pending of update as { value: unknown }[]) {
                emit({ type: "interrupt", threadId, confirmation: OrderConfirmation.parse(pending.value) });
              }
              outcome = "awaiting_confirmation";
              continue;
            }
            const messages = (update as { messages?: BaseMessage[] } | null)?.messages ?? [];
            for (const message of messages) {
              if (message instanceof AIMessage || message instanceof AIMessageChunk) {
                metrics.recordUsage(message.usage_metadata);
                if (message.usage_metadata) {
                  usage ??= { inputTokens: 0, outputTokens: 0 };
                  usage.inputTokens += message.usage_metadata.input_tokens ?? 0;
                  usage.outputTokens += message.usage_metadata.output_tokens ?? 0;
                }
                const content = messageText(message);
                if (!message.tool_calls?.length && content) emit({ type: "message", content });
              } else if (message instanceof ToolMessage) {
                const ok = message.status !== "error";
                metrics.toolCall(message.name ?? "unknown", ok);
                const result: unknown = message.artifact ?? parsedContent(messageText(message));
                emit({ type: "tool_result", id: message.tool_call_id, name: message.name ?? "", ok, result });
              }
            }
          }
        }
        emit({ type: "done", threadId, ...(usage ? { usage } : {}) });
      } catch (err) {
        let code: TurnErrorCode = "failed";
        if (turn.signal.aborted) outcome = "aborted";
        else if (deadline.aborted) [outcome, code] = ["timeout", "timeout"];
        else if (err instanceof ModelUnavailableError) {
          [outcome, code] = ["model_unavailable", "assistant_unavailable"];
          metrics.modelError(turn.provider, err.kind);
        } else outcome = "failed";
        if (!turn.signal.aborted) emit({ type: "error", code, message: TURN_ERRORS[code] });
        error = err;
        await answerOpenCalls(graph, threadId).catch((repairErr: unknown) => {
          error = new AggregateError([err, repairErr], "the turn failed, and answering its open tool calls failed too");
        });
      } finally {
        metrics.turn(outcome, (performance.now() - started) / 1000);
        span.setAttribute(TURN_OUTCOME, outcome);
        if (usage)
          span.setAttributes({ [GEN_AI.inputTokens]: usage.inputTokens, [GEN_AI.outputTokens]: usage.outputTokens });
        if (FAILED_OUTCOMES.has(outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      }
      return { outcome, ...(error === undefined ? {} : { error }) };
    }),
  );
}
