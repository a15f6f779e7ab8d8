import { describe, expect, it } from "vitest";
import { createTools, currentStudent, GUARDED_TOOL_NAMES, withStudent } from "../src/index.ts";

const urls = { restaurant: "http://127.0.0.1:9", cart: "http://127.0.0.1:9", order: "http://127.0.0.1:9", delivery: "http://127.0.0.1:9" };
const student = { token: "token-a", userId: "0196a4c0-0000-7000-8000-00000000000a" };

describe("the student context", () => {
  it("is the one withStudent set, through awaits", async () => {
    const seen = await withStudent({ ...student, threadId: "t1" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return currentStudent();
    });
    expect(seen).toMatchObject({ token: "token-a", threadId: "t1" });
  });

  it("keeps concurrent runs apart", async () => {
    const run = (token: string, delay: number) =>
      withStudent({ token, userId: student.userId }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return currentStudent().token;
      });
    expect(await Promise.all([run("a", 20), run("b", 1), run("c", 10)])).toEqual(["a", "b", "c"]);
  });

  it("throws a clear error outside withStudent: a wiring bug, not a tool result", () => {
    expect(() => currentStudent()).toThrow(/outside withStudent/);
  });

  it("makes a tool run outside any student context throw rather than call a service without a token", async () => {
    const { tools } = createTools({ urls });
    const viewCart = tools.find((t) => t.name === "view_cart");
    await expect(viewCart?.invoke({})).rejects.toThrow(/outside withStudent/);
  });

  it("cannot be started without a token", () => {
    expect(() => withStudent({ token: "", userId: student.userId }, () => 1)).toThrow(/token/);
  });
});

describe("createTools", () => {
  it("returns the 13 tools of docs/agent.md, the guarded two among them", () => {
    const { tools, guarded } = createTools({ urls });
    expect(tools.map((t) => t.name)).toEqual([
      "search_restaurants",
      "get_menu",
      "find_items",
      "view_cart",
      "add_to_cart",
      "update_cart_item",
      "remove_from_cart",
      "clear_cart",
      "place_order",
      "list_my_orders",
      "get_order_status",
      "track_delivery",
      "cancel_order",
    ]);
    expect(GUARDED_TOOL_NAMES).toEqual(["place_order", "cancel_order"]);
    for (const name of GUARDED_TOOL_NAMES) expect(tools).toContain(guarded[name].tool);
  });

  it("answers a whole tool call with a bad argument as an error ToolMessage, as ToolNode invokes it", async () => {
    const { tools } = createTools({ urls });
    const addToCart = tools.find((t) => t.name === "add_to_cart");
    const message: unknown = await withStudent(student, () =>
      addToCart?.invoke({ type: "tool_call", id: "call_1", name: "add_to_cart", args: { itemId: "paneer", quantity: 1 } }),
    );
    expect(message).toMatchObject({ tool_call_id: "call_1", status: "error" });
    expect(JSON.parse(String((message as { content: unknown }).content))).toEqual({ error: "bad arguments: itemId: Invalid UUID" });
  });
});
