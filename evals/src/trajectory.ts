import type { AgentStreamEvent, Cart, Order, OrderConfirmation } from "@ustbites/contracts";

/** What the student sent in one turn. */
export type TurnInput =
  | { kind: "say"; text: string }
  | { kind: "confirm"; decision: "approve" | "reject" | "change"; message?: string | undefined; card: string };

/** One turn as it happened: what was sent and every event the agent streamed back. */
export interface TurnRecord {
  input: TurnInput;
  events: AgentStreamEvent[];
  /** Wall time from sending to the end of the stream. */
  ms: number;
  /** HTTP status of the chat request (200 for a stream). */
  status: number;
  /** A problem the harness met (a non-200 answer, a confirmation asked for but none pending). */
  harnessError?: string | undefined;
}

export interface Trajectory {
  threadId: string | null;
  turns: TurnRecord[];
}

export interface ToolCallRecord {
  turn: number;
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** The result, when one was streamed (a pending guarded call has none yet). */
  result?: { ok: boolean; value: unknown; turn: number } | undefined;
}

/** Every tool call of the trajectory, in order, each joined with its result. */
export function toolCalls(trajectory: Trajectory): ToolCallRecord[] {
  const calls: ToolCallRecord[] = [];
  const byId = new Map<string, ToolCallRecord>();
  trajectory.turns.forEach((turn, index) => {
    for (const event of turn.events) {
      if (event.type === "tool_call") {
        const call: ToolCallRecord = { turn: index, id: event.id, name: event.name, args: event.args };
        calls.push(call);
        byId.set(event.id, call);
      } else if (event.type === "tool_result") {
        const call = byId.get(event.id);
        if (call) call.result = { ok: event.ok, value: event.result, turn: index };
        else
          calls.push({
            turn: index,
            id: event.id,
            name: event.name,
            args: {},
            result: { ok: event.ok, value: event.result, turn: index },
          });
      }
    }
  });
  return calls;
}

/** The assistant's complete replies of one turn (or all turns), joined. */
export function assistantText(trajectory: Trajectory, turn?: number): string {
  const turns = turn === undefined ? trajectory.turns : trajectory.turns.slice(turn, turn + 1);
  return turns
    .flatMap((t) => t.events)
    .flatMap((e) => (e.type === "message" ? [e.content] : []))
    .join("\n");
}

export function interrupts(trajectory: Trajectory): { turn: number; confirmation: OrderConfirmation }[] {
  return trajectory.turns.flatMap((t, turn) =>
    t.events.flatMap((e) => (e.type === "interrupt" ? [{ turn, confirmation: e.confirmation }] : [])),
  );
}

/** A student's data as read through the services' APIs with their own token. */
export interface StudentState {
  cart: Cart;
  orders: Order[];
}

/** What the services hold after the conversation, plus what the harness set up before it. */
export interface EndStateSnapshot {
  /** The student right after setup, before the first turn. */
  studentBefore: StudentState;
  student: StudentState;
  /** Ids of the orders the harness placed during setup, by scenario key. */
  setupOrderIds: Record<string, string>;
  /** Other students, before the conversation (after setup) and after it. */
  others: Record<string, { before: StudentState; after: StudentState; orderIds: Record<string, string> }>;
  /** Whether the thread still waits for a confirmation. */
  pendingConfirmation: boolean;
}

export interface Tokens {
  input: number;
  output: number;
}

/** Model tokens the trial used, from each turn's `done` event; null when the model reported none. */
export function trajectoryTokens(trajectory: Trajectory): Tokens | null {
  let total: Tokens | null = null;
  for (const event of trajectory.turns.flatMap((t) => t.events)) {
    if (event.type !== "done" || !event.usage) continue;
    total ??= { input: 0, output: 0 };
    total.input += event.usage.inputTokens;
    total.output += event.usage.outputTokens;
  }
  return total;
}
