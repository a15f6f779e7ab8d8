import { tool } from "@langchain/core/tools";
import { Order, OrderHistory, type ToolResult } from "@ustbites/contracts";
import { z } from "zod";
import type { Clients } from "./clients.ts";
import { compactOrder, NOT_FOUND_ORDER } from "./order-view.ts";
import { modelRef } from "./refs.ts";
import { describeFailure, time } from "./results.ts";

export const OrderRefInput = z.strictObject({ orderId: modelRef("order id") });
export const GetOrderStatusInput = OrderRefInput;

export function createGetOrderStatusTool(clients: Clients) {
  return tool(
    async ({ orderId }): Promise<ToolResult<"get_order_status">> => {
      try {
        const path = `/orders/${encodeURIComponent(orderId)}`;
        const [order, history] = await Promise.all([
          clients.order.request({ path, schema: Order }),
          clients.order.request({ path: `${path}/events`, schema: OrderHistory }),
        ]);
        const address = order.deliveryAddress;
        return {
          ...compactOrder(order),
          deliverTo: [address.building, address.room].filter(Boolean).join(", "),
          ...(order.failureReason ? { failure: order.failureReason } : {}),
          history: history.events.map((event) => ({
            status: event.status,
            at: time(event.at) ?? event.at,
            ...(event.detail ? { note: event.detail } : {}),
          })),
        };
      } catch (err) {
        return describeFailure(err, { notFound: NOT_FOUND_ORDER });
      }
    },
    { name: "get_order_status", description: "One order's status, ETA and history.", schema: GetOrderStatusInput },
  );
}
