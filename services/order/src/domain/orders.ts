import {
  CURRENCY,
  DELIVERY_FEE_CENTS,
  isCancellableStatus,
  PROBLEM_TYPES,
  type CampusLocation,
  type CancelOrderBody,
  type MenuItem,
  type Order,
  type OrderHistory,
  type OrderListQuery,
  type OrderPage,
  type PlaceOrderBody,
} from "@ustbites/contracts";
import { conflict, HttpProblem, newId, notFound, type AuthenticatedUser } from "@ustbites/kit";
import { ServiceError } from "@ustbites/kit/client";
import type { FastifyBaseLogger } from "fastify";
import { isUniqueViolation, type OrderRepository, type OrderRow } from "../repositories/orders.ts";
import type { Saga } from "./saga.ts";
import type { Caller, Upstreams } from "./upstreams.ts";
import { requestHash, storedAddress, toOrder, toOrderEvent } from "./views.ts";

export interface OrdersDeps {
  repo: OrderRepository;
  saga: Saga;
  upstreams: Upstreams;
  now: () => Date;
  /** Called after every commit that wrote outbox rows, so the relay publishes now rather than at its next poll. */
  onEventsEnqueued: () => void;
  /** Called after this request confirmed an order (the simulated kitchen looks at it now). */
  onConfirmed: () => void;
  log: FastifyBaseLogger;
}

/** 200: a replay of an earlier request; 201: placed and settled (CONFIRMED or PAYMENT_FAILED); 202: placed, payment outcome pending. */
export type PlaceResult = { status: 200 | 201 | 202; order: Order };

const noOrder = (id: string) => notFound(`No order ${id}`);
const upstreamDown = (err: ServiceError) =>
  new HttpProblem(503, "Service Unavailable", {
    type: PROBLEM_TYPES.upstreamUnavailable,
    detail: `${err.service} service could not be reached: ${err.message}`,
  });

/**
 * Turns a failed call to cart or restaurant into a problem the student can act on. order-service calls
 * them as itself, so even a refusal (its service token) is an outage to the student, never their 401.
 */
function upstreamProblem(err: unknown): unknown {
  return err instanceof ServiceError ? upstreamDown(err) : err;
}

interface PricedCart {
  restaurant: { id: string; name: string; location: CampusLocation; prepTimeMinutes: number };
  lines: {
    id: string;
    itemId: string;
    name: string;
    unitPriceCents: number;
    quantity: number;
    notes: string | null;
    lineTotalCents: number;
  }[];
  subtotalCents: number;
}

