import { describe, expect, it } from "vitest";
import { OfflineChatModel } from "../../src/models/offline/index.ts";
import { Campus, Chat } from "./campus.ts";

/**
 * General abilities, each tried in several wordings a student might type on a phone: pointing at
 * the list just shown, corrections of notes and quantities, status questions, typo'd commands.
 */
function start(campus = new Campus()) {
  return { campus, chat: new Chat(new OfflineChatModel(), campus) };
}
const names = (calls: { name: string }[]) => calls.map((c) => c.name);
const lines = (campus: Campus) => campus.lines.map((l) => `${l.quantity}× ${l.name}${l.notes ? ` (${l.notes})` : ""}`);

describe("references to the list just shown", () => {
  it.each(["the last one", "last one pls", "ill take the last one"])(
    "%j is the last dish the reply listed, not the last one the search returned",
    async (text) => {
      const { campus, chat } = start();
      const list = await chat.say("anything vegan?");
      const shown = [...list.reply.matchAll(/• (.+?) \(HK\$/g)].map((m) => m[1]!.trim());
      expect(list.reply).toMatch(/more\./);
      await chat.say(text);
      expect(lines(campus)).toEqual([`1× ${shown.at(-1)}`]);
    },
  );

  it.each([
    ["another of those", 2],
    ["another one of those pls", 2],
    ["2 more of those", 3],
    ["same again", 2],
  ])("%j after adding a dish adds more of it", async (text, total) => {
    const { campus, chat } = start();
    await chat.say("what noodles does canton kitchen have");
    await chat.say("add the first one");
    await chat.say(text);
    expect(campus.lines.reduce((n, l) => n + l.quantity, 0)).toBe(total);
    expect(new Set(campus.lines.map((l) => l.name))).toEqual(new Set(["Wonton Noodle Soup"]));
  });

  it("'one more of those' with only the cart to go by looks at the cart first", async () => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Mango Lassi");
    const turn = await chat.say("one more of those");
    expect(names(turn.calls)).toEqual(["view_cart", "add_to_cart"]);
    expect(lines(campus)).toEqual(["2× Mango Lassi"]);
  });

  it.each(["ok 2 of those", "two of them please", "2 of those"])(
    "%j after asking about one dish by name adds two of that dish",
    async (text) => {
      const { campus, chat } = start();
      await chat.say("how much is the beef brisket noodles");
      await chat.say(text);
      expect(lines(campus)).toEqual(["2× Beef Brisket Noodles"]);
    },
  );

  it.each([
    ["any curries?", "the vegan one", "Green Curry with Tofu"],
    ["what ramen is there at sakura", "gimme the veggie one", "Vegetable Shoyu Ramen"],
    ["any shawarma?", "the beef one, 2 pls", "Beef Shawarma Wrap"],
    ["do u guys have pad thai", "the cheaper one pls", "Vegetable Pad Thai"],
  ])("after %j, %j picks %s by what describes it", async (ask, pick, dish) => {
    const { campus, chat } = start();
    await chat.say(ask);
    await chat.say(pick);
    expect(campus.lines.map((l) => l.name)).toEqual([dish]);
  });
});

describe("corrections", () => {
  it.each(["sorry i meant peppers not onions", "no peppers, not onions", "oops peppers instead of onions"])(
    "%j changes the note, not the dish",
    async (text) => {
      const { campus, chat } = start();
      await chat.say("paneer tikka wrap from spice route, no onions");
      await chat.say(text);
      expect(lines(campus)).toEqual(["1× Paneer Tikka Wrap (no peppers)"]);
    },
  );

  it.each([
    ["wait no make it less spicy, not extra", "less spicy"],
    ["less ice instead of no ice", "no ice"],
  ])("%j replaces the clause of the note it names", async (text, expected) => {
    const { campus, chat } = start();
    await chat.say(
      expected === "no ice" ? "mango lassi from spice route, no ice" : "pad kra pao from bangkok street, extra spicy",
    );
    await chat.say(text);
    expect(campus.lines[0]!.notes).toBe(expected === "no ice" ? "less ice" : "less spicy");
  });

  it.each(["actually just 1 lol", "i meant one", "sorry i meant 1 not 3"])(
    "%j sets the quantity just added",
    async (text) => {
      const { campus, chat } = start();
      await chat.say("3 mango lassis from spice route");
      await chat.say(text);
      expect(lines(campus)).toEqual(["1× Mango Lassi"]);
    },
  );

  it.each([
    "change the wrap to 2, and no onions on them",
    "make the wrap 2 and add a note no onions",
    "update the wrap to 2 and put a note saying no onions",
  ])("%j changes the quantity and the note", async (text) => {
    const { campus, chat } = start();
    campus.addDirect("spice-route", "Paneer Tikka Wrap");
    await chat.say(text);
    expect(lines(campus)).toEqual(["2× Paneer Tikka Wrap (no onions)"]);
  });
});

describe("order status in everyday words", () => {
  it.each([
    "did it go through?",
    "is it confirmed",
    "was my card charged",
    "did the order actually get placed??",
    "did everything go thru",
  ])("%j looks the order up", async (text) => {
    const { campus, chat } = start();
    campus.addOrder("PREPARING");
    const turn = await chat.say(text);
    expect(names(turn.calls)).toContain("get_order_status");
    expect(turn.reply).toMatch(/placed and paid/);
  });

  it.each(["my payment failed what happened", "it says payment failed??", "my card got declined"])(
    "%j says the order was not placed and nothing was charged",
    async (text) => {
      const { campus, chat } = start();
      campus.addOrder("PAYMENT_FAILED");
      const turn = await chat.say(text);
      expect(turn.reply).toMatch(/payment failed/);
      expect(turn.reply).toMatch(/Nothing was charged/);
    },
  );
});

describe("typo'd commands", () => {
  it.each([
    "chek out pls, hall 5 room 512",
    "chkout to hall 5 room 512",
    "chekout please, hall 5 room 512",
    "checkout. ug hall 5 512",
  ])("%j checks out to the place given", async (text) => {
    const { campus, chat } = start();
    campus.addDirect("kopi-lah", "Teh Tarik");
    const turn = await chat.say(text);
    expect(turn.calls.at(-1)).toMatchObject({ name: "place_order", args: { deliveryAddress: { room: "512" } } });
  });

  it("'ad chiken biriyani to cart' adds the biryani", async () => {
    const { campus, chat } = start();
    await chat.say("ad chiken biriyani to cart");
    expect(lines(campus)).toEqual(["1× Chicken Biryani"]);
  });
});
