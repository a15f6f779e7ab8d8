import { tool } from "@langchain/core/tools";
import { Delivery, type ToolResult } from "@ustbites/contracts";
import type { Clients } from "./clients.ts";
import { OrderRefInput } from "./get-order-status.ts";
import { describeFailure, time } from "./results.ts";

export const TrackDeliveryInput = OrderRefInput;

export function createTrackDeliveryTool(clients: Clients) {
  return tool(
    async ({ orderId }): Promise<ToolResult<"track_delivery">> => {
      try {
        const delivery = await clients.delivery.request({
          path: `/deliveries/${encodeURIComponent(orderId)}`,
          schema: Delivery,
        });
        return {
          orderId: delivery.orderId,
          status: delivery.status,
          courier: `${delivery.courier.name} (${delivery.courier.vehicle}, ${delivery.courier.phone})`,
          eta: time(delivery.eta),
          pickedUp: time(delivery.pickedUpAt),
          delivered: time(delivery.deliveredAt),
        };
      } catch (err) {
        // delivery-service answers 404 both before a courier is assigned and for anyone else's order.
        return describeFailure(err, {
          notFound: "no courier assigned yet (or no such order); get_order_status tells which",
        });
      }
    },
    { name: "track_delivery", description: "The courier and ETA of an order.", schema: TrackDeliveryInput },
  );
}
