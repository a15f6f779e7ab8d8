import type { Order, OrderLine } from "@ustbites/contracts";
import { money, time } from "./results.ts";

/** "2× Paneer Tikka Wrap, 1× Mango Lassi": an order's content in one short string. */
export const itemsLine = (items: Order["items"]) => items.map((item) => `${item.quantity}× ${item.name}`).join(", ");

/** An order as list_my_orders shows it. */
export const compactOrder = (order: Order): OrderLine => ({
  orderId: order.id,
  restaurant: order.restaurantName,
  items: itemsLine(order.items),
  total: money(order.totalCents),
  status: order.status,
  placed: time(order.createdAt) ?? order.createdAt,
  eta: time(order.eta),
});

export const NOT_FOUND_ORDER = "order not found; list_my_orders shows the student's orders";
