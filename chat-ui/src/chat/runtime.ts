import {
  useExternalStoreRuntime,
  type AppendMessage,
  type ThreadMessageLike,
  type ToolCallMessagePart,
} from "@assistant-ui/react";
import { useSyncExternalStore } from "react";
import type { ChatController } from "./controller.ts";
import type { ChatMessage, ToolPart } from "./state.ts";

/** What a guarded call's renderer needs beyond args and result: the summary and the answer given. */
export type GuardedArtifact = Pick<ToolPart, "confirmation" | "answer">;

function status(message: ChatMessage): ThreadMessageLike["status"] {
  switch (message.status) {
    case "running":
      return { type: "running" };
    case "awaiting":
      return { type: "requires-action", reason: "interrupt" };
    case "complete":
      return { type: "complete", reason: "stop" };
    case "cancelled":
      return { type: "incomplete", reason: "cancelled" };
    case "error":
      return { type: "incomplete", reason: "error", error: message.error ?? "Something went wrong" };
  }
}

/**
 * Our message → assistant-ui's. A guarded call waiting for the student carries the summary as the
 * part's `interrupt` (assistant-ui's human-input marker); the summary and answer also ride along as
 * the `artifact`, so the card can still show what was approved once the interrupt is over.
 */
export function convertMessage(message: ChatMessage): ThreadMessageLike {
  const content = message.parts.map((part) => {
    if (part.type === "text") return { type: "text" as const, text: part.text };
    const waiting = part.confirmation && part.answer === undefined && part.result === undefined;
    return {
      type: "tool-call" as const,
      toolCallId: part.toolCallId,
      toolName: part.toolName,
      // Tool arguments are JSON by construction (they arrive as JSON).
      args: part.args as ToolCallMessagePart["args"],
      argsText: JSON.stringify(part.args),
      ...(part.result !== undefined ? { result: part.result, isError: part.isError ?? false } : {}),
      ...(part.confirmation
        ? { artifact: { confirmation: part.confirmation, answer: part.answer } satisfies GuardedArtifact }
        : {}),
      ...(waiting ? { interrupt: { type: "human" as const, payload: part.confirmation } } : {}),
    };
  });
  return {
    id: message.id,
    role: message.role,
    content,
    status: message.role === "assistant" ? status(message) : undefined,
    createdAt: message.createdAt,
    ...(message.errorCode ? { metadata: { custom: { errorCode: message.errorCode } } } : {}),
  };
}

const textOf = (message: AppendMessage) =>
  message.content
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("")
    .trim();

/** assistant-ui's external-store runtime over the chat controller: it renders, the controller runs. */
export function useAgentRuntime(controller: ChatController) {
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const loading = useSyncExternalStore(controller.subscribe, controller.isLoadingThread);
  return useExternalStoreRuntime<ChatMessage>({
    messages: state.messages,
    convertMessage,
    isRunning: state.running,
    isLoading: loading,
    isDisabled: loading,
    onNew: (message) => controller.send(textOf(message)),
    onCancel: async () => controller.cancel(),
    onReload: () => controller.reload(),
  });
}
