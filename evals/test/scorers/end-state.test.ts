import { describe, expect, it } from "vitest";
import { EndState } from "../../src/scenario.ts";
import { linesMatch, scoreEndState } from "../../src/scorers/end-state.ts";
import {
  answer,
  cartWith,
  done,
  guardedCall,
  message,
  NEW_ORDER,
  order,
  resolver,
  say,
  snapshot,
  tool,
  trajectory,
  turn,
} from "../fixtures.ts";

const wantOneOrder = EndState.parse({
  newOrders: [
    {
      restaurant: "Spice Route",
      items: [{ name: "Paneer Tikka Wrap", quantity: 2, notes: { contains: "onion" } }],
      building: { contains: "Hall 5" },
    },
  ],
  cart: { lines: [] },
  interrupted: "place_order",
});

const place = guardedCall("place_order", { deliveryAddress: { building: "Hall 5" } });
const ordered = trajectory(
  turn(
    say("two paneer wraps, no onions, to Hall 5"),
    ...tool("add_to_cart", { itemId: "x", quantity: 2 }, { lines: [] }),
    ...place.call,
    done,
  ),
  turn(
    answer("approve"),
    place.executed({ orderId: NEW_ORDER, status: "CONFIRMED", total: "HK$94.00", placed: "2026-11-22T05:00:00Z" }),
    message("Placed."),
    done,
  ),
);

