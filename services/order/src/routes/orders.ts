import {
  CancelOrderBody,
  IdParams,
  Order,
  OrderHistory,
  OrderIdempotencyHeaders,
  OrderListQuery,
  OrderPage,
  PlaceOrderBody,
  Problem,
} from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { Orders } from "../domain/orders.ts";

export interface OrderRoutesOptions {
  orders: Orders;
}

const common = { tags: ["orders"], security: [{ bearer: [] }] };
// A student's own orders: staff work from /kitchen/orders, couriers from delivery-service.
const config = { access: ["student"] } as const;
const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export async function orderRoutes(app: App, opts: OrderRoutesOptions): Promise<void> {
  const { orders } = opts;
  app.post(
    "/orders",
    {
      config,
      schema: {
        ...common,
        summary: "Place an order from your cart (re-priced now), paying with the card given",
        description:
          "201 with the order CONFIRMED, or PAYMENT_FAILED when the card was declined (the cart is kept). " +
          "202 with the order PENDING when payment did not answer in time; it settles later (watch GET /orders/:id or the stream). " +
          "200 with the same order when the Idempotency-Key was seen before with the same body; 409 with a different body.",
        headers: OrderIdempotencyHeaders,
        body: PlaceOrderBody,
        response: {
          200: Order,
          201: Order,
          202: Order,
          400: Problem,
          401: Problem,
          403: Problem,
          409: Problem,
          503: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await orders.place(
        currentUser(request),
        request.headers["idempotency-key"],
        request.body,
        String(request.id),
      );
      return reply.status(result.status).send(result.order);
    },
  );

  app.get(
    "/orders",
    {
      config,
      schema: {
        ...common,
        summary: "Your orders, newest first",
        querystring: OrderListQuery,
        response: { 200: OrderPage, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => orders.list(currentUser(request).id, request.query),
  );

  app.get(
    "/orders/:id",
    {
      config,
      schema: { ...common, summary: "One of your orders", params: IdParams, response: { 200: Order, ...problems } },
    },
    async (request) => orders.get(currentUser(request).id, request.params.id),
  );

  app.get(
    "/orders/:id/events",
    {
      config,
      schema: {
        ...common,
        summary: "The order's status history, by seq",
        params: IdParams,
        response: { 200: OrderHistory, ...problems },
      },
    },
    async (request) => orders.history(currentUser(request).id, request.params.id),
  );

  app.post(
    "/orders/:id/cancel",
    {
      config,
      schema: {
        ...common,
        summary: "Cancel your order before pickup (the payment is refunded)",
        params: IdParams,
        // Optional: `POST /orders/:id/cancel` with no body at all cancels without a reason.
        body: CancelOrderBody.nullish(),
        response: { 200: Order, ...problems, 409: Problem },
      },
    },
    async (request) => orders.cancel(currentUser(request).id, request.params.id, request.body ?? {}),
  );
}
