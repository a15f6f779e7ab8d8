import { AsyncLocalStorage } from "node:async_hooks";
import type { CardInput } from "@ustbites/contracts";

/**
 * Who the tools act as during one graph run. Set by the agent service around the run; never part of
 * graph state, messages or `configurable`, so it is never checkpointed and never seen by the model.
 */
export interface StudentContext {
  /** The student's own access token: every service call carries it, and nothing else. */
  token: string;
  userId: string;
  requestId?: string | undefined;
  /** The card the student entered with an approval; present only for that one resume. */
  paymentCard?: CardInput | undefined;
  /** The chat thread; place_order derives its Idempotency-Key from it. */
  threadId?: string | undefined;
}

const storage = new AsyncLocalStorage<Readonly<StudentContext>>();

/** Runs `fn` (and everything it awaits) as `ctx`'s student. */
export function withStudent<T>(ctx: StudentContext, fn: () => T): T {
  if (!ctx.token || !ctx.userId) throw new Error("withStudent needs the student's token and userId");
  return storage.run(Object.freeze({ ...ctx }), fn);
}

/**
 * The student the current tool call acts for. Calling it outside `withStudent` is a bug in the
 * caller, not something the model can fix, so it throws instead of returning a tool result.
 */
export function currentStudent(): Readonly<StudentContext> {
  const student = storage.getStore();
  if (!student) {
    throw new Error(
      "currentStudent() called outside withStudent(): run tools inside the agent service's student context",
    );
  }
  return student;
}
