import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import {
  isRefField,
  OrderConfirmation,
  PROBLEM_TYPES,
  type ChatTurnBody,
  type ResumeBody,
  type ThreadDetail,
  type ThreadMessage,
} from "@ustbites/contracts";
import { badRequest, conflict, HttpProblem, type AuthenticatedUser } from "@ustbites/kit";
import type { AgentGraph } from "../graph/index.ts";
import type { RefTable } from "../graph/refs.ts";
import { messageText } from "../messages.ts";
import { redactCardNumbers } from "./redact.ts";
import { TURN_ERRORS, type TurnInput } from "./turn.ts";
import type { ThreadRepository } from "./threads.ts";

export interface ConversationDeps {
  graph: AgentGraph;
  threads: ThreadRepository;
  turnsPerMinute: number;
  /** How long one turn may hold its thread (the turn deadline, plus a margin). */
  turnLeaseMs: number;
  now?: () => number;
}

type PreparedTurn = Pick<TurnInput, "threadId" | "input">;

const parsed = (content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
};

/**
 * The rules of a conversation, apart from its transport (the SSE routes): whose thread it is, what a
 * message means while a confirmation is pending, what an answer needs, and how often a student may ask.
 */
export function createConversations(deps: ConversationDeps) {
  const now = deps.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  function checkRate(userId: string): void {
    const at = now();
    const window = windows.get(userId);
    if (!window || at - window.start >= 60_000) {
      windows.set(userId, { start: at, count: 1 });
      return;
    }
    window.count++;
    if (window.count > deps.turnsPerMinute) {
      const retry = Math.ceil((window.start + 60_000 - at) / 1000);
      throw new HttpProblem(429, "Too Many Requests", {
        type: PROBLEM_TYPES.rateLimited,
        detail: `Too many messages; try again in ${retry} s`,
        headers: { "retry-after": String(retry) },
      });
    }
  }

  /** One turn at a time per thread: a second tab (or a double tap) waits for the first to finish. */
  async function claim(threadId: string): Promise<void> {
    if (!(await deps.threads.claim(threadId, deps.turnLeaseMs))) throw conflict(TURN_ERRORS.busy);
  }

  async function stateOf(threadId: string) {
    const snapshot = await deps.graph.getState({ configurable: { thread_id: threadId } });
    const values = snapshot.values as {
      messages?: BaseMessage[];
      pending?: { summary: unknown } | null;
      refs?: RefTable;
    };
    return { messages: values.messages ?? [], pending: values.pending ?? null, refs: values.refs ?? {} };
  }

  return {
    async chat(user: AuthenticatedUser, body: ChatTurnBody): Promise<PreparedTurn> {
      checkRate(user.id);
      // Before anything stores or forwards it: the title, the checkpoint, the model provider.
      const message = redactCardNumbers(body.message).text;
      const thread = body.threadId
        ? await deps.threads.getOwned(body.threadId, user.id)
        : await deps.threads.create(user.id, message);
      await claim(thread.id);
      const { pending } = await stateOf(thread.id).catch(async (err: unknown) => {
        await deps.threads.release(thread.id);
        throw err;
      });
      // Typing something else instead of answering the confirmation is not an approval: it is a change.
      if (pending) return { threadId: thread.id, input: { answer: { decision: "change", message } } };
      return { threadId: thread.id, input: { message } };
    },

    /** The turn is over: the thread takes the next message. */
    release: (threadId: string) => deps.threads.release(threadId),

    async resume(user: AuthenticatedUser, body: ResumeBody): Promise<PreparedTurn> {
      checkRate(user.id);
      const thread = await deps.threads.getOwned(body.threadId, user.id);
      const { pending } = await stateOf(thread.id);
      if (!pending) throw conflict("This conversation is not waiting for a confirmation");
      const summary = OrderConfirmation.parse(pending.summary);
      if (body.decision === "approve" && summary.kind === "place_order" && !body.payment) {
        throw badRequest("body.payment", "a card is needed to approve an order");
      }
      await claim(thread.id);
      return {
        threadId: thread.id,
        input: {
          answer: {
            decision: body.decision,
            ...(body.message ? { message: redactCardNumbers(body.message).text } : {}),
          },
          ...(body.payment ? { paymentCard: body.payment } : {}),
        },
      };
    },

    async detail(user: AuthenticatedUser, threadId: string): Promise<ThreadDetail> {
      const thread = await deps.threads.getOwned(threadId, user.id);
      const { messages, pending, refs } = await stateOf(threadId);
      // What the app reads has real ids, as the live stream's tool_call events do.
      const realIds = (args: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(args).map(([key, value]) => [
            key,
            isRefField(key) && typeof value === "string" ? (refs[value] ?? value) : value,
          ]),
        );
      return {
        thread,
        messages: messages.flatMap((m): ThreadMessage[] => {
          const at = thread.updatedAt;
          if (m instanceof HumanMessage) return [{ role: "user", content: messageText(m), at }];
          if (m instanceof ToolMessage) {
            const content = messageText(m);
            const result: unknown = m.artifact ?? parsed(content);
            return [
              {
                role: "tool",
                content,
                result,
                ok: m.status !== "error",
                toolName: m.name ?? "",
                toolCallId: m.tool_call_id,
                at,
              },
            ];
          }
          if (m instanceof AIMessage) {
            const toolCalls = (m.tool_calls ?? []).map((c) => ({
              id: c.id ?? "",
              name: c.name,
              args: realIds(c.args),
            }));
            return [{ role: "assistant", content: messageText(m), ...(toolCalls.length ? { toolCalls } : {}), at }];
          }
          return [];
        }),
        pendingConfirmation: pending ? OrderConfirmation.parse(pending.summary) : null,
      };
    },
  };
}

export type Conversations = ReturnType<typeof createConversations>;
