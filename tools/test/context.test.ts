import { GUARDED_TOOL_NAMES, TOOL_NAMES } from "@ustbites/contracts";
import { describe, expect, it } from "vitest";
import { createTools, currentStudent, withStudent } from "../src/index.ts";

const urls = {
  restaurant: "http://127.0.0.1:9",
  cart: "http://127.0.0.1:9",
  order: "http://127.0.0.1:9",
  delivery: "http://127.0.0.1:9",
};
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
    expect(tools).toHaveLength(13);
    expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
    expect(GUARDED_TOOL_NAMES).toEqual(["place_order", "cancel_order"]);
    for (const name of GUARDED_TOOL_NAMES) expect(tools).toContain(guarded[name].tool);
  });

  it("answers a bad argument with bad_arguments naming the field, before calling any service", async () => {
    const { tools } = createTools({ urls });
    const addToCart = tools.find((t) => t.name === "add_to_cart");
    // The services' URLs lead nowhere: a call that got past validation would answer service_unavailable.
    const result: unknown = await withStudent(student, () => addToCart?.invoke({ itemId: "i3", quantity: 0 }));
    expect(result).toEqual({
      error: { code: "bad_arguments", message: "bad arguments: quantity: Too small: expected number to be >=1" },
    });
  });

  it("takes an id as the model writes it, a short handle, and leaves checking it to the services", async () => {
    const { tools } = createTools({ urls });
    const addToCart = tools.find((t) => t.name === "add_to_cart");
    const result: unknown = await withStudent(student, () => addToCart?.invoke({ itemId: "i3", quantity: 1 }));
    expect(result).toEqual({
      error: { code: "service_unavailable", message: "cart service is unavailable right now; try again in a moment" },
    });
  });
});
