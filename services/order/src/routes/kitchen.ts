import {
  AcceptOrderBody,
  IdParams,
  KitchenOrder,
  KitchenOrderList,
  Problem,
  RejectOrderBody,
} from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Kitchen } from "../domain/kitchen.ts";

const common = { tags: ["kitchen"], security: [{ bearer: [] }] };
// Staff only, and only for their own restaurant: the restaurant comes from the token, never the request.
const staff = { access: ["staff"] } as const;
const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export async function kitchenRoutes(app: App, opts: { kitchen: Kitchen }): Promise<void> {
  const { kitchen } = opts;

  app.get(
    "/kitchen/orders",
    {
      config: staff,
      schema: {
        ...common,
        summary: "Your restaurant's orders waiting to be accepted, being prepared or waiting for pickup, oldest first",
        response: { 200: KitchenOrderList, 401: Problem, 403: Problem },
      },
    },
    async (request) => kitchen.list(currentUser(request)),
  );

  app.post(
    "/kitchen/orders/:id/accept",
    {
      config: staff,
      schema: {
        ...common,
        summary: "Accept a paid order with how long it will take; a courier is assigned",
        params: IdParams,
        body: AcceptOrderBody,
        response: { 200: KitchenOrder, ...problems },
      },
    },
    async (request) => kitchen.accept(currentUser(request), request.params.id, request.body),
  );

  app.post(
    "/kitchen/orders/:id/reject",
    {
      config: staff,
      schema: {
        ...common,
        summary: "Reject a paid order you cannot make; the student is refunded and told your reason",
        params: IdParams,
        body: RejectOrderBody,
        response: { 200: KitchenOrder, ...problems },
      },
    },
    async (request) => kitchen.reject(currentUser(request), request.params.id, request.body.reason),
  );

  app.post(
    "/kitchen/orders/:id/ready",
    {
      config: staff,
      schema: {
        ...common,
        summary: "The food is ready: the courier may pick it up",
        params: IdParams,
        response: { 200: KitchenOrder, ...problems },
      },
    },
    async (request) => kitchen.ready(currentUser(request), request.params.id),
  );
}
