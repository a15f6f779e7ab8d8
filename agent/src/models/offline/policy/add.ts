/** Adding dishes: find each one, ask when it is ambiguous, add it, and explain what could not be added. */
import { CART_QUANTITY_MAX } from "@ustbites/contracts";
import { ASK_QUANTITY } from "../understand/quantity.ts";
import type { PlannedCall } from "../types.ts";
import type { AddRequest, Address, Intent } from "../types.ts";
import * as say from "../replies.ts";
import { type Candidates, candidatesFor, resolveRestaurantId } from "../resolve.ts";
import type { ItemInfo } from "../state/conversation.ts";
import { matchName, matchTier, nameTokens } from "../text.ts";
import { parseReference } from "../understand/references.ts";
import { call, calls, type Ctx, done, lastDone, type Plan, PRONOUN_ITEM, reply } from "./context.ts";

export function placeOrderArgs(address: Address): Record<string, unknown> {
  return { deliveryAddress: { ...address } };
}

export function planAdd(intent: Extract<Intent, { kind: "add" }>, ctx: Ctx): Plan {
  // Quantities are checked before anything is looked up: "a few" gets a question, 50 the limit.
  const vague = intent.items.find((r) => r.quantity === ASK_QUANTITY);
  if (vague) return reply(say.howMany(vague.name), "asked");
  const tooMany = intent.items.find((r) => r.quantity > CART_QUANTITY_MAX);
  if (tooMany) return reply(say.overLimit(tooMany, CART_QUANTITY_MAX), "failed");
  const requests = intent.items;
  const hint = intent.restaurant;
  const hintId = hint ? resolveRestaurantId(hint, ctx.memory) : undefined;

  // "another one of those" with nothing touched yet in this conversation: the cart says what "those" are.
  const pointsAtCart = requests.some((r) => parseReference(r.name)?.ref.kind === "again") && !ctx.state.lastItem;
  if (pointsAtCart && !ctx.memory.cart && !lastDone(ctx, "view_cart")) return call("view_cart");

  const fresh = new Set(
    ctx.conv.events.filter((e) => e.turn >= ctx.turn - 1).flatMap((e) => e.extracted.items.map((i) => i.id)),
  );
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
    // Still nothing, but the student named the restaurant: read its menu, where typos are forgiven word by word.
    if (searched && !result.items.length && hint) {
      const menu = lastDone(ctx, "get_menu");
      const found = lastDone(ctx, "search_restaurants");
      const id = hintId ?? found?.extracted.restaurants.find((r) => matchTier(hint, r.name) >= 1)?.id;
      if (!menu && id) {
        finds.push({ name: "get_menu", args: { restaurantId: id } });
        continue;
      }
      if (!menu && !found) {
        finds.push({ name: "search_restaurants", args: { q: hint.slice(0, 100) } });
        continue;
      }
      const named = menu?.extracted.items.filter((i) => matchName(request.name, i.name).coverage === 1) ?? [];
      if (named.length) result = { tier: 1, items: named, elsewhere: [] };
    }
    // Dishes seen turns ago may be a partial view (a filtered list): look again unless the student
    // just saw them or named the restaurant.
    const stale = !hint && result.items.some((i) => !fresh.has(i.id));
    const pointed = result.items.length > 0 && parseReference(request.name) !== undefined;
    if (
      !searched &&
      !pointed &&
      !PRONOUN_ITEM.test(request.name) &&
      (result.items.length === 0 || result.tier < 2 || stale)
    ) {
      finds.push({
        name: "find_items",
        args: hintId ? { q: request.name.slice(0, 100), restaurantId: hintId } : { q: request.name.slice(0, 100) },
      });
    }
    resolved.push({ request, result });
  }
  if (finds.length) return calls(finds);

  const added: string[] = [];
  const problems: string[] = [];
  let question: string | undefined;
  let alternativesFor: ItemInfo | undefined;
  const seen = new Map<string, number>();
  for (const { request, result } of resolved) {
    if (result.items.length > 1) {
      question ??= say.whichOne(request.name, result.items);
      continue;
    }
    const item = result.items[0];
    if (!item) {
      if (result.elsewhere.length) {
        question ??= say.foundElsewhere(request.name, hint!, result.elsewhere);
      } else {
        problems.push(say.notOnAnyMenu(request.name));
      }
      continue;
    }
    // The same dish twice ("2 wraps, one of them no onions") is two lines: the n-th request for a dish is its n-th add.
    const nth = seen.get(item.id) ?? 0;
    seen.set(item.id, nth + 1);
    const attempt = done(ctx, "add_to_cart", (e) => e.args.itemId === item.id)[nth];
    if (!attempt) {
      if (item.available === false) {
        problems.push(say.soldOut(item, true));
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
    if (attempt.error.code === "cart_conflict") {
      problems.push(say.cartConflict(item, attempt.error.message));
      break;
    }
    if (attempt.error.code === "sold_out") {
      problems.push(say.soldOut(item, false));
      alternativesFor ??= item;
    } else if (attempt.error.code === "restaurant_closed") {
      problems.push(say.closed(item));
    } else {
      problems.push(say.couldNot(`add ${item.name}`, attempt.error));
    }
  }

  if (alternativesFor) {
    const q = alternativesFor.section ?? nameTokens(alternativesFor.name).at(-1) ?? alternativesFor.name;
    const args: Record<string, unknown> = alternativesFor.restaurantId
      ? { q, restaurantId: alternativesFor.restaurantId }
      : { q };
    const alt = lastDone(ctx, "find_items", (e) => e.args.q === q);
    if (!alt) return call("find_items", args);
    const options = alt.extracted.items.filter((i) => i.available !== false && i.id !== alternativesFor.id).slice(0, 4);
    if (options.length) problems.push(say.similarDishes(options));
  }

  const parts: string[] = [];
  if (added.length) parts.push(say.added(added, ctx.memory.cart));
  parts.push(...problems);
  if (question) parts.push(question);
  const allAdded = added.length === requests.length;
  if (allAdded && intent.address) {
    return call("place_order", placeOrderArgs(intent.address), [...parts, say.summaryToConfirm()].join("\n"));
  }
  if (allAdded) parts.push(say.anythingElse());
  return reply(parts.join("\n"), question ? "asked" : allAdded ? "done" : "failed");
}
