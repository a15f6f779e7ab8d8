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
  /** Which came last: a list shown, or a dish touched in the cart ("those" means that one). */
  recent?: "list" | "item";
  /** The one dish of `shown` the student asked about by name ("how much is the mango lassi"): "it", "2 of those". */
  focus?: ItemInfo;
  lastItem?: { itemId: string; name: string };
  lastChange?: CartChange;
  /** The cart as the last result before this message showed it (null: not seen in this conversation). */
  cart: CartInfo | null;
}

const cents = (price: string) => Number(price.replace(/[^\d]/g, ""));

/**
 * The state as checkpointed with the thread (graph/state.ts): what it was when the student wrote the
 * message with this id. Plain JSON, so any checkpointer stores it.
 */
export interface StoredDialogue {
  humanId: string;
  /** As it stood when the student wrote that message. */
  before: DialogueState;
  /** With that message's tool results so far folded in: where the next message starts. */
  after: DialogueState;
}

/** A list as the replies show it: the hottest first for "really spicy", by price when asked, else as the service ranked it. */
export function displayOrder(items: ItemInfo[], wants: { byPrice?: boolean; spicy?: boolean }): ItemInfo[] {
  if (wants.spicy)
    return items
      .filter((i) => (i.spice ?? 0) >= 2)
      .sort((a, b) => Number(b.available) - Number(a.available) || (b.spice ?? 0) - (a.spice ?? 0));
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

/** Nothing shown, touched or seen yet: a new conversation. */
export const emptyDialogue = (): DialogueState => ({ shown: [], cart: null });

/** The state after student message `turn` (1-based) was handled: `state` with that turn's tool results folded in. */
export function foldTurn(state: DialogueState, conv: Conversation, turn: number): DialogueState {
  const next: DialogueState = { ...state, shown: [...state.shown] };
  const asked = conv.humans[turn - 1] ?? "";
  for (const event of conv.events) {
    if (event.turn !== turn || !event.done || event.error) continue;
    const cartBefore = next.cart;
    if (event.extracted.cart) next.cart = event.extracted.cart;
    if ((event.name === "find_items" || event.name === "get_menu") && event.extracted.items.length) {
      // The list in the order the reply showed it: the request that asked for it says how it was sorted.
      const ordered = displayOrder(event.extracted.items, parseSearch(normalizeMessage(asked).toLowerCase()));
      // A search reply shows the first LIST_LIMIT dishes; a menu shows them all.
      next.shown = event.name === "find_items" ? ordered.slice(0, LIST_LIMIT) : ordered;
      next.recent = "list";
      const focus = focusOf(next.shown, asked);
      if (focus) next.focus = focus;
      else delete next.focus;
    } else if (event.name === "add_to_cart" && typeof event.args.itemId === "string") {
      const itemId = event.args.itemId;
      const item = conv.memory.items.find((i) => i.id === itemId);
      const name = lineOf(event, itemId)?.name ?? item?.name ?? "";
      next.lastItem = { itemId, name };
      next.recent = "item";
      next.lastChange = { kind: "add", itemId, name, quantity: Number(event.args.quantity ?? 1) };
      if (typeof event.args.notes === "string") next.lastChange.notes = event.args.notes;
      if (item?.restaurantId) next.lastChange.restaurantId = item.restaurantId;
      if (item?.restaurantName) next.lastChange.restaurantName = item.restaurantName;
    } else if (event.name === "update_cart_item" || event.name === "remove_from_cart") {
      const line = cartBefore?.lines.find((l) => l.lineId === event.args.lineId);
      if (!line) continue;
      next.lastItem = { itemId: line.itemId, name: line.name };
      next.recent = "item";
      next.lastChange = {
        kind: event.name === "remove_from_cart" ? "remove" : "update",
        itemId: line.itemId,
        name: line.name,
        quantity: line.quantity,
      };
      if (line.notes) next.lastChange.notes = line.notes;
    }
  }
  return next;
}

/**
 * The state as it stood when the student wrote message `turn`. From the stored state (the graph's
 * checkpoint) when the message it was stored at is in view: only the turns since are folded in, and
 * when that turn's own tool results are no longer in view (a trimmed history) its stored `after`
 * stands for them. Without one (a new thread, or a server that carries only messages) every
 * earlier turn is folded from the messages.
 */
export function dialogueAt(conv: Conversation, turn: number, stored?: StoredDialogue | null): DialogueState {
  const at = stored?.humanId ? conv.humanIds.lastIndexOf(stored.humanId) + 1 : 0;
  if (at === turn) return stored!.before;
  let state = emptyDialogue();
  let from = 1;
  if (at > 0 && at < turn) {
    state = conv.events.some((e) => e.turn === at) ? foldTurn(stored!.before, conv, at) : stored!.after;
    from = at + 1;
  }
  for (let t = from; t < turn; t++) state = foldTurn(state, conv, t);
  return state;
}

/** What to checkpoint after a model call for message `turn`: the state before it, and with its results so far. */
export function toStore(conv: Conversation, turn: number, before: DialogueState): StoredDialogue | undefined {
  const humanId = conv.humanIds[turn - 1];
  return humanId ? { humanId, before, after: foldTurn(before, conv, turn) } : undefined;
}
