import {
  PROBLEM_TYPES,
  type AcceptOrderBody,
  type KitchenOrder,
  type KitchenOrderList,
  type OrderStatus,
} from "@ustbites/contracts";
import { HttpProblem, type AuthenticatedUser } from "@ustbites/kit";
import type { Prisma } from "../generated/prisma/client.ts";
import type { OrderRepository, OrderRow } from "../repositories/orders.ts";
import type { Saga } from "./saga.ts";
import { toKitchenOrder } from "./views.ts";

type Tx = Prisma.TransactionClient;

export interface KitchenDeps {
  repo: OrderRepository;
  saga: Saga;
  now: () => Date;
  /**
   * Simulated seconds per real second, as delivery's clock: a 15-minute prep at 60 is 15 real seconds.
   * It turns a prep estimate into the real instant the order is due (readyBy).
   */
  clockSpeed: number;
  onEventsEnqueued: () => void;
}

const notYours = (id: string) =>
  new HttpProblem(404, "Not Found", { type: PROBLEM_TYPES.notFound, detail: `No order ${id} at your restaurant` });
const wrongStatus = (order: OrderRow, step: string) =>
  new HttpProblem(409, "Conflict", {
    type: PROBLEM_TYPES.orderWrongStatus,
    detail: `Order ${order.id} is ${order.status}: it cannot be ${step} now`,
  });

/**
 * The restaurant's side of an order: accept (with a prep estimate), reject (refunded, with a reason
 * for the student), ready for pickup. Staff act on their own restaurant's orders only (another
 * restaurant's order is a 404, as if it did not exist); the simulated kitchen acts through the same
 * transitions for restaurants nobody is signed in for. Repeating a step that already happened answers
 * with the order as it is, so a double tap is harmless.
 */
export function createKitchen(deps: KitchenDeps) {
  const { repo, saga } = deps;

  const readyByFor = (prepMinutes: number, from: Date) =>
    new Date(from.getTime() + Math.round((prepMinutes * 60_000) / deps.clockSpeed));

  /** Runs one step on a locked order of `restaurantId`; `done` says the step already happened. */
  async function step(
    restaurantId: string,
    id: string,
    from: OrderStatus,
    done: OrderStatus,
    apply: (tx: Tx, order: OrderRow) => Promise<OrderRow>,
    label: string,
  ): Promise<KitchenOrder> {
    const result = await repo.transaction(async (tx) => {
      const order = await repo.lock(id, tx);
      if (!order || order.restaurantId !== restaurantId) throw notYours(id);
      if (order.status === done) return { order, changed: false };
      if (order.status !== from) throw wrongStatus(order, label);
      return { order: await apply(tx, order), changed: true };
    });
    if (result.changed) deps.onEventsEnqueued();
    return toKitchenOrder(result.order);
  }

  /** Staff tokens always carry their restaurant (kit refuses one without); this narrows the type. */
  const restaurantOf = (user: AuthenticatedUser): string => {
    if (!user.restaurantId)
      throw new HttpProblem(403, "Forbidden", {
        type: PROBLEM_TYPES.forbidden,
        detail: "Only restaurant staff run a kitchen",
      });
    return user.restaurantId;
  };

  return {
    async list(user: AuthenticatedUser): Promise<KitchenOrderList> {
      return { items: (await repo.kitchenOrders(restaurantOf(user))).map(toKitchenOrder) };
    },

    accept: (user: AuthenticatedUser, id: string, body: AcceptOrderBody) =>
      step(
        restaurantOf(user),
        id,
        "CONFIRMED",
        "PREPARING",
        (tx, order) =>
          saga.accept(tx, order, {
            prepMinutes: body.prepMinutes,
            readyBy: readyByFor(body.prepMinutes, deps.now()),
            by: "staff",
          }),
        "accepted",
      ),

    reject: (user: AuthenticatedUser, id: string, reason: string) =>
      step(
        restaurantOf(user),
        id,
        "CONFIRMED",
        "REJECTED",
        (tx, order) => saga.cancel(tx, order, reason, "restaurant"),
        "rejected",
      ),

    ready: (user: AuthenticatedUser, id: string) =>
      step(
        restaurantOf(user),
        id,
        "PREPARING",
        "READY_FOR_PICKUP",
        (tx, order) => saga.markReady(tx, order),
        "marked ready",
      ),

    /**
     * The simulated kitchen accepts with the restaurant's usual prep time, if the order still waits:
     * one statement when the order is as the simulator read it, else under the lock.
     */
    async autoAccept(read: OrderRow): Promise<Date | null> {
      const accepted = (order: OrderRow) => ({
        prepMinutes: order.prepTimeMinutes,
        readyBy: readyByFor(order.prepTimeMinutes, deps.now()),
        by: "simulator" as const,
      });
      if (read.status === "CONFIRMED") {
        const step = accepted(read);
        if (await saga.unlocked.accept(read, step)) return step.readyBy;
      }
      return repo.transaction(async (tx) => {
        const order = await repo.lock(read.id, tx);
        if (!order || order.status !== "CONFIRMED") return null;
        const step = accepted(order);
        await saga.accept(tx, order, step);
        return step.readyBy;
      });
    },

    /** The simulated kitchen marks an order ready once it is due, if it is still being prepared (as autoAccept). */
    async autoReady(read: OrderRow): Promise<boolean> {
      if (read.status === "PREPARING" && (await saga.unlocked.markReady(read))) return true;
      return repo.transaction(async (tx) => {
        const order = await repo.lock(read.id, tx);
        if (!order || order.status !== "PREPARING") return false;
        await saga.markReady(tx, order);
        return true;
      });
    },
  };
}

export type Kitchen = ReturnType<typeof createKitchen>;
