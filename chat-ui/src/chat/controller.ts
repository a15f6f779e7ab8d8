import type { AgentStreamEvent, CardInput, ConfirmationDecision } from "@ustbites/contracts";
import { ApiError, type ApiClient } from "../api/client.ts";
import type { Endpoints } from "../api/endpoints.ts";
import { readAgentEvents } from "../api/sse.ts";
import {
  answerPending,
  applyEvent,
  assistantMessage,
  EMPTY_CHAT,
  endTurn,
  fromThreadDetail,
  startTurn,
  userMessage,
  type ChatState,
} from "./state.ts";

export interface ResumeOptions {
  payment?: CardInput | undefined;
  message?: string | undefined;
}

export interface ChatControllerOptions {
  api: ApiClient;
  endpoints: Endpoints;
  /** After every turn, with the events it saw (the app refreshes the cart, orders and thread list). */
  onTurnEnd?: (events: AgentStreamEvent[]) => void;
}

export type ChatController = ReturnType<typeof createChatController>;

export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status >= 500) return "The assistant is not available right now. Please try again in a moment.";
    return err.message;
  }
  if (err instanceof TypeError) return "Cannot reach USTBites. Check your connection and try again.";
  return "Something went wrong. Please try again.";
}

/**
 * The chat over the agent service, outside React: a turn posts to /chat or /chat/resume and folds the
 * SSE events into messages as they arrive. One turn runs at a time; `cancel` aborts the request, which
 * also stops the graph on the server (it watches the connection). React reads it with
 * useSyncExternalStore; assistant-ui reads the same state through the external-store runtime.
 */
export function createChatController(opts: ChatControllerOptions) {
  let state: ChatState = EMPTY_CHAT;
  let loadingThread = false;
  let controller: AbortController | null = null;
  const listeners = new Set<() => void>();

  const set = (next: ChatState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  async function run(path: "/chat" | "/chat/resume", body: unknown, assistantId: string): Promise<void> {
    const abort = new AbortController();
    controller = abort;
    const seen: AgentStreamEvent[] = [];
    try {
      const response = await opts.api.stream({ service: "agent", path, body, signal: abort.signal });
      if (!response.body) throw new TypeError("empty response");
      for await (const event of readAgentEvents(response.body)) {
        seen.push(event);
        set(applyEvent(state, assistantId, event));
      }
      // A stream that ends without `done` or `error` was cut off.
      if (!seen.some((e) => e.type === "done" || e.type === "error")) {
        set(endTurn(state, assistantId, { error: "The answer was cut off. Please try again." }));
      }
    } catch (err) {
      set(endTurn(state, assistantId, abort.signal.aborted ? { cancelled: true } : { error: describeError(err) }));
    } finally {
      if (controller === abort) controller = null;
      opts.onTurnEnd?.(seen);
    }
  }

  async function send(text: string): Promise<void> {
    const message = text.trim();
    if (!message || state.running) return;
    const assistant = assistantMessage();
    const { threadId } = state;
    // Typing instead of answering a pending confirmation is a "change" on the server; retire the buttons.
    set(startTurn(state.pending ? answerPending(state, "change") : state, userMessage(message), assistant));
    await run("/chat", { ...(threadId ? { threadId } : {}), message }, assistant.id);
  }

  async function resume(decision: ConfirmationDecision, options: ResumeOptions = {}): Promise<void> {
    const { threadId, pending, running } = state;
    if (!threadId || !pending || running) return;
    const assistant = assistantMessage();
    set(startTurn(answerPending(state, decision), options.message ? userMessage(options.message) : null, assistant));
    await run(
      "/chat/resume",
      {
        threadId,
        decision,
        ...(options.message ? { message: options.message } : {}),
        ...(options.payment ? { payment: options.payment } : {}),
      },
      assistant.id,
    );
  }

  return {
    getState: (): ChatState => state,
    isLoadingThread: () => loadingThread,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    send,
    resume,

    cancel(): void {
      controller?.abort();
    },

    /** Asks the last question again: the agent has no "regenerate", so it is a new turn with the same words. */
    async reload(): Promise<void> {
      if (state.running) return;
      const index = state.messages.findLastIndex((m) => m.role === "user");
      const question = state.messages[index]?.parts.find((p) => p.type === "text")?.text;
      if (index === -1 || !question) return;
      set({ ...state, messages: state.messages.slice(0, index) });
      await send(question);
    },

    /** Opens a stored thread, or a fresh conversation with null. */
    async open(threadId: string | null): Promise<void> {
      controller?.abort();
      if (!threadId) return set(EMPTY_CHAT);
      if (threadId === state.threadId) return;
      loadingThread = true;
      set({ ...EMPTY_CHAT, threadId });
      try {
        const detail = await opts.endpoints.agent.thread(threadId);
        loadingThread = false;
        set(fromThreadDetail(detail));
      } catch (err) {
        loadingThread = false;
        set({ ...EMPTY_CHAT, messages: [{ ...assistantMessage(), status: "error", error: describeError(err) }] });
      }
    },
  };
}
