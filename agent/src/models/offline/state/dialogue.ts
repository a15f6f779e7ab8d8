/**
 * The dialogue state: what the student can point at. It is derived, deterministically, from the
 * conversation's typed tool results and the engine's own earlier decisions, so it is the same
 * whether the engine runs in the graph or behind an OpenAI-compatible server (which sees only
 * messages):
 * - `shown`: the dishes the last list showed, in the order shown ("the first one", "the cheapest");
 * - `lastItem`: the dish touched last ("it", "make it 2", "actually three");
 * - `lastChange`: the last cart change, so a correction can undo it ("no, the other one").
 */
import { normalizeMessage } from "../understand/normalize.ts";
import { LIST_LIMIT } from "../replies.ts";
import { parseDishQuestion, parseSearch } from "../understand/search.ts";
import { matchTier } from "../text.ts";
import type { CartInfo, CartLineInfo, Conversation, ItemInfo, ToolEvent } from "./conversation.ts";

export interface CartChange {
  kind: "add" | "remove" | "update";
  itemId: string;
  name: string;
  quantity: number;
  notes?: string;
  restaurantId?: string;
  restaurantName?: string;
}

export interface DialogueState {
  shown: ItemInfo[];
  /** The student message (1-based) whose reply showed `shown`. */
  shownTurn?: number;
  /** The one dish of `shown` the student asked about by name ("how much is the mango lassi"): "it", "2 of those". */
  focus?: ItemInfo;
  lastItem?: { itemId: string; name: string; turn: number };
  lastChange?: CartChange;
  /** The cart as the last result before this message showed it (null: not seen in this conversation). */
  cart: CartInfo | null;
}


const cents = (price: string) => Number(price.replace(/[^\d]/g, ""));

/** A list as the replies show it: the hottest first for "really spicy", by price when asked, else as the service ranked it. */
export function displayOrder(items: ItemInfo[], wants: { byPrice?: boolean; spicy?: boolean }): ItemInfo[] {
  if (wants.spicy) return items.filter((i) => (i.spice ?? 0) >= 2).sort((a, b) => Number(b.available) - Number(a.available) || (b.spice ?? 0) - (a.spice ?? 0));
  return wants.byPrice ? [...items].sort((a, b) => cents(a.price) - cents(b.price)) : items;
}

/** The dish a list was asked for by name, when exactly one shown dish carries that whole name. */
function focusOf(shown: ItemInfo[], asked: string): ItemInfo | undefined {
  const lower = normalizeMessage(asked).toLowerCase();
  const dish = parseDishQuestion(lower)?.dish ?? parseSearch(lower).dish;
  if (!dish) return undefined;
  const tiers = shown.map((item) => matchTier(dish, item.name));
  const best = Math.max(0, ...tiers);
  const top = shown.filter((_, i) => tiers[i] === best);
  return best >= 2 && top.length === 1 ? top[0] : undefined;
}

function lineOf(event: ToolEvent, itemId: string): CartLineInfo | undefined {
  return event.extracted.cart?.lines.filter((l) => l.itemId === itemId).at(-1);
}

/** The state as it stood when the student wrote message `turn` (1-based): built from earlier turns only. */
export function dialogueState(conv: Conversation, turn: number): DialogueState {
  const before = conv.events.filter((e) => e.done && e.turn < turn);
  const state: DialogueState = { shown: [], cart: before.filter((e) => e.extracted.cart).at(-1)?.extracted.cart ?? null };
  const listing = before.filter((e) => !e.error && (e.name === "find_items" || e.name === "get_menu") && e.extracted.items.length).at(-1);
  // The list in the order the reply showed it: the request that asked for it says how it was sorted.
  if (listing) {
    const ordered = displayOrder(listing.extracted.items, parseSearch(normalizeMessage(conv.humans[listing.turn - 1] ?? "").toLowerCase()));
    // A search reply shows the first LIST_LIMIT dishes; a menu shows them all.
    state.shown = listing.name === "find_items" ? ordered.slice(0, LIST_LIMIT) : ordered;
    state.shownTurn = listing.turn;
    const focus = focusOf(state.shown, conv.humans[listing.turn - 1] ?? "");
    if (focus) state.focus = focus;
  }
  const itemName = (id: string) => conv.memory.items.find((i) => i.id === id);
  for (const event of before) {
    if (event.error) continue;
    if (event.name === "add_to_cart" && typeof event.args.itemId === "string") {
      const line = lineOf(event, event.args.itemId);
      const item = itemName(event.args.itemId);
      const name = line?.name ?? item?.name ?? "";
      state.lastItem = { itemId: event.args.itemId, name, turn: event.turn };
      state.lastChange = { kind: "add", itemId: event.args.itemId, name, quantity: Number(event.args.quantity ?? 1) };
      if (typeof event.args.notes === "string") state.lastChange.notes = event.args.notes;
      if (item?.restaurantId) state.lastChange.restaurantId = item.restaurantId;
      if (item?.restaurantName) state.lastChange.restaurantName = item.restaurantName;
    } else if (event.name === "update_cart_item" || event.name === "remove_from_cart") {
      const earlier = before.slice(0, before.indexOf(event)).reverse().find((e) => e.extracted.cart);
      const line = earlier?.extracted.cart?.lines.find((l) => l.lineId === event.args.lineId);
      if (!line) continue;
      state.lastItem = { itemId: line.itemId, name: line.name, turn: event.turn };
      state.lastChange = { kind: event.name === "remove_from_cart" ? "remove" : "update", itemId: line.itemId, name: line.name, quantity: line.quantity };
      if (line.notes) state.lastChange.notes = line.notes;
    }
  }
  return state;
}
