import { CancelOrderBody, isCancellableStatus, Order, OrderConfirmation, OrderIdParams } from "@ustbites/contracts";
import { describeBadArguments } from "./bad-arguments.ts";
import type { Clients } from "./clients.ts";
import { refusingTool, type Approval, type GuardedTool } from "./guarded.ts";
import { NOT_FOUND_ORDER } from "./order-view.ts";
import { describeFailure, failure, money, ok } from "./results.ts";

export const CancelOrderInput = OrderIdParams.extend({
  orderId: OrderIdParams.shape.orderId.describe("The id of the order to cancel, from place_order or list_my_orders."),
  reason: CancelOrderBody.shape.reason.describe("Why the student cancels, in their words, if they said."),
});

type CancelConfirmation = Extract<OrderConfirmation, { kind: "cancel_order" }>;

function notCancellable(order: Order): string | undefined {
  if (order.status === "CANCELLED") return "order is already cancelled";
  if (!isCancellableStatus(order.status)) return `order is ${order.status} and can no longer be cancelled (already picked up or finished)`;
  return undefined;
}

export function createCancelOrderTool(clients: Clients): GuardedTool {
  return {
    tool: refusingTool({
      name: "cancel_order",
      description:
        "Cancel one of the student's orders before the courier picks it up; the payment is refunded. The student is shown the order and must approve first.",
      schema: CancelOrderInput,
    }),

    async summarize(args): Promise<CancelConfirmation | { error: string }> {
      const parsed = CancelOrderInput.safeParse(args);
      if (!parsed.success) return { error: describeBadArguments(parsed.error) };
      let order: Order;
      try {
        order = await clients.order.request({ path: `/orders/${encodeURIComponent(parsed.data.orderId)}`, schema: Order });
      } catch (err) {
        return { error: describeFailure(err, { notFound: NOT_FOUND_ORDER }) };
      }
      const refusal = notCancellable(order);
      if (refusal) return { error: refusal };
      return {
        kind: "cancel_order",
        orderId: order.id,
        restaurantName: order.restaurantName,
        items: order.items.map((item) => ({ name: item.name, quantity: item.quantity, notes: item.notes, lineTotalCents: item.lineTotalCents })),
        subtotalCents: order.subtotalCents,
        deliveryFeeCents: order.deliveryFeeCents,
        totalCents: order.totalCents,
        deliveryAddress: order.deliveryAddress,
        paymentMethod: order.paymentLast4 ? `card ending ${order.paymentLast4}` : "not charged",
      };
    },

    async execute(args, approval: Approval): Promise<string> {
      const parsed = CancelOrderInput.safeParse(args);
      if (!parsed.success) return failure(describeBadArguments(parsed.error));
      const approved = OrderConfirmation.safeParse(approval.summary);
      if (!approved.success || approved.data.kind !== "cancel_order" || approved.data.orderId !== parsed.data.orderId) {
        return failure("the approval is not for cancelling this order");
      }
      const { orderId, reason } = parsed.data;
      try {
        const order = await clients.order.request({
          method: "POST",
          path: `/orders/${encodeURIComponent(orderId)}/cancel`,
          body: (reason ? { reason } : {}) satisfies CancelOrderBody,
          schema: Order,
        });
        return ok({ orderId: order.id, status: order.status, ...(order.paymentLast4 ? { refund: money(order.totalCents) } : {}) });
      } catch (err) {
        return failure(describeFailure(err, { notFound: NOT_FOUND_ORDER }));
      }
    },
  };
}
