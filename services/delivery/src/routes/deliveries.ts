import { Delivery, OrderIdParams, Problem } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Deliveries } from "../domain/deliveries.ts";

export async function deliveryRoutes(app: App, opts: { deliveries: Deliveries }): Promise<void> {
  app.get(
    "/deliveries/:orderId",
    {
      // The student's own order; couriers follow theirs at /courier/deliveries.
      config: { access: ["student"] },
      schema: {
        tags: ["deliveries"],
        summary: "Track the delivery of one of your orders",
        description:
          "The courier, status, ETA and status history of the delivery of the caller's own order. 404 until a courier is assigned, and for anyone else's order.",
        security: [{ bearer: [] }],
        params: OrderIdParams,
        response: { 200: Delivery, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => opts.deliveries.track(request.params.orderId, currentUser(request).id),
  );
}
