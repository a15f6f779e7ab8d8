import { describe, expect, it } from "vitest";
import { ArgConstraint } from "../../src/scenario.ts";
import { scoreArguments } from "../../src/scorers/arguments.ts";
import { matches, valueAt } from "../../src/scorers/match.ts";
import { done, PANEER_ID, LASSI_ID, resolver, say, tool, trajectory, turn } from "../fixtures.ts";

const constraints = [
  {
    tool: "add_to_cart",
    args: { itemId: { item: "Spice Route/Paneer Tikka Wrap" }, quantity: 2, notes: { contains: "onion" } },
  },
  { tool: "place_order", args: { "deliveryAddress.building": { matches: "^hall 5$" }, "deliveryAddress.room": "512" } },
].map((c) => ArgConstraint.parse(c));

describe("scoreArguments: argument accuracy", () => {
  it("is 1 when a call of each tool satisfies every path of its constraint", () => {
    const t = trajectory(
      turn(
        say("…"),
        ...tool("add_to_cart", { itemId: LASSI_ID, quantity: 1 }, {}),
        ...tool("add_to_cart", { itemId: PANEER_ID, quantity: 2, notes: "No onions" }, {}),
        ...tool("place_order", { deliveryAddress: { building: "Hall 5", room: "512" } }, {}),
        done,
      ),
    );
    expect(scoreArguments(constraints, t, resolver).accuracy).toBe(1);
  });

  it("counts the fraction met and says what was sent instead", () => {
    const t = trajectory(
      turn(
        say("…"),
        ...tool("add_to_cart", { itemId: PANEER_ID, quantity: 3, notes: "no onions" }, {}),
        ...tool("place_order", { deliveryAddress: { building: "Hall 5", room: "512" } }, {}),
        done,
      ),
    );
    const score = scoreArguments(constraints, t, resolver);
    expect(score.accuracy).toBe(0.5);
    expect(score.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('"quantity":3') });
  });

  it("catches the wrong item (another id for the same name elsewhere)", () => {
    const t = trajectory(
      turn(say("…"), ...tool("add_to_cart", { itemId: LASSI_ID, quantity: 2, notes: "no onions" }, {}), done),
    );
    expect(scoreArguments(constraints.slice(0, 1), t, resolver).accuracy).toBe(0);
  });

  it("fails a constraint whose tool was never called", () => {
    const score = scoreArguments(constraints.slice(1), trajectory(turn(say("…"), done)), resolver);
    expect(score.checks[0]).toMatchObject({ ok: false, detail: "place_order was not called" });
  });
});

describe("matchers", () => {
  it.each([
    ["Hall 5", "hall 5", true],
    [2, 2, true],
    [2, "2", false],
    [{ contains: "ONION" }, "no onions", true],
    [{ matches: "^hall\\s*5" }, "Hall5", true],
    [{ absent: true }, undefined, true],
    [{ absent: true }, "x", false],
    [{ oneOf: [1, 2] }, 2, true],
    [{ atLeast: 3 }, 2, false],
    [{ atMost: 5000 }, 4000, true],
    [{ order: "lunch" }, "01A20000-0000-7000-8000-00000000000C", true],
    [{ order: "nobody" }, "01a20000-0000-7000-8000-00000000000c", false],
  ] as const)("%j ~ %j → %s", (matcher, value, expected) => {
    expect(matches(matcher as never, value, resolver)).toBe(expected);
  });

  it("reads dotted paths", () => {
    expect(valueAt({ deliveryAddress: { building: "Hall 5" } }, "deliveryAddress.building")).toBe("Hall 5");
    expect(valueAt({ deliveryAddress: null }, "deliveryAddress.building")).toBeUndefined();
  });
});
