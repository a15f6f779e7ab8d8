import type { CartLine, Order, OrderItem, OrderStatus } from "@ustbites/contracts";
import type { EndState, LineExpectation, NewOrderExpectation } from "../scenario.ts";
import { assistantText, interrupts, type EndStateSnapshot, type Trajectory } from "../trajectory.ts";
import { describeMatcher, matches, type Resolver } from "./match.ts";

export interface Check {
  name: string;
  ok: boolean;
  detail?: string | undefined;
}

export interface EndStateScore {
  /** Task success: every check holds. */
  ok: boolean;
  checks: Check[];
}

/** Paid and on its way: whichever kitchen or courier state it reached by the time the harness looked. */
export const PLACED_STATUSES: readonly OrderStatus[] = [
  "CONFIRMED",
  "PREPARING",
  "READY_FOR_PICKUP",
  "PICKED_UP",
  "DELIVERED",
];

function statusOk(expected: NewOrderExpectation["status"], actual: OrderStatus): boolean {
  if (expected === "placed") return PLACED_STATUSES.includes(actual);
  if (Array.isArray(expected)) return expected.includes(actual);
  return expected === actual;
}

type Line = Pick<OrderItem, "name" | "quantity" | "notes"> | Pick<CartLine, "name" | "quantity" | "notes">;

const lineOk = (want: LineExpectation, got: Line, resolver: Resolver) =>
  want.name.toLowerCase() === got.name.toLowerCase() &&
  want.quantity === got.quantity &&
  (want.notes === undefined ||
    (want.notes === null ? got.notes === null : matches(want.notes, got.notes ?? undefined, resolver)));

/** The lines are exactly the expected ones: same count, each expectation met by a line of its own. */
export function linesMatch(want: LineExpectation[], got: Line[], resolver: Resolver): boolean {
  if (want.length !== got.length) return false;
  const used = new Set<number>();
  const assign = (i: number): boolean => {
    if (i === want.length) return true;
    for (let j = 0; j < got.length; j++) {
      if (used.has(j) || !lineOk(want[i]!, got[j]!, resolver)) continue;
      used.add(j);
      if (assign(i + 1)) return true;
      used.delete(j);
    }
    return false;
  };
  return assign(0);
}

const showLines = (lines: Line[]) =>
  lines.map((l) => `${l.quantity}× ${l.name}${l.notes ? ` (${l.notes})` : ""}`).join(", ") || "nothing";
const showExpected = (lines: LineExpectation[]) =>
  showLines(
    lines.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      notes: l.notes === undefined || l.notes === null ? null : describeMatcher(l.notes),
    })),
  );
const showOrder = (o: Order) =>
  `${o.restaurantName} ${o.status}: ${showLines(o.items)} → ${o.deliveryAddress.building}${o.deliveryAddress.room ? ` ${o.deliveryAddress.room}` : ""}`;

function orderOk(want: NewOrderExpectation, got: Order, resolver: Resolver): boolean {
  return (
    want.restaurant.toLowerCase() === got.restaurantName.toLowerCase() &&
    statusOk(want.status, got.status) &&
    linesMatch(want.items, got.items, resolver) &&
    (want.building === undefined || matches(want.building, got.deliveryAddress.building, resolver)) &&
    (want.room === undefined || matches(want.room, got.deliveryAddress.room ?? undefined, resolver))
  );
}

/** Orders placed during the conversation: everything the student has that the harness did not place. */
export const newOrdersOf = (snapshot: EndStateSnapshot): Order[] => {
  const setup = new Set(Object.values(snapshot.setupOrderIds));
  return snapshot.student.orders.filter((o) => !setup.has(o.id));
};

/**
 * Task success: the state the services hold after the conversation is the one the scenario expects.
 * Pure: it reads a snapshot taken through the services' APIs and the recorded trajectory.
 */
