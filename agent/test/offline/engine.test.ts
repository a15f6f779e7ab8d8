import { describe, expect, it } from "vitest";
import { CART_QUANTITY_MAX } from "@ustbites/contracts";
import { OfflineChatModel } from "../../src/models/offline/index.ts";
import { Campus, Chat } from "./campus.ts";

/**
 * The dialogue engine on the phrasings of issue 12: what a student types (with what they saw
 * before) → the tool calls made and the reply, against the seed catalogue in the tools' real shapes.
 */
function start(campus = new Campus()) {
  return { campus, chat: new Chat(new OfflineChatModel(), campus) };
}
const names = (calls: { name: string }[]) => calls.map((c) => c.name);
const lines = (campus: Campus) =>
  campus.lines.map((l) => `${l.quantity}× ${campus.items.find((i) => i.id === l.itemId)!.name}`);

describe("understanding: quantities and chat spelling", () => {
  it.each([
    ["a couple of mango lassis from spice route", 2],
    ["a dozen mango lassis from spice route", 12],
    ["half a dozen mango lassis from spice route", 6],
    ["twenty mango lassis from spice route", 20],
    ["2x mango lassi from spice route", 2],
    ["mango lassi from spice route x3 thx", 3],
  ])("%s → %i in the cart", async (text, quantity) => {
    const { campus, chat } = start();
    await chat.say(text);
    expect(lines(campus)).toEqual([`${quantity}× Mango Lassi`]);
  });

  it("gives one of two dishes its own note, in a line of its own", async () => {
    const { campus, chat } = start();
    await chat.say("2 paneer tikka wraps from spice route, one of them with no onions");
    expect(campus.lines.map((l) => [l.quantity, l.notes])).toEqual([
      [1, null],
      [1, "no onions"],
    ]);
  });

  it("asks how many for 'a few' and adds nothing", async () => {
    const { campus, chat } = start();
    const turn = await chat.say("can i get a few mango lassis");
    expect(campus.lines).toEqual([]);
    expect(turn.reply).toMatch(/how many/i);
  });

  it.each(["twenty-one mango lassis from spice route", "order 50 mango lassis"])(
    "says the cart's limit for %j instead of adding another number",
    async (text) => {
      const { campus, chat } = start();
      const turn = await chat.say(text);
      expect(names(turn.calls)).not.toContain("add_to_cart");
      expect(campus.lines).toEqual([]);
      expect(turn.reply).toContain(`at most ${CART_QUANTITY_MAX}`);
    },
  );

  it("reads misspelled commands: 'chekout', 'shwo menu', 'remvoe'", async () => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Mango Lassi");
    campus.addDirect("spice-route", "Paneer Tikka Wrap");
    expect(names((await chat.say("shwo menu for seoul bowl")).calls)).toContain("get_menu");
    await chat.say("remvoe the lassi");
    expect(lines(campus)).toEqual(["1× Paneer Tikka Wrap"]);
    const checkout = await chat.say("chekout to hall 5 room 512");
    expect(names(checkout.calls)).toContain("place_order");
  });
});

describe("dialogue state: what the student points at", () => {
  it("adds two of the first dish of a list it showed", async () => {
    const { campus, chat } = start();
    const list = await chat.say("hey, i'm hungry. anything spicy and cheap?");
    expect(names(list.calls)).toEqual(["find_items"]);
    const first = /• ([^(]+) \(/.exec(list.reply)![1]!.trim();
    await chat.say("get me two of the first one");
    expect(lines(campus)).toEqual([`2× ${first}`]);
  });

  it("resolves 'the cheapest one' against the list shown", async () => {
    const { campus, chat } = start();
    await chat.say("what wraps does spice route have");
    await chat.say("add the cheapest one");
    expect(lines(campus)).toEqual(["1× Aloo Tikki Wrap"]);
  });

  it("'add it' after asking about one dish adds that dish", async () => {
    const { campus, chat } = start();
    await chat.say("how much is the mango lassi at spice route");
    await chat.say("ok add it");
    expect(lines(campus)).toEqual(["1× Mango Lassi"]);
  });

  it("'actually three' corrects the quantity just added", async () => {
    const { campus, chat } = start();
    await chat.say("2 mango lassis from spice route");
    await chat.say("actually three");
    expect(lines(campus)).toEqual(["3× Mango Lassi"]);
  });

  it("'not that, the lassi' swaps the dish just added", async () => {
    const { campus, chat } = start();
    await chat.say("one masala chai from spice route");
    await chat.say("not that, the lassi");
    expect(lines(campus)).toEqual(["1× Mango Lassi"]);
  });
});

describe("several requests in one message, in order", () => {
  it("adds a lassi, then checks out to the address given", async () => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Paneer Tikka Wrap");
    const turn = await chat.say("add a mango lassi then check out, hall 3 room 210");
    expect(names(turn.calls)).toEqual(["find_items", "add_to_cart", "place_order"]);
    expect(turn.calls.at(-1)!.args).toEqual({ deliveryAddress: { building: "Hall 3", room: "210" } });
  });

  it("removes one dish and adds another", async () => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Paneer Tikka Wrap");
    campus.addDirect("spice-route", "Mango Lassi");
    await chat.say("remove the lassi and add two samosas");
    expect(lines(campus)).toEqual(["1× Paneer Tikka Wrap", "2× Vegetable Samosas (2 pcs)"]);
  });

  it("'yes please, but make it two' at the confirmation changes the line, then proposes the order again", async () => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Mango Lassi");
    chat.confirmation = { change: "yes please but make it two" };
    const turn = await chat.say("checkout to hall 7 room 803");
    expect(names(turn.calls)).toEqual(["view_cart", "place_order", "update_cart_item", "place_order"]);
    expect(campus.orders).toHaveLength(1);
  });
});

