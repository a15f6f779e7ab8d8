/** Checking out: look before asking (an empty cart is said first), the address, the confirmation's outcome. */
import type { BaseMessage } from "@langchain/core/messages";
import { parseIntent } from "../understand/intents.ts";
import { extractAddress } from "../understand/address.ts";
import * as say from "../replies.ts";
import { candidatesFor } from "../resolve.ts";
import type { ItemInfo, ToolEvent } from "../state/conversation.ts";
import type { AddRequest, Address, Intent } from "../types.ts";
import { placeOrderArgs } from "./add.ts";
import { planClear } from "./cart.ts";
import { call, type Ctx, failedWith, lastDone, type Plan, reply } from "./context.ts";

export function lastHumanIndex(messages: BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.getType() === "human") return i;
  return -1;
}

/** place_order args to re-propose after the student asked for changes at the confirmation. */
export function changeRequestedCheckout(ctx: Ctx, messages: BaseMessage[]): Record<string, unknown> | undefined {
  const at = lastHumanIndex(messages);
  const before = at > 0 ? messages[at - 1] : undefined;
  if (!before || before.getType() !== "tool") return undefined;
  const event = ctx.prevEvents.filter((e) => e.done).at(-1);
  if (!event || event.name !== "place_order") return undefined;
  return event.extracted.declined === "change_requested" ? event.args : undefined;
}

export function pendingConflict(ctx: Ctx): ToolEvent | undefined {
  const adds = ctx.prevEvents.filter((e) => e.done && e.name === "add_to_cart");
  const last = adds.at(-1);
  return failedWith(last, "cart_conflict") ? last : undefined;
}

export function previousIntent(ctx: Ctx): Intent | undefined {
  const text = ctx.conv.humans[ctx.turn - 2];
  return text === undefined ? undefined : parseIntent(text);
}

/** The student answering "which one?": an ordinal, a restaurant, or a word of the dish's name. */

export function openChoice(
  ctx: Ctx,
  prev: Extract<Intent, { kind: "add" }>,
): { request: AddRequest; options: ItemInfo[] } | undefined {
  const added = new Set(
    ctx.prevEvents.filter((e) => e.done && !e.error && e.name === "add_to_cart").map((e) => e.args.itemId),
  );
  for (const request of prev.items) {
    // Without the focus narrowing: the choice itself (now in the cart) must not hide the question.
    const { items } = candidatesFor(request, prev.restaurant, ctx, undefined, false);
    if (items.length > 1 && !items.some((i) => added.has(i.id))) return { request, options: items };
  }
  return undefined;
}

export function knownAddress(ctx: Ctx): Address | undefined {
  for (let i = ctx.conv.humans.length - 1; i >= 0; i--) {
    const found = extractAddress(ctx.conv.humans[i]!).address;
    if (found) return found;
  }
  const placed = ctx.conv.events.filter((e) => e.name === "place_order").at(-1);
  const a =
    placed && typeof placed.args.deliveryAddress === "object" && placed.args.deliveryAddress !== null
      ? (placed.args.deliveryAddress as Record<string, unknown>)
      : undefined;
  return a && typeof a.building === "string" ? (a as unknown as Address) : undefined;
}

export function planCheckout(address: Address | undefined, bypassAttempt: boolean, ctx: Ctx): Plan {
  const prefix = bypassAttempt
    ? "I can't skip the confirmation step, but I can set the order up for you to approve. "
    : "";
  const where = address ?? knownAddress(ctx);
  // Look before asking: a cart nobody has looked at yet is looked at, and an empty one is said before any address is asked.
  const cart = ctx.memory.cart;
  if (!cart && !lastDone(ctx, "view_cart")) return call("view_cart");
  if (cart && !cart.lines.length) return reply(`${prefix}${say.emptyCart()}`, "failed");
  if (!where) return reply(`${prefix}${say.askAddress()}`, "asked");
  return call("place_order", placeOrderArgs(where), `${prefix}${say.summaryFor(say.describeAddress(where))}`);
}

/** The reply once a guarded call (place_order / cancel_order) has its answer. */
export function guardedOutcome(event: ToolEvent): Plan {
  const placing = event.name === "place_order";
  if (event.error) return reply(say.guardedFailure(placing, event.error), "failed");
  if (event.extracted.declined) return reply(placing ? say.orderDeclined() : say.cancelDeclined(), "done");
  const order = event.extracted.orders[0];
  if (!order) return reply(say.couldNot(placing ? "read the new order" : "read the cancellation", undefined), "failed");
  return reply(placing ? say.orderPlaced(order) : say.orderCancelled(order, event.extracted.refund), "done");
}

export function planConfirm(ctx: Ctx, conflict: ToolEvent | undefined): Plan {
  if (conflict) return planClear(ctx, conflict);
  const prev = previousIntent(ctx);
  if (prev?.kind === "add" && ctx.memory.cart?.lines.length) return planCheckout(undefined, false, ctx);
  return reply(say.nothingToConfirm(), "done");
}

export function planAddress(address: Address, ctx: Ctx): Plan {
  if (ctx.memory.cart && !ctx.memory.cart.lines.length)
    return reply(say.addressButEmpty(say.describeAddress(address)), "done");
  return planCheckout(address, false, ctx);
}