describe("scoreEndState: task success from what the services hold", () => {
  it("passes when exactly the expected order exists and the cart is empty", () => {
    const score = scoreEndState(wantOneOrder, snapshot({ orders: [order(NEW_ORDER, "CONFIRMED")] }), ordered, resolver);
    expect(score.checks.filter((c) => !c.ok)).toEqual([]);
    expect(score.ok).toBe(true);
  });

  it("accepts an order that has moved on to a courier as 'placed'", () => {
    expect(
      scoreEndState(wantOneOrder, snapshot({ orders: [order(NEW_ORDER, "PICKED_UP")] }), ordered, resolver).ok,
    ).toBe(true);
  });

  it.each([
    [
      "a wrong quantity",
      [order(NEW_ORDER, "CONFIRMED", [{ name: "Paneer Tikka Wrap", quantity: 1, notes: "no onions" }])],
    ],
    ["the notes forgotten", [order(NEW_ORDER, "CONFIRMED", [{ name: "Paneer Tikka Wrap", quantity: 2 }])]],
    [
      "another dish",
      [order(NEW_ORDER, "CONFIRMED", [{ name: "Chicken Tikka Wrap", quantity: 2, notes: "no onions" }])],
    ],
    [
      "an extra line",
      [
        order(NEW_ORDER, "CONFIRMED", [
          { name: "Paneer Tikka Wrap", quantity: 2, notes: "no onions" },
          { name: "Mango Lassi", quantity: 1 },
        ]),
      ],
    ],
    ["another address", [order(NEW_ORDER, "CONFIRMED", undefined, "Hall 1")]],
    ["a failed payment", [order(NEW_ORDER, "PAYMENT_FAILED")]],
    [
      "two orders instead of one",
      [order(NEW_ORDER, "CONFIRMED"), order("01a20000-0000-7000-8000-0000000000fe", "CONFIRMED")],
    ],
    ["no order at all", []],
  ])("catches %s", (_what, orders) => {
    const score = scoreEndState(wantOneOrder, snapshot({ orders }), ordered, resolver);
    expect(score.ok).toBe(false);
    expect(score.checks.find((c) => !c.ok)?.name).toBe("1 new order(s) as expected");
  });

  it("does not count the orders the harness set up as new", () => {
    const setupId = resolver.orderId("lunch")!;
    const state = snapshot(
      { orders: [order(setupId, "CONFIRMED"), order(NEW_ORDER, "CONFIRMED")] },
      { setupOrderIds: { lunch: setupId } },
    );
    expect(scoreEndState(wantOneOrder, state, ordered, resolver).ok).toBe(true);
  });

  it("catches a cart that should be empty, and checks a cart's lines and notes", () => {
    const full = snapshot({
      orders: [order(NEW_ORDER, "CONFIRMED")],
      cart: cartWith({ name: "Paneer Tikka Wrap", quantity: 2 }),
    });
    expect(scoreEndState(wantOneOrder, full, ordered, resolver).checks.find((c) => !c.ok)?.name).toBe(
      "cart as expected",
    );
    const wantCart = EndState.parse({
      cart: {
        restaurant: "Spice Route",
        lines: [{ name: "Paneer Tikka Wrap", quantity: 1, notes: { contains: "no onions" } }],
      },
    });
    expect(
      scoreEndState(
        wantCart,
        snapshot({ cart: cartWith({ name: "Paneer Tikka Wrap", quantity: 1, notes: "No onions please" }) }),
        ordered,
        resolver,
      ).ok,
    ).toBe(true);
    expect(
      scoreEndState(
        wantCart,
        snapshot({ cart: cartWith({ name: "Paneer Tikka Wrap", quantity: 1 }) }),
        ordered,
        resolver,
      ).ok,
    ).toBe(false);
  });

  it("checks the status of setup orders and whether a confirmation is still pending", () => {
    const setupId = resolver.orderId("lunch")!;
    const want = EndState.parse({ setupOrders: { lunch: "CANCELLED" }, pendingConfirmation: false });
    const base = { setupOrderIds: { lunch: setupId } };
    expect(scoreEndState(want, snapshot({ orders: [order(setupId, "CANCELLED")] }, base), ordered, resolver).ok).toBe(
      true,
    );
    expect(scoreEndState(want, snapshot({ orders: [order(setupId, "CONFIRMED")] }, base), ordered, resolver).ok).toBe(
      false,
    );
    expect(
      scoreEndState(
        want,
        snapshot({ orders: [order(setupId, "CANCELLED")] }, { ...base, pendingConfirmation: true }),
        ordered,
        resolver,
      ).ok,
    ).toBe(false);
  });

  it("checks the assistant's words, case-insensitively, in the last turn by default", () => {
    const t = trajectory(turn(say("what's open?"), message("Spice Route is open; Night Owl Canteen is closed."), done));
    expect(
      scoreEndState(
        EndState.parse({ replies: [{ contains: ["spice route"], notContains: ["pizza"] }] }),
        snapshot(),
        t,
        resolver,
      ).ok,
    ).toBe(true);
    expect(
      scoreEndState(EndState.parse({ replies: [{ notContains: ["night owl"] }] }), snapshot(), t, resolver).ok,
    ).toBe(false);
    expect(
      scoreEndState(
        EndState.parse({ replies: [{ containsAny: ["sold out", "unavailable"] }] }),
        snapshot(),
        t,
        resolver,
      ).ok,
    ).toBe(false);
  });

  it("catches a confirmation that was never asked for", () => {
    const direct = trajectory(turn(say("order"), ...tool("add_to_cart", {}, {}), message("Done."), done));
    expect(scoreEndState(EndState.parse({ interrupted: "place_order" }), snapshot(), direct, resolver).ok).toBe(false);
  });

  it("fails a conversation the agent or the harness broke off", () => {
    const broken = trajectory(turn(say("hi"), { type: "error", message: "Sorry, something went wrong" }));
    expect(scoreEndState(EndState.parse({}), snapshot(), broken, resolver).checks[0]).toMatchObject({
      name: "conversation ran",
      ok: false,
    });
    const refused = trajectory({
      ...turn(answer("approve")),
      status: 409,
      harnessError: "HTTP 409: not waiting for a confirmation",
    });
    expect(scoreEndState(EndState.parse({}), snapshot(), refused, resolver).ok).toBe(false);
  });
});

describe("linesMatch", () => {
  it("needs a line of its own for each expectation, in any order", () => {
    const got = [
      { name: "Mango Lassi", quantity: 1, notes: null },
      { name: "Paneer Tikka Wrap", quantity: 2, notes: "no onions" },
    ];
    expect(
      linesMatch(
        [
          { name: "paneer tikka wrap", quantity: 2 },
          { name: "Mango Lassi", quantity: 1, notes: null },
        ],
        got,
        resolver,
      ),
    ).toBe(true);
    expect(
      linesMatch(
        [
          { name: "Mango Lassi", quantity: 1 },
          { name: "Mango Lassi", quantity: 1 },
        ],
        got,
        resolver,
      ),
    ).toBe(false);
    expect(
      linesMatch(
        [
          { name: "Mango Lassi", quantity: 1, notes: { contains: "ice" } },
          { name: "Paneer Tikka Wrap", quantity: 2 },
        ],
        got,
        resolver,
      ),
    ).toBe(false);
  });
});
