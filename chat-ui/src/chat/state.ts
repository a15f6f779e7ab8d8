import {
  isGuardedTool,
  type AgentStreamEvent,
  type ConfirmationDecision,
  type OrderConfirmation,
  type ThreadDetail,
  type TurnErrorCode,
} from "@ustbites/contracts";

export interface TextPart {
  type: "text";
  text: string;
}

export interface ToolPart {
  type: "tool-call";
  toolCallId: string;
  toolName: string;
  args: Record<string, unknown>;
  /** The tool's result, as its contract (tool-results.ts) with real ids. */
  result?: unknown;
  isError?: boolean;
  /** For a guarded call: the summary the student was asked to approve. */
  confirmation?: OrderConfirmation;
  /** For a guarded call: what the student answered, once they did. */
  answer?: ConfirmationDecision;
}

export type ChatPart = TextPart | ToolPart;

export type ChatMessageStatus = "running" | "complete" | "awaiting" | "cancelled" | "error";

export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  parts: ChatPart[];
  status: ChatMessageStatus;
  /** What went wrong, for a message with status `error`. */
  error?: string;
  /** Why, when the agent said (assistant_unavailable: offer the classic app). */
  errorCode?: TurnErrorCode;
  createdAt: Date;
}

export interface PendingConfirmation {
  toolCallId: string;
  confirmation: OrderConfirmation;
}

export interface ChatState {
  threadId: string | null;
  messages: ChatMessage[];
  pending: PendingConfirmation | null;
  running: boolean;
}

export const EMPTY_CHAT: ChatState = { threadId: null, messages: [], pending: null, running: false };

let counter = 0;
export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const userMessage = (text: string): ChatMessage => ({
  id: newId("user"),
  role: "user",
  parts: [{ type: "text", text }],
  status: "complete",
  createdAt: new Date(),
});

export const assistantMessage = (): ChatMessage => ({
  id: newId("assistant"),
  role: "assistant",
  parts: [],
  status: "running",
  createdAt: new Date(),
});

function updateMessage(state: ChatState, id: string, update: (message: ChatMessage) => ChatMessage): ChatState {
  return { ...state, messages: state.messages.map((message) => (message.id === id ? update(message) : message)) };
}

/** Applies `update` to the tool-call part with this id, wherever it is (a resumed call lives in an earlier message). */
function updateToolPart(
  state: ChatState,
  toolCallId: string,
  update: (part: ToolPart) => ToolPart,
): { state: ChatState; found: boolean } {
  let found = false;
  const messages = state.messages.map((message) => {
    if (!message.parts.some((part) => part.type === "tool-call" && part.toolCallId === toolCallId)) return message;
    found = true;
    return {
      ...message,
      parts: message.parts.map((part) =>
        part.type === "tool-call" && part.toolCallId === toolCallId ? update(part) : part,
      ),
    };
  });
  return { state: found ? { ...state, messages } : state, found };
}

/** The newest guarded call still waiting for an answer: the one an interrupt is about. */
function openGuardedCall(messages: ChatMessage[]): ToolPart | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const parts = messages[i]!.parts;
    for (let j = parts.length - 1; j >= 0; j--) {
      const part = parts[j]!;
      if (
        part.type === "tool-call" &&
        isGuardedTool(part.toolName) &&
        part.result === undefined &&
        part.answer === undefined
      )
        return part;
    }
  }
  return undefined;
}

function attachConfirmation(state: ChatState, assistantId: string, confirmation: OrderConfirmation): ChatState {
  const open = openGuardedCall(state.messages);
  if (open) {
    const next = updateToolPart(state, open.toolCallId, (part) => ({ ...part, confirmation })).state;
    return { ...next, pending: { toolCallId: open.toolCallId, confirmation } };
  }
  // The stream showed no call to hang the summary on (e.g. a resumed thread): give it its own part.
  const toolCallId = newId("confirm");
  const next = updateMessage(state, assistantId, (message) => ({
    ...message,
    parts: [...message.parts, { type: "tool-call", toolCallId, toolName: confirmation.kind, args: {}, confirmation }],
  }));
  return { ...next, pending: { toolCallId, confirmation } };
}

/**
 * Folds one event of the agent's stream into the chat. `assistantId` is the assistant message this
 * turn writes into; tool results may land on calls of earlier messages (an approved place_order).
 */
