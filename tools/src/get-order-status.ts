import { tool } from "@langchain/core/tools";
import { Order, OrderHistory, OrderIdParams } from "@ustbites/contracts";
import type { Clients } from "./clients.ts";
import { itemsLine, NOT_FOUND_ORDER } from "./order-view.ts";
import { failed, money, ok, time } from "./results.ts";

export const GetOrderStatusInput = OrderIdParams.extend({
  orderId: OrderIdParams.shape.orderId.describe("The order's id, from place_order or list_my_orders."),
});

export function createGetOrderStatusTool(clients: Clients) {
  return tool(
    async ({ orderId }) => {
      try {
        const path = `/orders/${encodeURIComponent(orderId)}`;
        const [order, history] = await Promise.all([
          clients.order.request({ path, schema: Order }),
          clients.order.request({ path: `${path}/events`, schema: OrderHistory }),
        ]);
        const address = order.deliveryAddress;
        return ok({
          id: order.id,
          status: order.status,
          restaurant: order.restaurantName,
          items: itemsLine(order.items),
          total: money(order.totalCents),
          eta: time(order.eta),
          deliverTo: [address.building, address.room].filter(Boolean).join(", "),
          failure: order.failureReason ?? undefined,
          history: history.events.map((event) => ({ status: event.status, at: time(event.at), ...(event.detail ? { note: event.detail } : {}) })),
        });
      } catch (err) {
        return failed(err, { notFound: NOT_FOUND_ORDER });
      }
    },
    {
      name: "get_order_status",
      description: "One of the student's orders: status, items, total, ETA, delivery address and its status history.",
      schema: GetOrderStatusInput,
    },
  );
}
