/**
 * intent + memory → the next message. Each intent has a small plan that looks at which tools already
 * ran for this student message and either asks for the next call or writes the reply. The plans
 * never read instructions from tool results: results only supply ids, names, prices and outcomes.
 */
import type { BaseMessage } from "@langchain/core/messages";
import { CANCELLABLE_STATUSES, CART_QUANTITY_MAX, shortOrderId } from "@ustbites/contracts";
import { extractAddress, parseAddress, parseIntent, parseStandaloneAddress } from "./intents.ts";
import { type CartInfo, type CartLineInfo, type Conversation, type ItemInfo, latestOrder, type Memory, type OrderInfo, readConversation, type ToolEvent } from "./memory.ts";
import * as say from "./replies.ts";
import { matchName, matchTier, nameTokens, normalize } from "./text.ts";
import type { AddRequest, Address, Decision, Intent, PlannedCall } from "./types.ts";

/** Tool calls one student message may lead to before the model stops and asks. */
export const MAX_TOOL_CALLS_PER_TURN = 6;

type Outcome = "done" | "asked" | "failed";
type Plan = Decision & { outcome?: Outcome };

const reply = (text: string, outcome?: Outcome): Plan => (outcome ? { text, toolCalls: [], outcome } : { text, toolCalls: [] });
const calls = (toolCalls: PlannedCall[], text = ""): Plan => ({ text, toolCalls });
const call = (name: string, args: Record<string, unknown> = {}, text = ""): Plan => calls([{ name, args }], text);

interface Ctx {
  conv: Conversation;
  memory: Memory;
  turn: number;
  /** Calls made for the current student message (done or not). */
  turnEvents: ToolEvent[];
  prevEvents: ToolEvent[];
}

const done = (ctx: Ctx, name: string, pred: (e: ToolEvent) => boolean = () => true) => ctx.turnEvents.filter((e) => e.done && e.name === name && pred(e));
const lastDone = (ctx: Ctx, name: string, pred?: (e: ToolEvent) => boolean) => done(ctx, name, pred).at(-1);

const isConflict = (error: string) => /cart (?:has|holds) items from|clear it|another restaurant|one restaurant/i.test(error);
const isSoldOut = (error: string) => /sold out|unavailable|not available|no longer on the menu/i.test(error);
const isClosed = (error: string) => /\bclosed\b/i.test(error);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const PRONOUN_ITEM = /^(?:it|that|this|them|those|these|one|that one|this one|the same|same)$/;

// ---------------------------------------------------------------- resolution of names

function restaurantMatches(hint: string, item: ItemInfo, hintId: string | undefined): boolean {
  if (hintId && item.restaurantId === hintId) return true;
  return item.restaurantName !== undefined && matchTier(hint, item.restaurantName) >= 2;
}

function resolveRestaurantId(hint: string, memory: Memory): string | undefined {
  const ranked = memory.restaurants.map((r) => ({ r, tier: matchTier(hint, r.name) })).filter((x) => x.tier >= 2);
  const best = Math.max(0, ...ranked.map((x) => x.tier));
  const top = ranked.filter((x) => x.tier === best);
  return top.length === 1 ? top[0]!.r.id : undefined;
}

/** Restaurants the student is "at": the cart's, then the menu looked at last. */
function focusRestaurants(ctx: Ctx): string[] {
  const names: string[] = [];
  if (ctx.memory.cart?.lines.length && ctx.memory.cart.restaurantName) names.push(ctx.memory.cart.restaurantName);
  const menu = ctx.conv.events.filter((e) => e.done && e.name === "get_menu" && e.extracted.restaurants.length).at(-1);
  if (menu) names.push(menu.extracted.restaurants[0]!.name);
  return names;
}

interface Candidates {
  tier: number;
  items: ItemInfo[];
  /** Matches found, but not at the restaurant the student named. */
  elsewhere: ItemInfo[];
}

/**
 * When no known name matches well, the dishes the service itself returned for this request's words
 * decide: the one sharing the most words with the request ("margherita pizza" → "Margherita").
 */
function bestOfFound(request: AddRequest, found: ItemInfo[]): ItemInfo[] {
  const ranked = found
    .map((item) => ({ item, m: matchName(request.name, item.name) }))
    .filter((x) => x.m.coverage > 0)
    .sort((a, b) => b.m.coverage - a.m.coverage || b.m.precision - a.m.precision);
  const top = ranked[0];
  if (!top) return [];
  return ranked.filter((x) => x.m.coverage === top.m.coverage && x.m.precision === top.m.precision).map((x) => x.item);
}

