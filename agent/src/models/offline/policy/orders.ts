/** Orders: status, tracking and cancelling, for the order named or the newest one. */
import { CANCELLABLE_STATUSES } from "@ustbites/contracts";
import * as say from "../replies.ts";
import { latestOrder, type Memory, type OrderInfo } from "../state/conversation.ts";
import type { Intent } from "../types.ts";
import { matchName } from "../text.ts";
import { call, type Ctx, lastDone, type Plan, reply } from "./context.ts";

export function matchOrderRef(ref: string | undefined, memory: Memory): OrderInfo | undefined {
  if (!ref) return undefined;
  const compact = ref.replace(/-/g, "");
  return memory.orders.find((o) => {
    const id = o.id.replace(/-/g, "");
    // Known orders carry the thread's short handle; a student may type the full id.
    return id === compact || id.startsWith(compact) || id.endsWith(compact) || compact.endsWith(id);
  });
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order a status/track/cancel question is about, or the call that finds it. */
export function targetOrder(
  ref: string | undefined,
  ctx: Ctx,
  prefer?: (o: OrderInfo) => boolean,
  about?: string,
): { order?: OrderInfo; id?: string; next?: Plan } {
  const known = matchOrderRef(ref, ctx.memory);
  if (known) return { order: known, id: known.id };
  if (ref && UUID_RE.test(ref)) return { id: ref };
  const listed = lastDone(ctx, "list_my_orders");
  // "where's my pizza", "cancel the ramen one": the orders are looked at before one is picked.
  if (!ref && about) {
    if (!listed) return { next: call("list_my_orders") };
    const named = listed.extracted.orders.filter(
      (o) => matchName(about, `${o.items ?? ""} ${o.restaurantName ?? ""}`).coverage > 0,
    );
    const pick = (prefer && named.find(prefer)) ?? named[0];
    if (pick) return { order: pick, id: pick.id };
  }
  if (!ref) {
    const latest = (prefer && latestOrder(ctx.memory, prefer)) ?? latestOrder(ctx.memory);
    if (latest) return { order: latest, id: latest.id };
  }
  if (!listed) return { next: call("list_my_orders") };
  if (listed.error) return { next: reply(say.couldNot("look up your orders", listed.error), "failed") };
  if (!listed.extracted.orders.length) return { next: reply(say.noOrders(), "done") };
  return { next: reply(say.orderNotFound(ref ?? "", listed.extracted.orders), "failed") };
}

export function planStatus(intent: Extract<Intent, { kind: "order_status" }>, ctx: Ctx): Plan {
  if (intent.all) {
    const listed = lastDone(ctx, "list_my_orders");
    if (!listed) return call("list_my_orders");
    if (listed.error) return reply(say.couldNot("look up your orders", listed.error), "failed");
    const orders = listed.extracted.orders;
    return reply(
      orders.length
        ? `Your orders, newest first:\n${orders.map(say.orderLine).join("\n")}`
        : "You haven't placed any orders yet.",
      "done",
    );
  }
  const status = lastDone(ctx, "get_order_status");
  if (status) {
    if (status.error) return reply(say.couldNot("get that order's status", status.error), "failed");
    const order = status.extracted.orders[0];
    return reply(order ? say.orderStatus(order) : "I couldn't read that order's status.", "done");
  }
  const target = targetOrder(intent.orderRef, ctx, undefined, intent.about);
  if (target.next) return target.next;
  return call("get_order_status", { orderId: target.id });
}

export function planTrack(intent: Extract<Intent, { kind: "track" }>, ctx: Ctx): Plan {
  const tracked = lastDone(ctx, "track_delivery");
  if (tracked && !tracked.error) {
    return reply(
      tracked.extracted.delivery
        ? say.deliveryStatus(tracked.extracted.delivery)
        : "I couldn't read the delivery details.",
      "done",
    );
  }
  if (tracked?.error) {
    const status = lastDone(ctx, "get_order_status");
    if (!status) return call("get_order_status", { orderId: tracked.args.orderId });
    if (status.error) return reply(say.couldNot("track that order", status.error), "failed");
    const order = status.extracted.orders[0];
    return reply(say.noCourierYet(order), "done");
  }
  const target = targetOrder(
    intent.orderRef,
    ctx,
    (o) => o.status !== "DELIVERED" && o.status !== "CANCELLED" && o.status !== "PAYMENT_FAILED",
    intent.about,
  );
  if (target.next) return target.next;
  // A finished order has no delivery to track: its status says what happened.
  if (target.order && ["DELIVERED", "CANCELLED", "PAYMENT_FAILED"].includes(target.order.status))
    return reply(say.orderStatus(target.order), "done");
  return call("track_delivery", { orderId: target.id });
}

export function planCancel(intent: Extract<Intent, { kind: "cancel_order" }>, ctx: Ctx): Plan {
  const cancellable = (o: OrderInfo) => (CANCELLABLE_STATUSES as readonly string[]).includes(o.status ?? "");
  const target = targetOrder(intent.orderRef, ctx, cancellable, intent.about);
  if (target.next) return target.next;
  // Look before asking: an order the courier already has cannot be cancelled, so no confirmation is shown.
  if (target.order && !cancellable(target.order)) return reply(say.notCancellable(target.order), "failed");
  const args: Record<string, unknown> = { orderId: target.id };
  if (intent.reason) args.reason = intent.reason;
  return call("cancel_order", args, "Here's the order to cancel; please confirm.");
}
