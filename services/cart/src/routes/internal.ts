import { Cart, Problem, CartOwnerParams } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import { z } from "zod";
import type { Carts } from "../domain/carts.ts";

export interface InternalCartRoutesOptions {
  carts: Carts;
}

/**
 * A student's cart as order-service reads and empties it while placing their order. The student is
 * named in the path, which is trusted only because nothing but order-service's own service token
 * passes (kit/service-identity); the gateway refuses /internal under every prefix.
 */
const access = { services: ["order"] } as const;
const common = { tags: ["internal"], security: [{ bearer: [] }], params: CartOwnerParams };
const refused = { 401: Problem, 403: Problem };

export async function internalCartRoutes(app: App, opts: InternalCartRoutesOptions): Promise<void> {
  const { carts } = opts;

  app.get(
    "/internal/carts/:userId",
    {
      config: { access },
      schema: {
        ...common,
        summary: "A student's cart, re-priced now (order-service only)",
        response: { 200: Cart, 400: Problem, ...refused, 502: Problem, 503: Problem },
      },
    },
    async (request) => carts.view({ id: request.params.userId, requestId: String(request.id) }),
  );

  app.delete(
    "/internal/carts/:userId",
    {
      config: { access },
      schema: {
        ...common,
        summary: "Empty a student's cart after their order (order-service only)",
        response: { 204: z.null().describe("The cart is empty"), 400: Problem, ...refused },
      },
    },
    async (request, reply) => {
      await carts.clear({ id: request.params.userId, requestId: String(request.id) });
      return reply.status(204).send(null);
    },
  );
}
