import { tool } from "@langchain/core/tools";
import { OrderListQuery, OrderPage, type ToolResult } from "@ustbites/contracts";
import type { Clients } from "./clients.ts";
import { compactOrder, NOT_FOUND_ORDER } from "./order-view.ts";
import { describeFailure, more } from "./results.ts";

export const ORDERS_SHOWN = 8;

export const ListMyOrdersInput = OrderListQuery.pick({ status: true });

export function createListMyOrdersTool(clients: Clients) {
  return tool(
    async (input): Promise<ToolResult<"list_my_orders">> => {
      try {
        const page = await clients.order.request({
          path: "/orders",
          query: { ...input, limit: ORDERS_SHOWN },
          schema: OrderPage,
        });
        return { orders: page.items.map(compactOrder), ...more(page.total, page.items.length) };
      } catch (err) {
        return describeFailure(err, { notFound: NOT_FOUND_ORDER });
      }
    },
    { name: "list_my_orders", description: "The student's orders, newest first.", schema: ListMyOrdersInput },
  );
}
