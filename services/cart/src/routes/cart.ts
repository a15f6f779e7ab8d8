import { AddCartItemBody, Cart, CartLineParams, Problem, UpdateCartItemBody } from "@ustbites/contracts";
import { currentUser, type App } from "@ustbites/kit";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Caller } from "../clients/restaurant.ts";
import type { Carts } from "../domain/carts.ts";

export interface CartRoutesOptions {
  carts: Carts;
}

/** The cart is always the signed-in student's: the id comes from the token, never from the request. */
const caller = (request: FastifyRequest): Caller => {
  const user = currentUser(request);
  return { id: user.id, requestId: String(request.id) };
};

const common = { tags: ["cart"], security: [{ bearer: [] }] };
// Students only: staff, couriers and admins order nothing, so they have no cart.
const config = { access: ["student"] } as const;
// 502/503: restaurant-service, which every answer is priced from, did not answer.
const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 502: Problem, 503: Problem };

export async function cartRoutes(app: App, opts: CartRoutesOptions): Promise<void> {
  const { carts } = opts;
  app.get(
    "/cart",
    {
      config,
      schema: {
        ...common,
        summary: "Your cart, re-priced from the restaurant now",
        response: { 200: Cart, ...problems },
      },
    },
    async (request) => carts.view(caller(request)),
  );

  app.post(
    "/cart/items",
    {
      config,
      schema: {
        ...common,
        summary: "Add an item (the same item with the same notes adds to its line)",
        body: AddCartItemBody,
        response: { 201: Cart, ...problems, 409: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await carts.add(caller(request), request.body)),
  );

  app.patch(
    "/cart/items/:lineId",
    {
      config,
      schema: {
        ...common,
        summary: "Change a line's quantity and/or notes",
        params: CartLineParams,
        body: UpdateCartItemBody,
        response: { 200: Cart, ...problems },
      },
    },
    async (request) => carts.updateLine(caller(request), request.params.lineId, request.body),
  );

  app.delete(
    "/cart/items/:lineId",
    {
      config,
      schema: { ...common, summary: "Remove a line", params: CartLineParams, response: { 200: Cart, ...problems } },
    },
    async (request) => carts.removeLine(caller(request), request.params.lineId),
  );

  app.delete(
    "/cart",
    {
      config,
      schema: {
        ...common,
        summary: "Empty your cart",
        response: { 204: z.null().describe("The cart is empty"), 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      await carts.clear(caller(request));
      return reply.status(204).send(null);
    },
  );
}
