import { Annotation, MessagesAnnotation } from "@langchain/langgraph";
import type { GuardedToolName, OrderConfirmation } from "@ustbites/contracts";
import type { StoredDialogue } from "../models/offline/index.ts";
import type { RefTable } from "./refs.ts";

/** A guarded call waiting for the student's answer, with the summary they were shown. */
export interface PendingConfirmation {
  toolCallId: string;
  toolName: GuardedToolName;
  /** The call's arguments with ids already mapped to UUIDs. */
  args: Record<string, unknown>;
  summary: OrderConfirmation;
  /** Drawn when the summary was shown; keys the order's idempotency (tools' Approval.nonce). */
  nonce: string;
  /** The asking turn's span (W3C traceparent): the answering turn's span links to it. */
  traceparent?: string;
}

export const AgentState = Annotation.Root({
  ...MessagesAnnotation.spec,
  pending: Annotation<PendingConfirmation | null>({ reducer: (_old, next) => next, default: () => null }),
  /** The thread's short id handles (what the model reads) → the UUIDs they stand for. */
  refs: Annotation<RefTable>({ reducer: (old, added) => ({ ...old, ...added }), default: () => ({}) }),
  /**
   * The offline model's dialogue state (the list last shown, the dish last touched, the last cart
   * change, the cart as last seen), checkpointed with the thread so it survives a restart and a
   * trimmed history. Models that keep their own context (OpenAI, Qwen) leave it null.
   */
  dialogue: Annotation<StoredDialogue | null>({ reducer: (_old, next) => next, default: () => null }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;
