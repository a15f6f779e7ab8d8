import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Cart,
  CardInput,
  DeliveryAddressInput,
  IdempotencyKey,
  Order,
  OrderConfirmation,
  PlaceOrderBody,
  PROBLEM_TYPES,
  type DeliveryAddress,
  type ToolError,
  type ToolResult,
} from "@ustbites/contracts";
import { ServiceError } from "@ustbites/kit/client";
import { badArguments } from "./bad-arguments.ts";
import type { Clients } from "./clients.ts";
import { currentStudent } from "./context.ts";
import { cardEnding, refusingTool, type Approval, type GuardedTool } from "./guarded.ts";
import { describeFailure, failure, money, time } from "./results.ts";

export const PlaceOrderInput = PlaceOrderBody.pick({ deliveryAddress: true }).extend({
  deliveryAddress: DeliveryAddressInput.extend({
    building: DeliveryAddressInput.shape.building.describe("campus building, e.g. Hall 5"),
    room: DeliveryAddressInput.shape.room.describe("e.g. 512"),
    instructions: DeliveryAddressInput.shape.instructions.describe("for the courier"),
  }).describe("ask the student if unknown"),
});

type PlaceConfirmation = Extract<OrderConfirmation, { kind: "place_order" }>;

export const CART_CHANGED = "cart changed since you approved; show the new summary";
export const NO_CARD = "no payment card given with the approval";
const CARD_AT_CONFIRMATION = "card entered at confirmation";

const storedAddress = (input: DeliveryAddressInput): DeliveryAddress => ({
  building: input.building,
  room: input.room ?? null,
  instructions: input.instructions ?? null,
});

const sameAddress = (a: DeliveryAddress, b: DeliveryAddress) =>
  a.building === b.building && a.room === b.room && a.instructions === b.instructions;

const contentKey = (c: {
  restaurantName: string | null;
  totalCents: number;
  items: { name: string; quantity: number; notes: string | null; lineTotalCents: number }[];
}) =>
  JSON.stringify([c.restaurantName, c.totalCents, c.items.map((i) => [i.name, i.quantity, i.notes, i.lineTotalCents])]);

const cartContent = (cart: Cart) => ({
  restaurantName: cart.restaurantName,
  totalCents: cart.totalCents,
  items: cart.lines.map((line) => ({
    name: line.name,
    quantity: line.quantity,
    notes: line.notes,
    lineTotalCents: line.lineTotalCents,
  })),
});

/**
 * `${threadId}:${nonce}`: the same approval, executed again (a retry, a replayed resume), is the
 * same request to order-service, which answers it with the first order instead of placing another.
 */
export function placeOrderKey(threadId: string, nonce: string): string {
  const key = `${threadId}:${nonce}`;
  return IdempotencyKey.safeParse(key).success
    ? key
    : `${threadId}:${createHash("sha256").update(nonce).digest("hex")}`;
}

/** "insufficient_funds" → "insufficient funds". */
const declineReason = (reason: string | null) => (reason ?? "card declined").replace(/_/g, " ");

function placedResult(order: Order): ToolResult<"place_order"> {
  if (order.status === "PAYMENT_FAILED") {
    return failure(
      "payment_declined",
      `payment declined: ${declineReason(order.failureReason)}; nothing was charged and the cart is kept, so the student can try another card`,
      { orderId: order.id },
    );
  }
  return {
    orderId: order.id,
    status: order.status,
    total: money(order.totalCents),
    placed: time(order.createdAt) ?? order.createdAt,
    eta: time(order.eta),
    // Payment is still being confirmed: get_order_status tells shortly.
    ...(order.status === "PENDING" ? { pending: true as const } : {}),
  };
}

