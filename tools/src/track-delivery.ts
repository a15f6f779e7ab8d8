import { tool } from "@langchain/core/tools";
import { Delivery, OrderIdParams } from "@ustbites/contracts";
import type { Clients } from "./clients.ts";
import { failed, ok, time } from "./results.ts";

export const TrackDeliveryInput = OrderIdParams.extend({
  orderId: OrderIdParams.shape.orderId.describe("The order's id, from place_order or list_my_orders."),
});

export function createTrackDeliveryTool(clients: Clients) {
  return tool(
    async ({ orderId }) => {
      try {
        const delivery = await clients.delivery.request({ path: `/deliveries/${encodeURIComponent(orderId)}`, schema: Delivery });
        return ok({
          orderId: delivery.orderId,
          status: delivery.status,
          courier: `${delivery.courier.name} (${delivery.courier.vehicle}, ${delivery.courier.phone})`,
          eta: time(delivery.eta),
          pickedUp: time(delivery.pickedUpAt),
          delivered: time(delivery.deliveredAt),
        });
      } catch (err) {
        // delivery-service answers 404 both before a courier is assigned and for anyone else's order.
        return failed(err, { notFound: "no delivery for this order yet (no courier assigned, or order not found); get_order_status tells which" });
      }
    },
    {
      name: "track_delivery",
      description: "Where the delivery of one of the student's orders stands: courier, status, ETA, pickup and delivery times.",
      schema: TrackDeliveryInput,
    },
  );
}
