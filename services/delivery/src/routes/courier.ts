import { CourierAssignment, CourierAssignmentList, OrderIdParams, Problem } from "@ustbites/contracts";
import { currentUser, HttpProblem, type App, type AuthenticatedUser } from "@ustbites/kit";
import type { Deliveries } from "../domain/deliveries.ts";

const common = { tags: ["courier"], security: [{ bearer: [] }] };
// Couriers only, and only their own deliveries: which courier comes from the token, never the request.
const couriersOnly = { access: ["courier"] } as const;
const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

/** Courier tokens always carry their fleet id (kit refuses one without); this narrows the type. */
function courierOf(user: AuthenticatedUser): string {
  if (!user.courierId) throw new HttpProblem(403, "Forbidden", { detail: "Only couriers have deliveries" });
  return user.courierId;
}

/** The courier screen's API; `onMoved` kicks the outbox relay after a step wrote an event. */
export async function courierAppRoutes(app: App, opts: { deliveries: Deliveries; onMoved: () => void }): Promise<void> {
  const { deliveries } = opts;

  app.get(
    "/courier/deliveries",
    {
      config: couriersOnly,
      schema: {
        ...common,
        summary: "Your deliveries: open ones first, then the last ten done",
        response: { 200: CourierAssignmentList, 401: Problem, 403: Problem },
      },
    },
    async (request) => ({ items: await deliveries.assignmentsOf(courierOf(currentUser(request))) }),
  );

  for (const [path, step, summary] of [
    ["picked-up", "picked_up", "You collected the food (only once the kitchen marked it ready)"],
    ["delivered", "delivered", "You handed it to the student"],
  ] as const) {
    app.post(
      `/courier/deliveries/:orderId/${path}`,
      {
        config: couriersOnly,
        schema: { ...common, summary, params: OrderIdParams, response: { 200: CourierAssignment, ...problems } },
      },
      async (request) => {
        const { assignment, moved } = await deliveries.courierStep(
          courierOf(currentUser(request)),
          request.params.orderId,
          step,
        );
        if (moved) opts.onMoved();
        return assignment;
      },
    );
  }
}
