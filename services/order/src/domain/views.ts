import { createHash } from "node:crypto";
import {
  CampusLocation,
  DeliveryAddress,
  type DeliveryAddressInput,
  type KitchenOrder,
  type Order,
  type OrderEvent,
  type OrderItemSummary,
  type PlaceOrderBody,
  shortOrderId,
} from "@ustbites/contracts";
import type { OrderEventRow, OrderRow } from "../repositories/orders.ts";

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.userId,
    restaurantId: row.restaurantId,
    restaurantName: row.restaurantName,
    items: row.items.map((i) => ({
      itemId: i.itemId,
      name: i.name,
      unitPriceCents: i.unitPriceCents,
      quantity: i.quantity,
      notes: i.notes,
      lineTotalCents: i.lineTotalCents,
    })),
    subtotalCents: row.subtotalCents,
    deliveryFeeCents: row.deliveryFeeCents,
    totalCents: row.totalCents,
    status: row.status,
    deliveryAddress: DeliveryAddress.parse(row.deliveryAddress),
    paymentLast4: row.paymentLast4,
    failureReason: row.failureReason,
    eta: iso(row.eta),
    readyBy: iso(row.readyBy),
    courier: row.courier,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the kitchen sees: no student identity, no card. */
export function toKitchenOrder(row: OrderRow): KitchenOrder {
  const order = toOrder(row);
  return {
    id: order.id,
    shortId: shortOrderId(order.id),
    restaurantId: order.restaurantId,
    status: order.status,
    items: order.items,
    subtotalCents: order.subtotalCents,
    deliveryBuilding: order.deliveryAddress.building,
    readyBy: order.readyBy,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

export function toOrderEvent(row: OrderEventRow): OrderEvent {
  return {
    orderId: row.orderId,
    seq: row.seq,
    status: row.status,
    at: row.at.toISOString(),
    eta: iso(row.eta),
    detail: row.detail,
  };
}

export const itemSummaries = (row: OrderRow): OrderItemSummary[] =>
  row.items.map((i) => ({
    itemId: i.itemId,
    name: i.name,
    quantity: i.quantity,
    notes: i.notes,
    lineTotalCents: i.lineTotalCents,
  }));

export const restaurantLocationOf = (row: OrderRow): CampusLocation => CampusLocation.parse(row.restaurantLocation);

export const storedAddress = (input: DeliveryAddressInput): DeliveryAddress => ({
  building: input.building,
  room: input.room ?? null,
  instructions: input.instructions ?? null,
});

/**
 * Fingerprint of a place-order request, to tell a replay from a different request reusing the key.
 * The card enters only as last four digits, expiry and holder: a hash of the full number would be a
 * derivative of it that is cheap to brute-force, and we keep nothing of the sort.
 */
export function requestHash(body: PlaceOrderBody): string {
  const canonical = {
    deliveryAddress: storedAddress(body.deliveryAddress),
    card: {
      last4: body.payment.number.slice(-4),
      expMonth: body.payment.expMonth,
      expYear: body.payment.expYear,
      holderName: body.payment.holderName ?? null,
    },
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}
