import { tool } from "@langchain/core/tools";
import { OrderListQuery, OrderPage } from "@ustbites/contracts";
import type { Clients } from "./clients.ts";
import { compactOrder, NOT_FOUND_ORDER } from "./order-view.ts";
import { failed, more, ok } from "./results.ts";

export const ORDERS_SHOWN = 8;

export const ListMyOrdersInput = OrderListQuery.pick({ status: true }).extend({
  status: OrderListQuery.shape.status.describe("Only orders in this status, e.g. CONFIRMED; leave out for all."),
});

export function createListMyOrdersTool(clients: Clients) {
  return tool(
    async (input) => {
      try {
        const page = await clients.order.request({ path: "/orders", query: { ...input, limit: ORDERS_SHOWN }, schema: OrderPage });
        return ok({ orders: page.items.map(compactOrder), ...more(page.total, page.items.length) });
      } catch (err) {
        return failed(err, { notFound: NOT_FOUND_ORDER });
      }
    },
    {
      name: "list_my_orders",
      description: `The student's orders, newest first: up to ${ORDERS_SHOWN} (id, restaurant, items, total, status, placed, eta) and \`more\` when there are others.`,
      schema: ListMyOrdersInput,
    },
  );
}