export function createOrders(deps: OrdersDeps) {
  const { repo, saga, upstreams, log } = deps;

  function replay(existing: OrderRow, hash: string): PlaceResult {
    if (existing.requestHash !== hash) {
      throw conflict(
        `Idempotency-Key was already used for order ${existing.id} with a different request; use a new key for a new order`,
        PROBLEM_TYPES.idempotencyConflict,
      );
    }
    return { status: 200, order: toOrder(existing) };
  }

  /** Reads the cart and re-prices every line from restaurant-service in one lookup: cart prices are never trusted. */
  async function priceCart(caller: Caller): Promise<PricedCart> {
    const cart = await upstreams.getCart(caller).catch((err: unknown) => {
      throw upstreamProblem(err);
    });
    if (cart.lines.length === 0 || !cart.restaurantId)
      throw conflict("Your cart is empty: add items before placing an order", PROBLEM_TYPES.cartEmpty);
    const restaurantId = cart.restaurantId;
    const ids = [...new Set(cart.lines.map((l) => l.itemId))];
    const [items, restaurant] = await Promise.all([
      upstreams.lookupItems(ids, caller),
      upstreams.getRestaurant(restaurantId, caller),
    ]).catch((err: unknown) => {
      if (err instanceof ServiceError && err.status === 404) {
        throw conflict("The restaurant of your cart no longer takes orders", PROBLEM_TYPES.restaurantClosed);
      }
      throw upstreamProblem(err);
    });
    const byId = new Map<string, MenuItem>(items.map((i) => [i.id, i]));
    const unavailable = cart.lines.filter((l) => {
      const item = byId.get(l.itemId);
      return !l.available || !item || !item.available || item.restaurantId !== restaurantId;
    });
    if (unavailable.length > 0) {
      const names = unavailable.map((l) => l.name).join(", ");
      throw new HttpProblem(409, "Conflict", {
        type: PROBLEM_TYPES.itemUnavailable,
        detail: `No longer available: ${names}. Remove ${unavailable.length === 1 ? "it" : "them"} from your cart and try again`,
        errors: unavailable.map((l) => ({
          field: `cart.lines.${l.lineId}`,
          message: `${l.name} (${l.itemId}) is unavailable`,
        })),
      });
    }
    if (!restaurant.isOpen) throw conflict(`${restaurant.name} is closed right now`, PROBLEM_TYPES.restaurantClosed);

    const lines = cart.lines.map((l) => {
      // Checked above: every line's item was found.
      const item = byId.get(l.itemId) as MenuItem;
      return {
        id: newId(),
        itemId: item.id,
        name: item.name,
        unitPriceCents: item.priceCents,
        quantity: l.quantity,
        notes: l.notes,
        lineTotalCents: item.priceCents * l.quantity,
      };
    });
    return {
      restaurant: {
        id: restaurant.id,
        name: restaurant.name,
        location: restaurant.location,
        prepTimeMinutes: restaurant.prepTimeMinutes,
      },
      lines,
      subtotalCents: lines.reduce((sum, l) => sum + l.lineTotalCents, 0),
    };
  }

  async function clearCart(caller: Caller, orderId: string) {
    try {
      await upstreams.clearCart(caller);
    } catch (err) {
      // The order stands either way; a cart left full is an annoyance, not a double order.
      log.warn({ err, orderId }, "could not clear the cart after confirming the order");
    }
  }

  return {
    /**
     * POST /orders. The unique (userId, Idempotency-Key) index decides between concurrent requests:
     * exactly one inserts, the others read its order back.
     */
    async place(user: AuthenticatedUser, key: string, body: PlaceOrderBody, requestId: string): Promise<PlaceResult> {
      const hash = requestHash(body);
      const earlier = await repo.findByKey(user.id, key);
      if (earlier) return replay(earlier, hash);

      const caller: Caller = { userId: user.id, requestId };
      const priced = await priceCart(caller);
      const at = deps.now();
      let order: OrderRow;
      try {
        order = await repo.createPending(
          {
            id: newId(),
            userId: user.id,
            userEmail: user.email,
            userName: user.name,
            userPhone: user.phone,
            restaurantId: priced.restaurant.id,
            restaurantName: priced.restaurant.name,
            restaurantLocation: priced.restaurant.location,
            prepTimeMinutes: priced.restaurant.prepTimeMinutes,
            subtotalCents: priced.subtotalCents,
            deliveryFeeCents: DELIVERY_FEE_CENTS,
            totalCents: priced.subtotalCents + DELIVERY_FEE_CENTS,
            deliveryAddress: storedAddress(body.deliveryAddress),
            idempotencyKey: key,
            requestHash: hash,
            items: priced.lines,
            event: { id: newId(), at },
          },
          (created) => saga.createdEvents(created),
        );
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const winner = await repo.findByKey(user.id, key);
        if (!winner) throw err;
        return replay(winner, hash);
      }
      deps.onEventsEnqueued();

      const outcome = await upstreams.pay(
        { orderId: order.id, userId: user.id, amountCents: order.totalCents, currency: CURRENCY, card: body.payment },
        caller,
      );
      if (outcome.kind === "unknown") {
        log.warn(
          { orderId: order.id, reason: outcome.reason },
          "payment outcome unknown: the order stays PENDING until payment.* arrives",
        );
        return { status: 202, order: toOrder((await repo.findById(order.id)) ?? order) };
      }
      // The order was just written as PENDING: settling it is one statement, unless the reconciler or the sweeper got there first.
      const settled =
        (await saga.unlocked.settle(order, outcome)) ??
        (await repo.transaction((tx) => saga.settlePayment(tx, order.id, outcome)));
      if (settled.changed) deps.onEventsEnqueued();
      const current = settled.order ?? order;
      if (settled.changed && current.status === "CONFIRMED") deps.onConfirmed();
      if (current.status === "CONFIRMED") await clearCart(caller, order.id);
      return { status: current.status === "PENDING" ? 202 : 201, order: toOrder(current) };
    },

    async get(userId: string, id: string): Promise<Order> {
      const row = await repo.findOwned(id, userId);
      if (!row) throw noOrder(id);
      return toOrder(row);
    },

    async list(userId: string, query: OrderListQuery): Promise<OrderPage> {
      const { rows, total } = await repo.list(userId, query);
      return { items: rows.map(toOrder), total, limit: query.limit, offset: query.offset };
    },

    async history(userId: string, id: string): Promise<OrderHistory> {
      const row = await repo.findOwned(id, userId);
      if (!row) throw noOrder(id);
      return { orderId: id, events: (await repo.eventsAfter(id, 0)).map(toOrderEvent) };
    },

    /** Cancelling an already cancelled order answers with it again, so a retried cancel is harmless. */
    async cancel(userId: string, id: string, body: CancelOrderBody): Promise<Order> {
      const result = await repo.transaction(async (tx) => {
        const order = await repo.lock(id, tx);
        if (!order || order.userId !== userId) throw noOrder(id);
        if (order.status === "CANCELLED") return { order, changed: false };
        if (!isCancellableStatus(order.status)) {
          throw conflict(
            `Order ${id} is ${order.status} and can no longer be cancelled`,
            PROBLEM_TYPES.orderNotCancellable,
          );
        }
        return { order: await saga.cancel(tx, order, body.reason ?? null), changed: true };
      });
      if (result.changed) deps.onEventsEnqueued();
      return toOrder(result.order);
    },
  };
}

export type Orders = ReturnType<typeof createOrders>;
