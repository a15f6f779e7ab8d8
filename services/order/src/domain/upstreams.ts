import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import {
  Cart,
  ItemLookupResponse,
  Payment,
  PROBLEM_TYPES,
  Restaurant,
  type CreatePaymentBody,
  type ServiceName,
} from "@ustbites/contracts";
import { createServiceClient, ServiceError } from "@ustbites/kit/client";
import type { PaymentOutcome } from "./saga.ts";

export interface UpstreamOptions {
  cartUrl: string;
  restaurantUrl: string;
  paymentUrl: string;
  /** A service token for calling `audience` as order-service (kit's createServiceTokenSource). */
  serviceToken: (audience: ServiceName) => Promise<string>;
  /** Per attempt of POST /payments. */
  paymentTimeoutMs: number;
  /** Extra attempts after a timeout, a network failure, a 502/503/504 or "still in progress". */
  paymentRetries?: number;
  fetch?: typeof fetch;
}

/** Whom the call is made for: the student's id (named to cart's internal route), and the request id for the logs. */
export interface Caller {
  userId: string;
  requestId: string;
}

/** The payment call's answer; `unknown` means the outcome will arrive later as a payment.* event. */
export type PaymentAttempt = PaymentOutcome | { kind: "unknown"; reason: string };

const RETRY_STATUSES = new Set([502, 503, 504]);

/**
 * The services order-service calls while placing an order, always as itself: a service token made
 * out to each callee (cart's and restaurant's internal routes, payment), never the student's token.
 * Which student an order is for travels as the cart route's path, which cart trusts only from order.
 * A restaurant's page is public and is read with no credentials at all.
 */
export function createUpstreams(opts: UpstreamOptions) {
  const fetchOpt = opts.fetch ? { fetch: opts.fetch } : {};
  const cart = createServiceClient({
    service: "cart",
    baseUrl: opts.cartUrl,
    timeoutMs: 3000,
    retries: 1,
    ...fetchOpt,
  });
  const restaurant = createServiceClient({
    service: "restaurant",
    baseUrl: opts.restaurantUrl,
    timeoutMs: 3000,
    retries: 1,
    ...fetchOpt,
  });
  const payment = createServiceClient({
    service: "payment",
    baseUrl: opts.paymentUrl,
    timeoutMs: opts.paymentTimeoutMs,
    ...fetchOpt,
  });
  const paymentRetries = opts.paymentRetries ?? 2;

  /** order-service's token for `audience`; without one (user-service down) the callee is as good as unreachable. */
  const tokenFor = (audience: ServiceName) =>
    opts.serviceToken(audience).catch((err: unknown) => {
      throw new ServiceError(
        audience,
        0,
        `no service token for ${audience}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  const cartPath = (c: Caller) => `/internal/carts/${encodeURIComponent(c.userId)}`;

  return {
    getCart: async (c: Caller) =>
      cart.request({ path: cartPath(c), token: await tokenFor("cart"), requestId: c.requestId, schema: Cart }),

    clearCart: async (c: Caller) =>
      cart.request({
        method: "DELETE",
        path: cartPath(c),
        token: await tokenFor("cart"),
        requestId: c.requestId,
        schema: z.unknown(),
        retries: 0,
      }),

    lookupItems: async (ids: string[], c: Caller) =>
      (
        await restaurant.request({
          method: "POST",
          path: "/internal/items/lookup",
          body: { ids },
          token: await tokenFor("restaurant"),
          requestId: c.requestId,
          schema: ItemLookupResponse,
        })
      ).items,

    getRestaurant: (id: string, c: Caller) =>
      restaurant.request({
        path: `/restaurants/${encodeURIComponent(id)}`,
        requestId: c.requestId,
        schema: Restaurant,
      }),

    /**
     * POST /payments, retried with the same body: payment-service is idempotent by order id, so a retry
     * after a timeout returns the first attempt's payment instead of charging again.
     */
    async pay(body: CreatePaymentBody, c: Caller): Promise<PaymentAttempt> {
      let last = "no attempt made";
      let sent = false;
      for (let attempt = 0; attempt <= paymentRetries; attempt++) {
        if (attempt > 0) await sleep(100 * 2 ** (attempt - 1));
        let token: string;
        try {
          token = await opts.serviceToken("payment");
        } catch (err) {
          last = `no service token for payment: ${err instanceof Error ? err.message : String(err)}`;
          continue;
        }
        sent = true;
        try {
          const p = await payment.request({
            method: "POST",
            path: "/payments",
            body,
            token,
            requestId: c.requestId,
            schema: Payment,
            retries: 0,
          });
          if (p.status === "SUCCEEDED") {
            return {
              kind: "succeeded",
              paymentId: p.id,
              cardLast4: p.cardLast4,
              amountCents: p.amountCents,
              currency: p.currency,
              userId: p.userId,
            };
          }
          if (p.status === "DECLINED")
            return { kind: "failed", reason: p.declineReason ?? "card_declined", paymentId: p.id };
          last = `payment ${p.id} is ${p.status}`;
        } catch (err) {
          // An answer that is not a Payment (or not JSON) says nothing about whether the card was charged.
          if (!(err instanceof ServiceError))
            return { kind: "unknown", reason: err instanceof Error ? err.message : String(err) };
          last = err.message;
          const again =
            err.unreachable ||
            RETRY_STATUSES.has(err.status) ||
            err.problem?.type === PROBLEM_TYPES.idempotencyInProgress;
          if (again) continue;
          // A 5xx may have charged or not: only the payment.* event can tell.
          if (err.status >= 500) return { kind: "unknown", reason: last };
          // A 4xx refused the payment outright: nothing was charged.
          return { kind: "failed", reason: `payment refused: ${err.message}` };
        }
      }
      // Without a service token nothing reached payment-service: nothing can have been charged.
      return sent ? { kind: "unknown", reason: last } : { kind: "failed", reason: "payment service unavailable" };
    },
  };
}

export type Upstreams = ReturnType<typeof createUpstreams>;