export function createPlaceOrderTool(clients: Clients): GuardedTool<"place_order"> {
  const readCart = () => clients.cart.request({ path: "/cart", schema: Cart });

  return {
    tool: refusingTool({
      name: "place_order",
      description: "Order the cart. The student sees a summary, approves and pays; never ask for a card.",
      schema: PlaceOrderInput,
    }),

    async summarize(args): Promise<PlaceConfirmation | ToolError> {
      const parsed = PlaceOrderInput.safeParse(args);
      if (!parsed.success) return badArguments(parsed.error);
      let cart: Cart;
      try {
        cart = await readCart();
      } catch (err) {
        return describeFailure(err, { notFound: "cart not found" });
      }
      if (cart.lines.length === 0 || !cart.restaurantName)
        return failure("cart_empty", "cart is empty; add items first");
      const soldOut = cart.lines.filter((line) => !line.available);
      if (soldOut.length > 0)
        return failure(
          "sold_out",
          `sold out now: ${soldOut.map((line) => line.name).join(", ")}; remove from the cart first`,
        );
      const card = currentStudent().paymentCard;
      return {
        kind: "place_order",
        restaurantName: cart.restaurantName,
        items: cartContent(cart).items,
        subtotalCents: cart.subtotalCents,
        deliveryFeeCents: cart.deliveryFeeCents,
        totalCents: cart.totalCents,
        deliveryAddress: storedAddress(parsed.data.deliveryAddress),
        paymentMethod: card ? cardEnding(card.number) : CARD_AT_CONFIRMATION,
      };
    },

    async execute(args, approval: Approval): Promise<ToolResult<"place_order">> {
      const approved = OrderConfirmation.safeParse(approval.summary);
      if (!approved.success || approved.data.kind !== "place_order")
        return failure("approval_mismatch", "the approval is not for placing an order");
      const summary = approved.data;
      const parsed = PlaceOrderInput.safeParse(args);
      if (!parsed.success) return badArguments(parsed.error);
      const address = parsed.data.deliveryAddress;
      if (!sameAddress(storedAddress(address), summary.deliveryAddress)) {
        return failure("approval_mismatch", "the approval was for another delivery address; show the new summary");
      }

      const student = currentStudent();
      // A missing thread or nonce would make keys collide, replaying an old order: a wiring bug, not the model's.
      if (!student.threadId)
        throw new Error("place_order.execute needs threadId in the student context (it keys the order's idempotency)");
      if (!approval.nonce)
        throw new Error("place_order.execute needs the approval's nonce (it keys the order's idempotency)");
      if (!student.paymentCard) return failure("no_card", NO_CARD);
      const card = CardInput.safeParse(student.paymentCard);
      if (!card.success)
        return failure("no_card", `the payment card is not valid: ${card.error.issues[0]?.message ?? "check it"}`);

      let cart: Cart;
      try {
        cart = await readCart();
      } catch (err) {
        return describeFailure(err, { notFound: "cart not found" });
      }
      // An empty cart may be this very approval's earlier success (placing clears the cart): the POST
      // below then returns that order, since order-service answers a repeated key before reading the cart.
      if (cart.lines.length > 0 && contentKey(cartContent(cart)) !== contentKey(summary))
        return failure("cart_changed", CART_CHANGED);

      try {
        const order = await placeWithKey(clients, placeOrderKey(student.threadId, approval.nonce), {
          deliveryAddress: address,
          payment: card.data,
        });
        return placedResult(order);
      } catch (err) {
        if (err instanceof ServiceError && err.problem?.type === PROBLEM_TYPES.cartEmpty)
          return failure("cart_changed", `${CART_CHANGED} (it is empty now)`);
        return describeFailure(err, { notFound: "order not found" });
      }
    },
  };
}

/** How long one attempt may take: order-service waits up to PAYMENT_TIMEOUT_MS for the processor, and a loaded box more. */
const PLACE_ATTEMPT_TIMEOUT_MS = 15_000;
const IN_PROGRESS_WAITS_MS = [250, 500, 1000, 2000, 4000];

/**
 * POSTs the order under its Idempotency-Key until it has an answer. The key makes every repeat safe, so
 * a timed-out or 502-504 attempt is retried, and a repeat that finds the first attempt still running
 * waits for it: otherwise the student hears "could not place it" about an order that was placed.
 */
async function placeWithKey(clients: Clients, key: string, body: PlaceOrderBody): Promise<Order> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await clients.order.request({
        method: "POST",
        path: "/orders",
        headers: { "idempotency-key": key },
        body,
        schema: Order,
        timeoutMs: PLACE_ATTEMPT_TIMEOUT_MS,
        retries: 2,
      });
    } catch (err) {
      const inProgress = err instanceof ServiceError && err.problem?.type === PROBLEM_TYPES.idempotencyInProgress;
      const wait = IN_PROGRESS_WAITS_MS[attempt];
      if (!inProgress || wait === undefined) throw err;
      await sleep(wait);
    }
  }
}