function candidatesFor(request: AddRequest, hint: string | undefined, ctx: Ctx, found?: ItemInfo[], useFocus = true): Candidates {
  const hintId = hint ? resolveRestaurantId(hint, ctx.memory) : undefined;
  if (PRONOUN_ITEM.test(request.name)) {
    const shown = ctx.conv.events.filter((e) => e.done && e.extracted.items.length).at(-1)?.extracted.items ?? [];
    return { tier: 3, items: shown.filter((i) => !hint || restaurantMatches(hint, i, hintId)), elsewhere: [] };
  }
  const scored = ctx.memory.items.map((item) => ({ item, tier: matchTier(request.name, item.name) })).filter((x) => x.tier > 0);
  const atHint = hint ? scored.filter((x) => restaurantMatches(hint, x.item, hintId)) : scored;
  let tier = Math.max(0, ...atHint.map((x) => x.tier));
  let items = atHint.filter((x) => x.tier === tier).map((x) => x.item);
  if (!items.length && found) {
    items = bestOfFound(request, hint ? found.filter((i) => restaurantMatches(hint, i, hintId)) : found);
    tier = items.length ? 1 : 0;
  }
  // One exact name beats partial ones ("Margherita" over "Margherita Flatbread"), but two exact
  // names at two restaurants stay a question.
  if (items.length > 1 && !hint && useFocus) {
    for (const focus of focusRestaurants(ctx)) {
      const here = items.filter((i) => i.restaurantName === focus);
      if (here.length) {
        items = here;
        break;
      }
    }
  }
  const elsewhere = hint && !items.length ? scored.filter((x) => x.tier >= 2).map((x) => x.item) : [];
  return { tier, items, elsewhere };
}

function lineFor(target: string | undefined, cart: CartInfo, ctx: Ctx): { line?: CartLineInfo; ambiguous?: CartLineInfo[] } {
  const lines = cart.lines;
  if (!lines.length) return {};
  if (!target) {
    const added = ctx.conv.events.filter((e) => e.done && !e.error && e.name === "add_to_cart").at(-1);
    const name = added ? ctx.memory.items.find((i) => i.id === added.args.itemId)?.name : undefined;
    const line = name ? lines.filter((l) => l.name === name).at(-1) : undefined;
    if (line) return { line };
    return lines.length === 1 ? { line: lines[0]! } : { ambiguous: lines };
  }
  const scored = lines.map((line) => ({ line, tier: matchTier(target, line.name) })).filter((x) => x.tier > 0);
  const best = Math.max(0, ...scored.map((x) => x.tier));
  const top = scored.filter((x) => x.tier === best).map((x) => x.line);
  if (top.length === 1) return { line: top[0]! };
  return top.length ? { ambiguous: top } : {};
}

// ---------------------------------------------------------------- what the previous turn left open

function lastHumanIndex(messages: BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.getType() === "human") return i;
  return -1;
}

/** place_order args to re-propose after the student asked for changes at the confirmation. */
function changeRequestedCheckout(ctx: Ctx, messages: BaseMessage[]): Record<string, unknown> | undefined {
  const at = lastHumanIndex(messages);
  const before = at > 0 ? messages[at - 1] : undefined;
  if (!before || before.getType() !== "tool") return undefined;
  const event = ctx.prevEvents.filter((e) => e.done).at(-1);
  if (!event || event.name !== "place_order" || !isRecord(event.data)) return undefined;
  return event.data.declined === "change_requested" ? event.args : undefined;
}

function pendingConflict(ctx: Ctx): ToolEvent | undefined {
  const adds = ctx.prevEvents.filter((e) => e.done && e.name === "add_to_cart");
  const last = adds.at(-1);
  return last?.error && isConflict(last.error) ? last : undefined;
}

function previousIntent(ctx: Ctx): Intent | undefined {
  const text = ctx.conv.humans[ctx.turn - 2];
  return text === undefined ? undefined : parseIntent(text);
}

/** The student answering "which one?": an ordinal, a restaurant, or a word of the dish's name. */
function pickChoice(text: string, options: ItemInfo[]): ItemInfo | undefined {
  const t = normalize(text)
    .replace(/\b(?:the|one|ones|from|at|please|i'?ll take|i want|i'?d like|option|number|no|go with|take|id|ill|i|want|like|meant|mean)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const ordinals: Record<string, number> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, fifth: 5, "5th": 5, sixth: 6, "6th": 6 };
  const n = /^#?\s*(\d+)$/.exec(t)?.[1] ?? (ordinals[t] !== undefined ? String(ordinals[t]) : undefined);
  if (n !== undefined) return options[Number(n) - 1];
  if (t === "last") return options.at(-1);
  if (!nameTokens(t).length) return undefined;
  const hits = options.filter((o) => matchName(t, `${o.name} ${o.restaurantName ?? ""}`).coverage === 1);
  return hits.length === 1 ? hits[0] : undefined;
}