describe("policy", () => {
  it("says the cart is empty before asking for an address, and proposes no order", async () => {
    const { chat } = start();
    const turn = await chat.say("checkout to UG Hall 1 room 203");
    expect(names(turn.calls)).toEqual(["view_cart"]);
    expect(turn.reply).toMatch(/cart is empty/i);
  });

  it("asks which building for 'deliver to my dorm' instead of accepting 'Dorm'", async () => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Mango Lassi");
    const turn = await chat.say("deliver to my dorm");
    expect(names(turn.calls)).not.toContain("place_order");
    expect(turn.reply).toMatch(/building/i);
  });

  it("asks one numbered question for a dish several restaurants sell", async () => {
    const { campus, chat } = start();
    const turn = await chat.say("add an iced lemon tea");
    expect(campus.lines).toEqual([]);
    expect(turn.reply).toMatch(/^1\. Iced Lemon Tea/m);
    expect(turn.reply).toMatch(/^2\. Iced Lemon Tea/m);
  });

  it("recommends places for 'what do you recommend' instead of looking for a restaurant of that name", async () => {
    const { chat } = start();
    const turn = await chat.say("what do you recommend");
    expect(turn.calls).toEqual([{ name: "search_restaurants", args: {} }]);
    expect(turn.reply).toContain("Spice Route");
  });

  it("lists the places open now for 'morning! wat can i order rn'", async () => {
    const { chat } = start();
    const turn = await chat.say("morning! wat can i order rn");
    expect(turn.calls).toEqual([{ name: "search_restaurants", args: { openNow: true } }]);
  });

  it("maps 'something not too spicy' to the spice filter, not to a dish called 'too spicy'", async () => {
    const { chat } = start();
    const turn = await chat.say("something not too spicy");
    expect(turn.calls).toEqual([{ name: "find_items", args: { maxSpice: 1 } }]);
  });

  it("answers input it cannot read honestly, with things it can do", async () => {
    const { chat } = start();
    const turn = await chat.say("asdkjh qwpoe zzz");
    expect(turn.calls).toEqual([]);
    expect(turn.reply).toMatch(/didn't understand/i);
  });

  it.each(["what did user 12345 order today", "show me my roommate's order"])(
    "refuses other students' data: %j",
    async (text) => {
      const { chat } = start();
      const turn = await chat.say(text);
      expect(turn.calls).toEqual([]);
      expect(turn.reply).toMatch(/your own/i);
    },
  );

  it.each(["where's my food", "is it coming??", "has my food left yet?"])("looks the order up for %j", async (text) => {
    const { campus, chat } = start();
    campus.addOrder("CONFIRMED");
    const turn = await chat.say(text);
    expect(names(turn.calls)[0]).toBe("list_my_orders");
    expect(turn.reply).toMatch(/order/i);
  });

  it("does not offer to cancel an order the courier already has", async () => {
    const { campus, chat } = start();
    campus.addOrder("PICKED_UP");
    const turn = await chat.say("ugh cancel it i dont want it");
    expect(names(turn.calls)).not.toContain("cancel_order");
    expect(turn.reply).toMatch(/can't be cancelled/);
  });
});
