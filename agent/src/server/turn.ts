import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import { OrderConfirmation, type AgentStreamEvent, type CardInput } from "@ustbites/contracts";
import { withStudent } from "@ustbites/tools";
import type { AgentGraph, ConfirmationAnswer } from "../graph/index.ts";
import type { AgentStateUpdate } from "../graph/state.ts";
import type { AgentMetrics } from "./metrics.ts";

export interface TurnInput {
  graph: AgentGraph;
  threadId: string;
  student: { token: string; userId: string; requestId?: string | undefined };
  /** A new message from the student, or the answer to the pending confirmation. */
  input: { message: string } | { answer: ConfirmationAnswer; paymentCard?: CardInput | undefined };
  emit: (event: AgentStreamEvent) => void;
  signal: AbortSignal;
  metrics: AgentMetrics;
}

const text = (content: BaseMessage["content"]): string =>
  typeof content === "string" ? content : content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");

function parseResult(content: string): { ok: boolean; result: unknown } {
  try {
    const parsed: unknown = JSON.parse(content);
    const failed = typeof parsed === "object" && parsed !== null && "error" in parsed;
    return { ok: !failed, result: parsed };
  } catch {
    return { ok: true, result: content };
  }
}

/**
 * Runs one turn of the graph as the student and streams what happens: tokens as the model writes,
 * each tool call and its result, an interrupt when a confirmation is needed, the final message.
 * The student's token (and card, on approval) live only in the tools' request context.
 */
export async function runTurn(turn: TurnInput): Promise<void> {
  const { graph, threadId, emit, metrics } = turn;
  const config = {
    configurable: { thread_id: threadId },
    signal: turn.signal,
    callbacks: [metrics.modelTimer],
    streamMode: ["messages", "updates"] as ["messages", "updates"],
  };
  const graphInput: Parameters<AgentGraph["stream"]>[0] =
    "message" in turn.input
      ? { messages: [new HumanMessage(turn.input.message)] }
      : new Command<unknown, AgentStateUpdate, "model">({ resume: turn.input.answer });
  const paymentCard = "answer" in turn.input ? turn.input.paymentCard : undefined;
  const started = performance.now();
  let outcome = "completed";
  let usage: { inputTokens: number; outputTokens: number } | undefined;

  await withStudent({ ...turn.student, threadId, ...(paymentCard ? { paymentCard } : {}) }, async () => {
    try {
      const stream = await graph.stream(graphInput, config);
      for await (const [mode, chunk] of stream) {
        if (mode === "messages") {
          const [message, meta] = chunk as [BaseMessage, { langgraph_node?: string }];
          // Only the model's own words are tokens; tool messages also pass through this mode.
          if (meta.langgraph_node === "model" && message instanceof AIMessageChunk) {
            const piece = text(message.content);
            if (piece) emit({ type: "token", text: piece });
          }
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
              const ai = message;
              metrics.recordUsage(ai.usage_metadata);
              if (ai.usage_metadata) {
                usage ??= { inputTokens: 0, outputTokens: 0 };
                usage.inputTokens += ai.usage_metadata.input_tokens ?? 0;
                usage.outputTokens += ai.usage_metadata.output_tokens ?? 0;
              }
              for (const call of ai.tool_calls ?? []) emit({ type: "tool_call", id: call.id ?? "", name: call.name, args: call.args });
              const content = text(ai.content);
              if (!ai.tool_calls?.length && content) emit({ type: "message", content });
            } else if (message instanceof ToolMessage) {
              const { ok, result } = parseResult(text(message.content));
              metrics.toolCall(message.name ?? "unknown", ok);
              emit({ type: "tool_result", id: message.tool_call_id, name: message.name ?? "", ok, result });
            }
          }
        }
      }
      emit({ type: "done", threadId, ...(usage ? { usage } : {}) });
    } catch (err) {
      outcome = turn.signal.aborted ? "aborted" : "failed";
      if (!turn.signal.aborted) emit({ type: "error", message: "Sorry, something went wrong on our side. Please try again." });
      throw err;
    } finally {
      metrics.turn(outcome, (performance.now() - started) / 1000);
    }
  });
}