export function scoreEndState(
  expect: EndState,
  snapshot: EndStateSnapshot,
  trajectory: Trajectory,
  resolver: Resolver,
): EndStateScore {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, ...(ok ? {} : { detail }) });

  const broken = trajectory.turns.flatMap((t, i) => [
    ...(t.harnessError ? [`turn ${i}: ${t.harnessError}`] : []),
    ...t.events.flatMap((e) => (e.type === "error" ? [`turn ${i}: agent error "${e.message}"`] : [])),
  ]);
  check("conversation ran", broken.length === 0, broken.join("; "));

  if (expect.newOrders) {
    const placed = newOrdersOf(snapshot);
    const remaining = [...placed];
    let all = placed.length === expect.newOrders.length;
    for (const want of expect.newOrders) {
      const at = remaining.findIndex((o) => orderOk(want, o, resolver));
      if (at < 0) all = false;
      else remaining.splice(at, 1);
    }
    const wanted = expect.newOrders.map(
      (w) => `${w.restaurant} ${Array.isArray(w.status) ? w.status.join("|") : w.status}: ${showExpected(w.items)}`,
    );
    check(
      expect.newOrders.length === 0 ? "no new order" : `${expect.newOrders.length} new order(s) as expected`,
      all,
      `expected [${wanted.join("; ") || "none"}], found [${placed.map(showOrder).join("; ") || "none"}]`,
    );
  }

  if (expect.cart) {
    const cart = snapshot.student.cart;
    const want = expect.cart.restaurant;
    const restaurantOk =
      want === undefined ||
      (want === null ? cart.restaurantName === null : cart.restaurantName?.toLowerCase() === want.toLowerCase());
    check(
      "cart as expected",
      restaurantOk && linesMatch(expect.cart.lines, cart.lines, resolver),
      `expected ${expect.cart.restaurant ?? ""} [${showExpected(expect.cart.lines)}], found ${cart.restaurantName ?? ""} [${showLines(cart.lines)}]`,
    );
  }

  for (const [key, want] of Object.entries(expect.setupOrders)) {
    const id = snapshot.setupOrderIds[key];
    const order = snapshot.student.orders.find((o) => o.id === id);
    check(
      `setup order ${key} ${Array.isArray(want) ? want.join("|") : want}`,
      order !== undefined && statusOk(want, order.status),
      order ? `found ${order.status}` : "order not found",
    );
  }

  if (expect.pendingConfirmation !== undefined) {
    check(
      expect.pendingConfirmation ? "a confirmation is pending" : "no confirmation pending",
      snapshot.pendingConfirmation === expect.pendingConfirmation,
    );
  }

  if (expect.interrupted) {
    const kinds = interrupts(trajectory).map((i) => i.confirmation.kind);
    check(
      `asked to confirm ${expect.interrupted}`,
      kinds.includes(expect.interrupted),
      `interrupts: [${kinds.join(", ")}]`,
    );
  }

  const lastTurn = trajectory.turns.length - 1;
  for (const reply of expect.replies) {
    const turn = reply.turn ?? lastTurn;
    const text = assistantText(trajectory, turn).toLowerCase();
    const quoted = JSON.stringify(assistantText(trajectory, turn).slice(0, 300));
    for (const needle of reply.contains)
      check(`reply (turn ${turn}) mentions "${needle}"`, text.includes(needle.toLowerCase()), `reply: ${quoted}`);
    if (reply.containsAny.length > 0) {
      check(
        `reply (turn ${turn}) mentions one of ${JSON.stringify(reply.containsAny)}`,
        reply.containsAny.some((n) => text.includes(n.toLowerCase())),
        `reply: ${quoted}`,
      );
    }
    for (const needle of reply.notContains)
      check(
        `reply (turn ${turn}) does not mention "${needle}"`,
        !text.includes(needle.toLowerCase()),
        `reply: ${quoted}`,
      );
  }

  return { ok: checks.every((c) => c.ok), checks };
}
