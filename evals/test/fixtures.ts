import {
  EMPTY_CART,
  isToolError,
  type AgentStreamEvent,
  type Cart,
  type Order,
  type OrderConfirmation,
  type OrderStatus,
} from "@ustbites/contracts";
import type { EndStateSnapshot, StudentState, Trajectory, TurnInput, TurnRecord } from "../src/trajectory.ts";
import type { Resolver } from "../src/scorers/match.ts";

export const THREAD = "01a20000-0000-7000-8000-000000000001";
export const PANEER_ID = "dd61b080-fcfa-540e-80de-03364dc9390a";
export const LASSI_ID = "dd61b080-fcfa-540e-80de-03364dc93900";
export const USER = "01a20000-0000-7000-8000-0000000000aa";
export const RESTAURANT = "01a20000-0000-7000-8000-0000000000bb";

export const resolver: Resolver = {
  itemId: (ref) =>
    ({ "spice route/paneer tikka wrap": PANEER_ID, "spice route/mango lassi": LASSI_ID })[ref.toLowerCase()],
  orderId: (key) =>
    ({ lunch: "01a20000-0000-7000-8000-00000000000c", "classmate.dinner": "01a20000-0000-7000-8000-00000000000d" })[
      key
    ],
};

let n = 0;
const id = () => `call_${++n}`;

/** One turn: what the student sent and the events, built from short helpers below. */
export const turn = (input: TurnInput, ...events: AgentStreamEvent[]): TurnRecord => ({
  input,
  events,
  ms: 100,
  status: 200,
});
export const say = (text: string): TurnInput => ({ kind: "say", text });
export const answer = (decision: "approve" | "reject" | "change", message?: string): TurnInput => ({
  kind: "confirm",
  decision,
  message,
  card: "success",
});

/** A tool call and its result, with the same fresh id. */
export function tool(name: string, args: Record<string, unknown>, result: unknown, ok = true): AgentStreamEvent[] {
  const callId = id();
  return [
    { type: "tool_call", id: callId, name, args },
    { type: "tool_result", id: callId, name, ok, result },
  ];
}

/** A guarded call that stops at the confirmation; its result comes in the next turn with `executed`. */
export function guardedCall(
  name: "place_order" | "cancel_order",
  args: Record<string, unknown>,
): { call: AgentStreamEvent[]; executed: (result: unknown) => AgentStreamEvent } {
  const callId = id();
  return {
    call: [
      { type: "tool_call", id: callId, name, args },
      { type: "interrupt", threadId: THREAD, confirmation: confirmation(name) },
    ],
    executed: (result) => ({ type: "tool_result", id: callId, name, ok: !isToolError(result), result }),
  };
}

export const message = (content: string): AgentStreamEvent => ({ type: "message", content });
export const done: AgentStreamEvent = { type: "done", threadId: THREAD };

export function confirmation(kind: "place_order" | "cancel_order" = "place_order"): OrderConfirmation {
  const base = {
    restaurantName: "Spice Route",
    items: [{ name: "Paneer Tikka Wrap", quantity: 2, notes: "no onions", lineTotalCents: 8400 }],
    subtotalCents: 8400,
    deliveryFeeCents: 1000,
    totalCents: 9400,
    deliveryAddress: { building: "Hall 5", room: "512", instructions: null },
    paymentMethod: "card entered at confirmation",
  };
  return kind === "place_order" ? { kind, ...base } : { kind, orderId: resolver.orderId("lunch")!, ...base };
}

export const trajectory = (...turns: TurnRecord[]): Trajectory => ({ threadId: THREAD, turns });

export function cartWith(...lines: { name: string; quantity: number; notes?: string; itemId?: string }[]): Cart {
  return {
    restaurantId: RESTAURANT,
    restaurantName: "Spice Route",
    lines: lines.map((l, i) => ({
      lineId: `01a20000-0000-7000-8000-0000000001${String(i).padStart(2, "0")}`,
      itemId: l.itemId ?? PANEER_ID,
      name: l.name,
      unitPriceCents: 4200,
      quantity: l.quantity,
      notes: l.notes ?? null,
      lineTotalCents: 4200 * l.quantity,
      available: true,
    })),
    itemCount: lines.reduce((s, l) => s + l.quantity, 0),
    subtotalCents: 0,
    deliveryFeeCents: 1000,
    totalCents: 0,
    hasUnavailableItems: false,
    updatedAt: "2026-11-22T04:00:00.000Z",
  };
}

export function order(
  orderId: string,
  status: OrderStatus,
  items: { name: string; quantity: number; notes?: string }[] = [
    { name: "Paneer Tikka Wrap", quantity: 2, notes: "no onions" },
  ],
  building = "Hall 5",
): Order {
  return {
    id: orderId,
    userId: USER,
    restaurantId: RESTAURANT,
    restaurantName: "Spice Route",
    items: items.map((i) => ({
      itemId: PANEER_ID,
      name: i.name,
      unitPriceCents: 4200,
      quantity: i.quantity,
      notes: i.notes ?? null,
      lineTotalCents: 4200 * i.quantity,
    })),
    subtotalCents: 8400,
    deliveryFeeCents: 1000,
    totalCents: 9400,
    status,
    deliveryAddress: { building, room: "512", instructions: null },
    paymentLast4: "4242",
    failureReason: null,
    eta: null,
    readyBy: null,
    courier: null,
    createdAt: "2026-11-22T04:00:00.000Z",
    updatedAt: "2026-11-22T04:00:00.000Z",
  };
}

export const NEW_ORDER = "01a20000-0000-7000-8000-0000000000ff";

export function snapshot(after: Partial<StudentState> = {}, extra: Partial<EndStateSnapshot> = {}): EndStateSnapshot {
  return {
    studentBefore: { cart: EMPTY_CART, orders: [] },
    student: { cart: after.cart ?? EMPTY_CART, orders: after.orders ?? [] },
    setupOrderIds: {},
    others: {},
    pendingConfirmation: false,
    ...extra,
  };
}
