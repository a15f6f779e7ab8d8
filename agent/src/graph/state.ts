import { Annotation, MessagesAnnotation } from "@langchain/langgraph";
import type { GuardedToolName, OrderConfirmation } from "@ustbites/contracts";
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
}

export const AgentState = Annotation.Root({
  ...MessagesAnnotation.spec,
  pending: Annotation<PendingConfirmation | null>({ reducer: (_old, next) => next, default: () => null }),
  /** The thread's short id handles (what the model reads) → the UUIDs they stand for. */
  refs: Annotation<RefTable>({ reducer: (old, added) => ({ ...old, ...added }), default: () => ({}) }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;