function openChoice(ctx: Ctx, prev: Extract<Intent, { kind: "add" }>): { request: AddRequest; options: ItemInfo[] } | undefined {
  const added = new Set(ctx.prevEvents.filter((e) => e.done && !e.error && e.name === "add_to_cart").map((e) => e.args.itemId));
  for (const request of prev.items) {
    // Without the focus narrowing: the choice itself (now in the cart) must not hide the question.
    const { items } = candidatesFor(request, prev.restaurant, ctx, undefined, false);
    if (items.length > 1 && !items.some((i) => added.has(i.id))) return { request, options: items };
  }
  return undefined;
}

function knownAddress(ctx: Ctx): Address | undefined {
  for (let i = ctx.conv.humans.length - 1; i >= 0; i--) {
    const found = extractAddress(ctx.conv.humans[i]!).address;
    if (found) return found;
  }
  const placed = ctx.conv.events.filter((e) => e.name === "place_order").at(-1);
  const a = placed && isRecord(placed.args.deliveryAddress) ? placed.args.deliveryAddress : undefined;
  return a && typeof a.building === "string" ? (a as unknown as Address) : undefined;
}

// ---------------------------------------------------------------- plans

function placeOrderArgs(address: Address): Record<string, unknown> {
  return { deliveryAddress: { ...address } };
}

function planAdd(intent: Extract<Intent, { kind: "add" }>, ctx: Ctx): Plan {
  const requests = intent.items.map((r) => ({ ...r, quantity: Math.min(Math.max(r.quantity, 1), CART_QUANTITY_MAX) }));
  const hint = intent.restaurant;
  const hintId = hint ? resolveRestaurantId(hint, ctx.memory) : undefined;

  const fresh = new Set(ctx.conv.events.filter((e) => e.turn >= ctx.turn - 1).flatMap((e) => e.extracted.items.map((i) => i.id)));
  const finds: PlannedCall[] = [];
  const resolved: { request: AddRequest; result: Candidates }[] = [];
  for (const request of requests) {
    const search = lastDone(ctx, "find_items", (e) => e.args.q === request.name.slice(0, 100));
    let result = candidatesFor(request, hint, ctx, search?.extracted.items);
    const searched = search !== undefined;
    // Nothing for the whole phrase ("margherita pizza"): try its most telling word ("margherita").
    const keyword = nameTokens(request.name).reduce((a, b) => (b.length > a.length ? b : a), "");
    if (searched && !result.items.length && keyword && keyword !== request.name) {
      const retry = lastDone(ctx, "find_items", (e) => e.args.q === keyword);
      if (!retry) {
        finds.push({ name: "find_items", args: hintId ? { q: keyword, restaurantId: hintId } : { q: keyword } });
        continue;
      }
      result = candidatesFor(request, hint, ctx, retry.extracted.items);
    }
    // Dishes seen turns ago may be a partial view (a filtered list): look again unless the student
    // just saw them or named the restaurant.
    const stale = !hint && result.items.some((i) => !fresh.has(i.id));
    if (!searched && !PRONOUN_ITEM.test(request.name) && (result.items.length === 0 || result.tier < 2 || stale)) {
      finds.push({ name: "find_items", args: hintId ? { q: request.name.slice(0, 100), restaurantId: hintId } : { q: request.name.slice(0, 100) } });
    }
    resolved.push({ request, result });
  }
  if (finds.length) return calls(finds);

  const added: string[] = [];
  const problems: string[] = [];
  let question: string | undefined;
  let alternativesFor: ItemInfo | undefined;
  for (const { request, result } of resolved) {
    if (result.items.length > 1) {
      question ??= `I found a few matches for "${request.name}". Which one would you like?\n${say.choices(result.items)}`;
      continue;
    }
    const item = result.items[0];
    if (!item) {
      if (result.elsewhere.length) {
        question ??= `I couldn't find "${request.name}" at ${hint}, but I found:\n${say.choices(result.elsewhere)}\nWant one of these?`;
      } else {
        problems.push(`I couldn't find "${request.name}" on any menu. Try "find ${request.name}" or ask for a restaurant's menu.`);
      }
      continue;
    }
    const attempt = done(ctx, "add_to_cart", (e) => e.args.itemId === item.id).at(-1);
    if (!attempt) {
      if (item.available === false) {
        problems.push(`Sorry, ${item.name}${item.restaurantName ? ` at ${item.restaurantName}` : ""} is sold out right now.`);
        alternativesFor ??= item;
        continue;
      }
      const args: Record<string, unknown> = { itemId: item.id, quantity: request.quantity };
      if (request.notes) args.notes = request.notes.slice(0, 200);
      return call("add_to_cart", args);
    }
    if (!attempt.error) {
      added.push(say.describeRequest(request, item));
      continue;
    }
    if (isConflict(attempt.error)) {
      const cartFrom = /items from ([^;,]+)/i.exec(attempt.error)?.[1]?.trim() ?? ctx.memory.cart?.restaurantName;
      problems.push(
        `Your cart already has items from ${cartFrom ?? "another restaurant"}, and a cart can only hold one restaurant's food, so I didn't add ${item.name}${
          item.restaurantName ? ` from ${item.restaurantName}` : ""
        }. Want me to clear your cart and add it? Just say "yes" (or "clear my cart").`,
      );
      break;
    }
    if (isSoldOut(attempt.error)) {
      problems.push(`Sorry, ${item.name} is sold out right now.`);
      alternativesFor ??= item;
    } else if (isClosed(attempt.error)) {
      problems.push(
        `${item.restaurantName ?? "That restaurant"} is closed right now, so I couldn't add ${item.name}. Ask me "what's open now?" to see where you can order.`,
      );
    } else {
      problems.push(`I couldn't add ${item.name}: ${attempt.error}.`);
    }
  }

  if (alternativesFor) {
    const q = alternativesFor.section ?? nameTokens(alternativesFor.name).at(-1) ?? alternativesFor.name;
    const args: Record<string, unknown> = alternativesFor.restaurantId ? { q, restaurantId: alternativesFor.restaurantId } : { q };
    const alt = lastDone(ctx, "find_items", (e) => e.args.q === q);
    if (!alt) return call("find_items", args);
    const options = alt.extracted.items.filter((i) => i.available !== false && i.id !== alternativesFor.id).slice(0, 4);
    if (options.length) problems.push(`Similar dishes that are available:\n${say.itemList(options)}`);
  }

  const parts: string[] = [];
  if (added.length) parts.push(`Added ${added.join(" and ")} to your cart.${say.cartTotalLine(ctx.memory.cart)}`);
  parts.push(...problems);
  if (question) parts.push(question);
  const allAdded = added.length === requests.length;
  if (allAdded && intent.address) {
    return call("place_order", placeOrderArgs(intent.address), `${parts.join("\n")}\nHere's your order summary to confirm.`);
  }
  if (allAdded) parts.push("Anything else, or shall I check out? Tell me where to deliver (e.g. \"deliver to Hall 5 room 512\").");
  return reply(parts.join("\n"), question ? "asked" : allAdded ? "done" : "failed");
}

