import { describe, expect, it } from "vitest";
import {
  DomainEvent,
  EVENT_TYPES,
  EventEnvelope,
  createEvent,
  eventPayloadSchemas,
  parseEvent,
  safeParseEvent,
  type EventPayload,
  type EventType,
} from "../src/index.ts";

const orderId = "0190a7c8-1234-7abc-8def-0123456789ab";
const userId = "0190a7c8-1234-7abc-8def-0123456789ac";
const paymentId = "0190a7c8-1234-7abc-8def-0123456789ad";
const at = "2026-11-22T03:51:00.000Z";
const items = [{ itemId: paymentId, name: "Paneer Wrap", quantity: 2, notes: null, lineTotalCents: 9000 }];
const courier = { id: paymentId, name: "Ka Ho", vehicle: "bike", phone: "+852 ****5678" } as const;
const progress = { orderId, userId, courier, eta: at, at };

// Typed as a complete map, so adding an event type without a sample fails the typecheck.
const samplePayloads: { [T in EventType]: EventPayload<T> } = {
  "order.created": {
    orderId,
    userId,
    userEmail: "a@b.hk",
    restaurantId: paymentId,
    restaurantName: "Spice Route",
    items,
    subtotalCents: 9000,
    deliveryFeeCents: 1000,
    totalCents: 10000,
    createdAt: at,
  },
  "order.confirmed": {
    orderId,
    userId,
    userEmail: "a@b.hk",
    userName: "Tai Man",
    restaurantId: paymentId,
    restaurantName: "Spice Route",
    restaurantLocation: { building: "LG7 Catering", zone: "central" },
    deliveryAddress: { building: "Hall 5", room: "512", instructions: null },
    items,
    subtotalCents: 9000,
    deliveryFeeCents: 1000,
    totalCents: 10000,
    prepTimeMinutes: 15,
    paymentId,
    confirmedAt: at,
  },
  "order.accepted": {
    orderId,
    userId,
    userEmail: "a@b.hk",
    restaurantId: paymentId,
    restaurantName: "Spice Route",
    restaurantLocation: { building: "LG7 Catering", zone: "central" },
    deliveryAddress: { building: "Hall 5", room: "512", instructions: null },
    prepMinutes: 15,
    readyBy: at,
    acceptedAt: at,
    acceptedBy: "staff",
  },
  "order.ready_for_pickup": { orderId, userId, userEmail: "a@b.hk", restaurantId: paymentId, readyAt: at },
  "order.payment_failed": {
    orderId,
    userId,
    userEmail: "a@b.hk",
    restaurantName: "Spice Route",
    totalCents: 10000,
    reason: "insufficient_funds",
  },
  "order.cancelled": {
    orderId,
    userId,
    userEmail: "a@b.hk",
    restaurantName: "Spice Route",
    previousStatus: "CONFIRMED",
    reason: "Out of naan tonight",
    refunded: true,
    totalCents: 10000,
    by: "restaurant",
  },
  "order.status_changed": {
    orderId,
    userId,
    userEmail: "a@b.hk",
    seq: 3,
    status: "PREPARING",
    at,
    eta: at,
    detail: "Courier Ka Ho assigned",
    restaurantId: paymentId,
  },
  "order.delivered": { orderId, userId, userEmail: "a@b.hk", restaurantName: "Spice Route", deliveredAt: at },
  "payment.succeeded": {
    paymentId,
    orderId,
    userId,
    amountCents: 10000,
    currency: "HKD",
    cardLast4: "4242",
    cardBrand: "visa",
  },
  "payment.declined": {
    paymentId,
    orderId,
    userId,
    amountCents: 10000,
    currency: "HKD",
    declineReason: "card_declined",
  },
  "payment.refunded": {
    paymentId,
    refundId: orderId,
    orderId,
    userId,
    amountCents: 10000,
    currency: "HKD",
    reason: null,
  },
  "delivery.assigned": progress,
  "delivery.picked_up": progress,
  "delivery.delivered": { ...progress, eta: null },
};

function envelope(type: EventType, payload: unknown) {
  return { id: orderId, type, occurredAt: at, version: 1, source: type.split(".")[0], correlationId: "req-1", payload };
}

describe("events", () => {
  it("has one payload schema per event type", () => {
    expect(Object.keys(eventPayloadSchemas).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(EVENT_TYPES)("parses a %s event with its payload schema", (type) => {
    const event = envelope(type, samplePayloads[type]);
    expect(eventPayloadSchemas[type].parse(samplePayloads[type])).toEqual(samplePayloads[type]);
    expect(parseEvent(event)).toEqual(event);
    expect(EventEnvelope.parse(event)).toEqual(event);
  });

  it("rejects an envelope whose payload does not match its type", () => {
    const mismatched = envelope("order.confirmed", samplePayloads["payment.succeeded"]);
    expect(() => parseEvent(mismatched)).toThrow();
    expect(safeParseEvent(mismatched).error?.issues[0]?.path[0]).toBe("payload");
    expect(EventEnvelope.safeParse(mismatched).success).toBe(true);
  });

  it("rejects an unknown event type and an unknown version", () => {
    expect(safeParseEvent(envelope("order.created", samplePayloads["order.created"])).success).toBe(true);
    expect(
      safeParseEvent({ ...envelope("order.created", samplePayloads["order.created"]), type: "order.eaten" }).success,
    ).toBe(false);
    expect(safeParseEvent({ ...envelope("order.created", samplePayloads["order.created"]), version: 2 }).success).toBe(
      false,
    );
  });

  it("creates an event with an id, a timestamp and the publishing service", () => {
    const event = createEvent("payment.succeeded", samplePayloads["payment.succeeded"], { correlationId: "req-7" });
    expect(event).toMatchObject({ type: "payment.succeeded", source: "payment", version: 1, correlationId: "req-7" });
    expect(DomainEvent.parse(event)).toEqual(event);
    expect(event.payload.cardLast4).toBe("4242");
  });

  it("refuses to create an event whose payload is invalid", () => {
    const payload = { ...samplePayloads["order.delivered"], deliveredAt: "yesterday" };
    expect(() => createEvent("order.delivered", payload)).toThrow();
  });
});
