import { Annotation, MessagesAnnotation } from "@langchain/langgraph";
import type { OrderConfirmation } from "@ustbites/contracts";

/** A guarded call waiting for the student's answer, with the summary they were shown. */
export interface PendingConfirmation {
  toolCallId: string;
  toolName: "place_order" | "cancel_order";
  args: Record<string, unknown>;
  summary: OrderConfirmation;
}

export const AgentState = Annotation.Root({
  ...MessagesAnnotation.spec,
  pending: Annotation<PendingConfirmation | null>({ reducer: (_old, next) => next, default: () => null }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;