function planLineChange(intent: Extract<Intent, { kind: "update" | "remove" }>, ctx: Ctx): Plan {
  const change = ctx.turnEvents.filter((e) => e.done && (e.name === "update_cart_item" || e.name === "remove_from_cart")).at(-1);
  if (change) {
    if (change.error) return reply(`I couldn't change that: ${change.error}.`, "failed");
    const cart = change.extracted.cart ?? ctx.memory.cart;
    return reply(`Done. ${cart ? say.cartSummary(cart) : ""}`.trim(), "done");
  }
  const viewed = lastDone(ctx, "view_cart");
  const cart = ctx.memory.cart;
  if (!cart && !viewed) return call("view_cart");
  if (!cart || !cart.lines.length) return reply("Your cart is empty, so there's nothing to change.", "failed");
  const { line, ambiguous } = lineFor(intent.target, cart, ctx);
  if (!line && !ambiguous && !viewed) return call("view_cart");
  if (!line) {
    if (ambiguous) return reply(`Which item do you mean?\n${ambiguous.map((l) => `• ${l.quantity} × ${l.name}${l.notes ? ` (${l.notes})` : ""}`).join("\n")}`, "asked");
    return reply(`I don't see "${intent.target}" in your cart. ${say.cartSummary(cart)}`, "failed");
  }
  if (intent.kind === "remove") {
    if (intent.quantity !== undefined && intent.quantity < line.quantity) {
      return call("update_cart_item", { lineId: line.lineId, quantity: line.quantity - intent.quantity });
    }
    return call("remove_from_cart", { lineId: line.lineId });
  }
  if (intent.quantity === 0) return call("remove_from_cart", { lineId: line.lineId });
  const args: Record<string, unknown> = { lineId: line.lineId };
  if (intent.quantity !== undefined) args.quantity = Math.min(intent.quantity, CART_QUANTITY_MAX);
  if (intent.notes !== undefined) {
    const notes = line.notes && !line.notes.toLowerCase().includes(intent.notes.toLowerCase()) ? `${line.notes}, ${intent.notes}` : intent.notes;
    args.notes = notes.slice(0, 200);
  }
  if (args.quantity === undefined && args.notes === undefined) return reply("What would you like to change: the quantity or a note for the kitchen?", "asked");
  return call("update_cart_item", args);
}

