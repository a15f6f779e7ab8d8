import { describe, expect, it } from "vitest";
import { ToolExpectations } from "../../src/scenario.ts";
import { scoreToolUse } from "../../src/scorers/tools.ts";
import { done, message, say, tool, trajectory, turn } from "../fixtures.ts";

const expectations = ToolExpectations.parse({
  required: ["find_items|get_menu", "add_to_cart"],
  allowed: ["view_cart"],
  order: [["find_items|get_menu|search_restaurants", "add_to_cart"]],
});

describe("scoreToolUse: precision, recall and order", () => {
  it("scores a search-then-add trajectory 1/1 with its order kept", () => {
    const t = trajectory(
      turn(
        say("add a wrap"),
        ...tool("find_items", { q: "wrap" }, {}),
        ...tool("add_to_cart", { itemId: "x" }, {}),
        message("Added."),
        done,
      ),
    );
    expect(scoreToolUse(expectations, t)).toMatchObject({ precision: 1, recall: 1, orderOk: true, calls: 2 });
  });

  it("accepts either tool of an 'a|b' requirement", () => {
    const t = trajectory(
      turn(
        say("add a wrap"),
        ...tool("get_menu", { restaurantId: "spice-route" }, {}),
        ...tool("add_to_cart", {}, {}),
        done,
      ),
    );
    expect(scoreToolUse(expectations, t).recall).toBe(1);
  });

  it("lowers recall for a required tool never called", () => {
    const t = trajectory(turn(say("add a wrap"), ...tool("find_items", {}, {}), message("Found it."), done));
    const score = scoreToolUse(expectations, t);
    expect(score.recall).toBe(0.5);
    expect(score.checks.find((c) => !c.ok)?.name).toBe("called add_to_cart");
  });

  it("lowers precision for calls outside what the scenario needs or allows", () => {
    const t = trajectory(
      turn(
        say("add a wrap"),
        ...tool("find_items", {}, {}),
        ...tool("list_my_orders", {}, {}),
        ...tool("clear_cart", {}, {}),
        ...tool("add_to_cart", {}, {}),
        done,
      ),
    );
    expect(scoreToolUse(expectations, t).precision).toBe(0.5);
  });

  it("catches an add before any search (a guessed item id)", () => {
    const t = trajectory(
      turn(say("add a wrap"), ...tool("add_to_cart", { itemId: "guessed" }, {}), ...tool("find_items", {}, {}), done),
    );
    const score = scoreToolUse(expectations, t);
    expect(score.orderOk).toBe(false);
    expect(score.checks.find((c) => !c.ok)?.name).toBe("find_items|get_menu|search_restaurants before add_to_cart");
  });

  it("gives full marks to a conversation that needs and makes no call", () => {
    const t = trajectory(turn(say("hi"), message("Hello!"), done));
    expect(scoreToolUse(ToolExpectations.parse({}), t)).toMatchObject({
      precision: 1,
      recall: 1,
      orderOk: true,
      calls: 0,
    });
  });
});