export function applyEvent(state: ChatState, assistantId: string, event: AgentStreamEvent): ChatState {
  switch (event.type) {
    case "token":
      return updateMessage(state, assistantId, (message) => {
        const last = message.parts.at(-1);
        if (last?.type === "text")
          return { ...message, parts: [...message.parts.slice(0, -1), { type: "text", text: last.text + event.text }] };
        return { ...message, parts: [...message.parts, { type: "text", text: event.text }] };
      });
    case "message":
      // The complete reply: authoritative over the tokens streamed for it.
      return updateMessage(state, assistantId, (message) => {
        const last = message.parts.at(-1);
        if (last?.type === "text")
          return { ...message, parts: [...message.parts.slice(0, -1), { type: "text", text: event.content }] };
        return { ...message, parts: [...message.parts, { type: "text", text: event.content }] };
      });
    case "tool_call": {
      const existing = updateToolPart(state, event.id, (part) => ({ ...part, args: event.args }));
      if (existing.found) return existing.state;
      return updateMessage(state, assistantId, (message) => ({
        ...message,
        parts: [...message.parts, { type: "tool-call", toolCallId: event.id, toolName: event.name, args: event.args }],
      }));
    }
    case "tool_result": {
      const updated = updateToolPart(state, event.id, (part) => ({
        ...part,
        result: event.result,
        isError: !event.ok,
      }));
      if (updated.found) return updated.state;
      return updateMessage(state, assistantId, (message) => ({
        ...message,
        parts: [
          ...message.parts,
          {
            type: "tool-call",
            toolCallId: event.id,
            toolName: event.name,
            args: {},
            result: event.result,
            isError: !event.ok,
          },
        ],
      }));
    }
    case "interrupt": {
      const next = attachConfirmation({ ...state, threadId: event.threadId }, assistantId, event.confirmation);
      return updateMessage(next, assistantId, (message) => ({ ...message, status: "awaiting" }));
    }
    case "done":
      return {
        ...updateMessage(state, assistantId, (message) => ({
          ...message,
          status: message.status === "running" ? "complete" : message.status,
        })),
        threadId: event.threadId,
        running: false,
      };
    case "error":
      return {
        ...updateMessage(state, assistantId, (message) => ({
          ...message,
          status: "error",
          error: event.message,
          ...(event.code ? { errorCode: event.code } : {}),
        })),
        running: false,
      };
  }
}

/** Starts a turn: the student's message (absent when answering a confirmation) and an empty, running reply. */
export function startTurn(state: ChatState, user: ChatMessage | null, assistant: ChatMessage): ChatState {
  return { ...state, running: true, messages: [...state.messages, ...(user ? [user] : []), assistant] };
}

/** Records the student's answer on the pending call, so the card stops offering the buttons. */
export function answerPending(state: ChatState, decision: ConfirmationDecision): ChatState {
  if (!state.pending) return state;
  const next = updateToolPart(state, state.pending.toolCallId, (part) => ({ ...part, answer: decision })).state;
  return { ...next, pending: null };
}

/** Ends a turn that did not finish on its own: stopped by the student, or broken off by an error. */
export function endTurn(
  state: ChatState,
  assistantId: string,
  outcome: { cancelled: true } | { error: string },
): ChatState {
  return {
    ...updateMessage(state, assistantId, (message) => {
      if (message.status !== "running") return message;
      return "error" in outcome
        ? { ...message, status: "error", error: outcome.error }
        : { ...message, status: "cancelled" };
    }),
    running: false,
  };
}

/**
 * A stored thread as chat messages: each student message, then one assistant message holding
 * everything the agent said and did until the next one (tool results joined to their calls).
 */
export function fromThreadDetail(detail: ThreadDetail): ChatState {
  const messages: ChatMessage[] = [];
  let current: ChatMessage | null = null;
  const calls = new Map<string, ToolPart>();
  for (const entry of detail.messages) {
    const at = new Date(entry.at);
    if (entry.role === "user") {
      current = null;
      messages.push({
        id: newId("user"),
        role: "user",
        parts: [{ type: "text", text: entry.content }],
        status: "complete",
        createdAt: at,
      });
      continue;
    }
    if (!current) {
      current = { id: newId("assistant"), role: "assistant", parts: [], status: "complete", createdAt: at };
      messages.push(current);
    }
    if (entry.role === "assistant") {
      if (entry.content.trim()) current.parts.push({ type: "text", text: entry.content });
      for (const call of entry.toolCalls ?? []) {
        const part: ToolPart = { type: "tool-call", toolCallId: call.id, toolName: call.name, args: call.args };
        calls.set(call.id, part);
        current.parts.push(part);
      }
    } else {
      const call = entry.toolCallId ? calls.get(entry.toolCallId) : undefined;
      if (call) Object.assign(call, { result: entry.result, isError: entry.ok === false });
    }
  }
  const state: ChatState = { threadId: detail.thread.id, messages, pending: null, running: false };
  if (!detail.pendingConfirmation) return state;
  const last = messages.at(-1);
  const holder = last?.role === "assistant" ? last : assistantMessage();
  if (holder !== last) messages.push(holder);
  holder.status = "awaiting";
  return attachConfirmation(state, holder.id, detail.pendingConfirmation);
}