function planClear(ctx: Ctx, conflict: ToolEvent | undefined): Plan {
  const cleared = lastDone(ctx, "clear_cart");
  if (!cleared) return call("clear_cart");
  if (cleared.error) return reply(`I couldn't clear your cart: ${cleared.error}.`, "failed");
  if (conflict) {
    const retried = lastDone(ctx, "add_to_cart");
    if (!retried) return call("add_to_cart", conflict.args, "Cleared your cart.");
    const name = ctx.memory.items.find((i) => i.id === conflict.args.itemId)?.name ?? "the item";
    if (retried.error) return reply(`I cleared your cart, but couldn't add ${name}: ${retried.error}.`, "failed");
    return reply(`Cleared your cart and added ${conflict.args.quantity ?? 1} × ${name}.${say.cartTotalLine(ctx.memory.cart)} Anything else?`, "done");
  }
  return reply("Your cart is empty now. What would you like instead?", "done");
}

function planCheckout(address: Address | undefined, bypassAttempt: boolean, ctx: Ctx): Plan {
  const prefix = bypassAttempt ? "I can't skip the confirmation step, but I can set the order up for you to approve. " : "";
  const where = address ?? knownAddress(ctx);
  if (ctx.memory.cart && !ctx.memory.cart.lines.length && !ctx.turnEvents.length) {
    return reply(`${prefix}Your cart is empty, so there's nothing to check out yet. What would you like to order?`, "failed");
  }
  if (!where) return reply(`${prefix}Where should I deliver it? Tell me the building and room, e.g. "Hall 5, room 512".`, "asked");
  return call("place_order", placeOrderArgs(where), `${prefix}Here's your order summary for ${say.describeAddress(where)}; please confirm it.`);
}

/** The reply once a guarded call (place_order / cancel_order) has its answer. */
function guardedOutcome(event: ToolEvent): Plan {
  const data = isRecord(event.data) ? event.data : {};
  const placing = event.name === "place_order";
  if (event.error) {
    const e = event.error;
    if (/payment declined/i.test(e)) {
      const reason = /payment declined:\s*([^;]+)/i.exec(e)?.[1]?.trim();
      return reply(
        `Your payment was declined${reason ? ` (${reason})` : ""}. Nothing was charged and your cart is still there; say "check out" to try again with another card.`,
        "failed",
      );
    }
    if (/cart changed/i.test(e)) return reply(`Your cart changed since the summary, so I didn't place the order. Say "check out" to see the updated summary.`, "failed");
    if (/cart is empty/i.test(e)) return reply("Your cart is empty, so there's nothing to order yet. What would you like?", "failed");
    if (/sold out/i.test(e)) return reply(`Some items aren't available any more (${e}). Remove them and check out again.`, "failed");
    return reply(placing ? `I couldn't place the order: ${e}.` : `I couldn't cancel the order: ${e}.`, "failed");
  }
  if (data.declined) {
    return reply(placing ? "OK, I didn't place the order. Your cart is unchanged; tell me if you'd like to change anything." : "OK, your order stays as it is.", "done");
  }
  const orderId = typeof data.orderId === "string" ? data.orderId : undefined;
  const order = event.extracted.orders[0];
  if (placing) {
    const eta = say.clock(order?.eta);
    return reply(
      `Your order is placed!${orderId ? ` Order ${shortOrderId(orderId)}` : ""}${order?.status ? ` is ${say.statusWords(order.status)}` : ""}${
        order?.total ? `, total ${order.total}` : ""
      }.${eta ? ` Expected around ${eta}.` : ""} Ask me "where's my order?" any time.`,
      "done",
    );
  }
  const refund = typeof data.refund === "string" ? ` A refund of ${data.refund} is on its way.` : "";
  return reply(`Your order${orderId ? ` ${shortOrderId(orderId)}` : ""} is cancelled.${refund}`, "done");
}

