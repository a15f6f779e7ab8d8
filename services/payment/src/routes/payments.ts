import { CreatePaymentBody, IdParams, Payment, PaymentLookupQuery, Problem } from "@ustbites/contracts";
import type { Access, App } from "@ustbites/kit";
import type { Payments } from "../domain/payments.ts";

export interface PaymentRoutesOptions {
  payments: Payments;
}

const security = [{ bearer: [] }];
/** order-service, acting for the saga; no student, staff or admin token is accepted. */
const access: Access = { services: ["order"] };

/**
 * There is no refund route: money goes back only through the saga (payment-service consumes
 * order.cancelled and order.payment_failed), so a refund always ends an order rather than leaving a
 * refunded order on its way to the student.
 */
export async function paymentRoutes(app: App, opts: PaymentRoutesOptions): Promise<void> {
  const { payments } = opts;

  app.post(
    "/payments",
    {
      config: { access },
      schema: {
        tags: ["payments"],
        summary: "Charge a card for an order (idempotent by orderId)",
        description:
          "Called by order-service with its service token, for the student in body.userId. 201: a new payment, SUCCEEDED or DECLINED (a declined " +
          "payment exists; see status and declineReason). 200: the order already had a payment; it is returned " +
          "unchanged and nothing is charged again. 409 idempotency-conflict: same orderId, different amount/card; " +
          "409 idempotency-in-progress: the first request for this order is still with the processor.",
        security,
        body: CreatePaymentBody,
        response: { 200: Payment, 201: Payment, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { payment, created } = await payments.create(request.body);
      return reply.status(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    "/payments",
    {
      config: { access },
      schema: {
        tags: ["payments"],
        summary: "An order's payment (reconciliation)",
        security,
        querystring: PaymentLookupQuery,
        response: { 200: Payment, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request) => payments.findByOrder(request.query.orderId),
  );

  app.get(
    "/payments/:id",
    {
      config: { access },
      schema: {
        tags: ["payments"],
        summary: "One payment",
        security,
        params: IdParams,
        response: { 200: Payment, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request) => payments.get(request.params.id),
  );
}
