import {
  CancelOrderBody,
  isCancellableStatus,
  Order,
  OrderConfirmation,
  type ToolError,
  type ToolResult,
} from "@ustbites/contracts";
import { badArguments } from "./bad-arguments.ts";
import type { Clients } from "./clients.ts";
import { OrderRefInput } from "./get-order-status.ts";
import { refusingTool, type Approval, type GuardedTool } from "./guarded.ts";
import { NOT_FOUND_ORDER } from "./order-view.ts";
import { describeFailure, failure, money } from "./results.ts";

export const CancelOrderInput = OrderRefInput.extend({
  reason: CancelOrderBody.shape.reason.describe("the student's words"),
});

type CancelConfirmation = Extract<OrderConfirmation, { kind: "cancel_order" }>;

function notCancellable(order: Order): ToolError | undefined {
  if (order.status === "CANCELLED") return failure("not_cancellable", "order is already cancelled");
  if (!isCancellableStatus(order.status))
    return failure(
      "not_cancellable",
      `order is ${order.status} and can no longer be cancelled (already picked up or finished)`,
    );
  return undefined;
}

export function createCancelOrderTool(clients: Clients): GuardedTool<"cancel_order"> {
  return {
    tool: refusingTool({
      name: "cancel_order",
      description: "Cancel an order before pickup (refunded). The student approves first.",
      schema: CancelOrderInput,
    }),

    async summarize(args): Promise<CancelConfirmation | ToolError> {
      const parsed = CancelOrderInput.safeParse(args);
      if (!parsed.success) return badArguments(parsed.error);
      let order: Order;
      try {
        order = await clients.order.request({
          path: `/orders/${encodeURIComponent(parsed.data.orderId)}`,
          schema: Order,
        });
      } catch (err) {
        return describeFailure(err, { notFound: NOT_FOUND_ORDER });
      }
      const refusal = notCancellable(order);
      if (refusal) return refusal;
      return {
        kind: "cancel_order",
        orderId: order.id,
        restaurantName: order.restaurantName,
        items: order.items.map((item) => ({
          name: item.name,
          quantity: item.quantity,
          notes: item.notes,
          lineTotalCents: item.lineTotalCents,
        })),
        subtotalCents: order.subtotalCents,
        deliveryFeeCents: order.deliveryFeeCents,
        totalCents: order.totalCents,
        deliveryAddress: order.deliveryAddress,
        paymentMethod: order.paymentLast4 ? `card ending ${order.paymentLast4}` : "not charged",
      };
    },

    async execute(args, approval: Approval): Promise<ToolResult<"cancel_order">> {
      const parsed = CancelOrderInput.safeParse(args);
      if (!parsed.success) return badArguments(parsed.error);
      const approved = OrderConfirmation.safeParse(approval.summary);
      if (!approved.success || approved.data.kind !== "cancel_order" || approved.data.orderId !== parsed.data.orderId) {
        return failure("approval_mismatch", "the approval is not for cancelling this order");
      }
      const { orderId, reason } = parsed.data;
      try {
        const order = await clients.order.request({
          method: "POST",
          path: `/orders/${encodeURIComponent(orderId)}/cancel`,
          body: (reason ? { reason } : {}) satisfies CancelOrderBody,
          schema: Order,
        });
        return {
          orderId: order.id,
          status: order.status,
          ...(order.paymentLast4 ? { refund: money(order.totalCents) } : {}),
        };
      } catch (err) {
        return describeFailure(err, { notFound: NOT_FOUND_ORDER });
      }
    },
  };
}