function matchOrderRef(ref: string | undefined, memory: Memory): OrderInfo | undefined {
  if (!ref) return undefined;
  const compact = ref.replace(/-/g, "");
  return memory.orders.find((o) => {
    const id = o.id.replace(/-/g, "");
    // Known orders carry the thread's short handle; a student may type the full id.
    return id === compact || id.startsWith(compact) || id.endsWith(compact) || compact.endsWith(id);
  });
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order a status/track/cancel question is about, or the call that finds it. */
function targetOrder(ref: string | undefined, ctx: Ctx, prefer?: (o: OrderInfo) => boolean): { order?: OrderInfo; id?: string; next?: Plan } {
  const known = matchOrderRef(ref, ctx.memory);
  if (known) return { order: known, id: known.id };
  if (ref && UUID_RE.test(ref)) return { id: ref };
  const listed = lastDone(ctx, "list_my_orders");
  if (!ref) {
    const latest = (prefer && latestOrder(ctx.memory, prefer)) ?? latestOrder(ctx.memory);
    if (latest) return { order: latest, id: latest.id };
  }
  if (!listed) return { next: call("list_my_orders") };
  if (listed.error) return { next: reply(`I couldn't look up your orders: ${listed.error}.`, "failed") };
  if (!listed.extracted.orders.length) return { next: reply("You haven't placed any orders yet. Want to find something to eat?", "done") };
  return { next: reply(`I couldn't find order ${ref} among your orders. Your recent orders:\n${listed.extracted.orders.slice(0, 5).map(say.orderLine).join("\n")}`, "failed") };
}

function planStatus(intent: Extract<Intent, { kind: "order_status" }>, ctx: Ctx): Plan {
  if (intent.all) {
    const listed = lastDone(ctx, "list_my_orders");
    if (!listed) return call("list_my_orders");
    if (listed.error) return reply(`I couldn't look up your orders: ${listed.error}.`, "failed");
    const orders = listed.extracted.orders;
    return reply(orders.length ? `Your orders, newest first:\n${orders.map(say.orderLine).join("\n")}` : "You haven't placed any orders yet.", "done");
  }
  const status = lastDone(ctx, "get_order_status");
  if (status) {
    if (status.error) return reply(`I couldn't get that order's status: ${status.error}.`, "failed");
    const order = status.extracted.orders[0];
    return reply(order ? say.orderStatus(order) : "I couldn't read that order's status.", "done");
  }
  const target = targetOrder(intent.orderRef, ctx);
  if (target.next) return target.next;
  return call("get_order_status", { orderId: target.id });
}

function planTrack(intent: Extract<Intent, { kind: "track" }>, ctx: Ctx): Plan {
  const tracked = lastDone(ctx, "track_delivery");
  if (tracked && !tracked.error) {
    return reply(tracked.extracted.delivery ? say.deliveryStatus(tracked.extracted.delivery) : "I couldn't read the delivery details.", "done");
  }
  if (tracked?.error) {
    const status = lastDone(ctx, "get_order_status");
    if (!status) return call("get_order_status", { orderId: tracked.args.orderId });
    if (status.error) return reply(`I couldn't track that order: ${status.error}.`, "failed");
    const order = status.extracted.orders[0];
    return reply(`No courier is on it yet. ${order ? say.orderStatus(order) : ""}`.trim(), "done");
  }
  const target = targetOrder(intent.orderRef, ctx, (o) => o.status !== "DELIVERED" && o.status !== "CANCELLED" && o.status !== "PAYMENT_FAILED");
  if (target.next) return target.next;
  return call("track_delivery", { orderId: target.id });
}

function planCancel(intent: Extract<Intent, { kind: "cancel_order" }>, ctx: Ctx): Plan {
  const cancellable = (o: OrderInfo) => (CANCELLABLE_STATUSES as readonly string[]).includes(o.status ?? "");
  const target = targetOrder(intent.orderRef, ctx, cancellable);
  if (target.next) return target.next;
  const args: Record<string, unknown> = { orderId: target.id };
  if (intent.reason) args.reason = intent.reason;
  return call("cancel_order", args, "Here's the order to cancel; please confirm.");
}

function planSearch(intent: Extract<Intent, { kind: "search" }>, ctx: Ctx): Plan {
  const searched = ctx.turnEvents.filter((e) => e.done && (e.name === "find_items" || e.name === "search_restaurants")).at(-1);
  if (searched) {
    if (searched.error) {
      if (/no (?:dishes|restaurants) found/i.test(searched.error)) return reply("I couldn't find anything matching that. Try another dish, cuisine or budget?", "done");
      return reply(`I couldn't search just now: ${searched.error}.`, "failed");
    }
    const more = isRecord(searched.data) && typeof searched.data.more === "number" ? searched.data.more : 0;
    if (searched.name === "find_items") {
      const items = searched.extracted.items;
      if (!items.length) return reply("I couldn't find any dishes matching that. Try another dish, cuisine or budget?", "done");
      return reply(`Here's what I found:\n${say.itemList(items, more)}\nWant me to add one to your cart?`, "done");
    }
    const restaurants = searched.extracted.restaurants;
    if (!restaurants.length) return reply("I couldn't find any restaurants matching that. Try another cuisine, or ask what's open now?", "done");
    return reply(`Here are some places:\n${say.restaurantList(restaurants, more)}\nWant to see one of their menus?`, "done");
  }
  const args: Record<string, unknown> = {};
  if (intent.dish) {
    args.q = intent.dish.slice(0, 100);
    if (intent.tag) args.tag = intent.tag;
    if (intent.maxPriceCents !== undefined) args.maxPriceCents = intent.maxPriceCents;
    return call("find_items", args);
  }
  if (intent.cuisine !== undefined || intent.openNow || (intent.tag === undefined && intent.maxPriceCents === undefined)) {
    if (intent.cuisine) args.cuisine = intent.cuisine;
    if (intent.tag) args.tag = intent.tag;
    if (intent.maxPriceCents !== undefined) args.maxPriceCents = intent.maxPriceCents;
    if (intent.openNow) args.openNow = true;
    return call("search_restaurants", args);
  }
  if (intent.tag) args.tag = intent.tag;
  if (intent.maxPriceCents !== undefined) args.maxPriceCents = intent.maxPriceCents;
  return call("find_items", args);
}

function planMenu(intent: Extract<Intent, { kind: "menu" }>, ctx: Ctx): Plan {
  const menu = lastDone(ctx, "get_menu");
  if (menu) {
    if (menu.error) return reply(`I couldn't open that menu: ${menu.error}.`, "failed");
    const restaurant = menu.extracted.restaurants[0];
    const bySection = new Map<string, ItemInfo[]>();
    for (const item of menu.extracted.items) {
      const key = item.section ?? "Menu";
      bySection.set(key, [...(bySection.get(key) ?? []), item]);
    }
    const sections = [...bySection].map(([name, items]) => `${name}: ${items.map((i) => say.itemLine(i, false)).join(", ")}`);
    const more = isRecord(menu.data) && typeof menu.data.more === "number" ? menu.data.more : 0;
    const open = restaurant?.open === undefined ? "" : restaurant.open ? " (open now)" : " (closed right now)";
    return reply(
      `${restaurant?.name ?? "The"} menu${open}:\n${sections.join("\n")}${more ? `\n…and ${more} more; ask me to find a specific dish.` : ""}\nWhat would you like to add?`,
      "done",
    );
  }
  const name = intent.restaurant;
  if (!name) {
    const focus = focusRestaurants(ctx)
      .map((n) => ctx.memory.restaurants.find((r) => r.name === n))
      .find(Boolean);
    if (focus) return call("get_menu", { restaurantId: focus.id });
    return reply("Which restaurant's menu would you like? Ask me to show restaurants if you're not sure.", "asked");
  }
  const id = resolveRestaurantId(name, ctx.memory);
  if (id) return call("get_menu", { restaurantId: id });
  const search = lastDone(ctx, "search_restaurants");
  if (!search) return call("search_restaurants", { q: name.slice(0, 100) });
  if (search.error || !search.extracted.restaurants.length) return reply(`I couldn't find a restaurant called "${name}". Want me to list the restaurants?`, "failed");
  const ranked = search.extracted.restaurants.filter((r) => matchTier(name, r.name) >= 1);
  const pick = ranked[0] ?? search.extracted.restaurants[0]!;
  return call("get_menu", { restaurantId: pick.id });
}

function planConfirm(ctx: Ctx, conflict: ToolEvent | undefined): Plan {
  if (conflict) return planClear(ctx, conflict);
  const prev = previousIntent(ctx);
  if (prev?.kind === "add" && ctx.memory.cart?.lines.length) return planCheckout(undefined, false, ctx);
  return reply(
    "There's nothing waiting for your confirmation right now. When I set up an order or a cancellation, you'll get a summary to approve. What would you like to do?",
    "done",
  );
}

function planAddress(address: Address, ctx: Ctx): Plan {
  if (ctx.memory.cart && !ctx.memory.cart.lines.length) return reply(`Got it, ${say.describeAddress(address)}. Your cart is empty though; what would you like to order?`, "done");
  return planCheckout(address, false, ctx);
}

// ---------------------------------------------------------------- entry point

function planFor(intent: Intent, ctx: Ctx): Plan {
  switch (intent.kind) {
    case "greeting":
      return reply(say.greeting());
    case "help":
      return reply(say.help());
    case "thanks":
      return reply(say.thanks());
    case "off_topic":
      return reply(say.offTopic());
    case "abuse":
      return reply(say.abuse());
    case "others_data":
      return reply(say.othersData());
    case "bypass":
      return reply(say.bypass());
    case "search":
      return planSearch(intent, ctx);
    case "menu":
      return planMenu(intent, ctx);
    case "add":
      return planAdd(intent, ctx);
    case "update":
    case "remove":
      return planLineChange(intent, ctx);
    case "clear":
      return planClear(ctx, pendingConflict(ctx));
    case "view_cart": {
      const viewed = lastDone(ctx, "view_cart");
      if (!viewed) return call("view_cart");
      if (viewed.error) return reply(`I couldn't open your cart: ${viewed.error}.`, "failed");
      return reply(viewed.extracted.cart ? say.cartSummary(viewed.extracted.cart) : "Your cart is empty.", "done");
    }
    case "checkout":
      return planCheckout(intent.address, intent.bypassAttempt === true, ctx);
    case "address":
      return planAddress(intent.address, ctx);
    case "confirm":
      return planConfirm(ctx, pendingConflict(ctx));
    case "reject":
      return pendingConflict(ctx)
        ? reply("OK, I left your cart as it is.", "done")
        : reply("OK, nothing to do then. Tell me whenever you want to find food or check on an order.", "done");
    case "order_status":
      return planStatus(intent, ctx);
    case "track":
      return planTrack(intent, ctx);
    case "cancel_order":
      return planCancel(intent, ctx);
    case "unknown":
      return reply(say.unknown());
  }
}

/** Reads what the student meant in context: an answer to the question the last reply asked. */
function contextualIntent(intent: Intent, text: string, ctx: Ctx): Intent {
  const prev = previousIntent(ctx);
  if (prev?.kind === "add" && (intent.kind === "unknown" || intent.kind === "search" || intent.kind === "add" || intent.kind === "confirm")) {
    const open = openChoice(ctx, prev);
    const picked = open ? pickChoice(text, open.options) : undefined;
    if (open && picked) {
      const request: AddRequest = { ...open.request, name: picked.name };
      const chosen: Intent = { kind: "add", items: [request] };
      if (picked.restaurantName) chosen.restaurant = picked.restaurantName;
      if (prev.address) chosen.address = prev.address;
      return chosen;
    }
  }
  const askedAddress = prev?.kind === "checkout" && !prev.address && !ctx.prevEvents.some((e) => e.name === "place_order");
  if (askedAddress && (intent.kind === "unknown" || intent.kind === "search")) {
    const address = parseStandaloneAddress(text) ?? (text.split(/\s+/).length <= 8 ? parseAddress(text) : undefined);
    if (address) return { kind: "address", address };
  }
  return intent;
}

export interface PolicyOptions {
  /** Names of the tools the model may call (those bound to it). */
  tools: ReadonlySet<string>;
}

const CART_CHANGING = new Set(["add", "update", "remove", "clear"]);

export function decide(messages: BaseMessage[], options: PolicyOptions): Decision {
  const conv = readConversation(messages);
  const turn = conv.humans.length;
  if (turn === 0) return { text: say.greeting(), toolCalls: [] };
  const ctx: Ctx = {
    conv,
    memory: conv.memory,
    turn,
    turnEvents: conv.events.filter((e) => e.turn === turn),
    prevEvents: conv.events.filter((e) => e.turn === turn - 1),
  };

  const lastEvent = ctx.turnEvents.at(-1);
  let plan: Plan;
  if (conv.afterTool && lastEvent?.done && (lastEvent.name === "place_order" || lastEvent.name === "cancel_order")) {
    plan = guardedOutcome(lastEvent);
  } else if (conv.afterTool && ctx.turnEvents.length >= MAX_TOOL_CALLS_PER_TURN) {
    plan = reply(say.stuck(), "failed");
  } else {
    const text = conv.humans[turn - 1]!;
    const intent = contextualIntent(parseIntent(text), text, ctx);
    plan = planFor(intent, ctx);
    const resume = changeRequestedCheckout(ctx, messages);
    if (resume && CART_CHANGING.has(intent.kind) && plan.outcome === "done" && !plan.toolCalls.length) {
      plan = call("place_order", resume, `${plan.text.split("\n")[0]} Here's the updated order for you to confirm.`);
    }
  }

  const missing = plan.toolCalls.find((c) => !options.tools.has(c.name));
  if (missing) return { text: say.toolMissing(missing.name), toolCalls: [] };
  return { text: plan.text, toolCalls: plan.toolCalls };
}
