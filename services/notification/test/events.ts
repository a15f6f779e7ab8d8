import { randomUUID } from "node:crypto";
import { createEvent, type OrderStatus } from "@ustbites/contracts";

export interface Student {
  userId: string;
  email: string;
  name: string;
  /** What their token carried when they ordered; absent = an event from before phones existed. */
  phone?: string | null;
}

let counter = 0;
export const newStudent = (name = "Chan Tai Man"): Student => ({
  userId: randomUUID(),
  email: `student${Date.now()}${counter++}@connect.ust.hk`,
  name,
});

export function orderConfirmed(student: Student, orderId = randomUUID()) {
  return createEvent("order.confirmed", {
    orderId,
    userId: student.userId,
    userEmail: student.email,
    userName: student.name,
    ...(student.phone !== undefined ? { userPhone: student.phone } : {}),
    restaurantId: randomUUID(),
    restaurantName: "Spice Route",
    restaurantLocation: { building: "LG7 Catering", zone: "central" },
    deliveryAddress: { building: "Hall 5", room: "5/F 512", instructions: "call at the lobby" },
    items: [
      { itemId: randomUUID(), name: "Paneer Wrap", quantity: 2, notes: "no onions", lineTotalCents: 9600 },
      { itemId: randomUUID(), name: "Mango Lassi", quantity: 1, notes: null, lineTotalCents: 2800 },
    ],
    subtotalCents: 12400,
    deliveryFeeCents: 800,
    totalCents: 13200,
    prepTimeMinutes: 15,
    paymentId: randomUUID(),
    confirmedAt: new Date().toISOString(),
  });
}

export const orderCreated = (student: Student, orderId = randomUUID()) =>
  createEvent("order.created", {
    orderId,
    userId: student.userId,
    userEmail: student.email,
    restaurantId: randomUUID(),
    restaurantName: "Spice Route",
    items: [{ itemId: randomUUID(), name: "Paneer Wrap", quantity: 1, notes: null, lineTotalCents: 4800 }],
    subtotalCents: 4800,
    deliveryFeeCents: 800,
    totalCents: 5600,
    createdAt: new Date().toISOString(),
  });

export const statusChanged = (student: Student, orderId: string, status: OrderStatus, seq: number) =>
  createEvent("order.status_changed", {
    orderId,
    userId: student.userId,
    userEmail: student.email,
    seq,
    status,
    at: new Date().toISOString(),
    eta: null,
    detail: null,
  });

export const orderPaymentFailed = (student: Student, orderId = randomUUID()) =>
  createEvent("order.payment_failed", {
    orderId,
    userId: student.userId,
    userEmail: student.email,
    restaurantName: "Spice Route",
    totalCents: 13200,
    reason: "insufficient_funds",
  });

export const orderCancelled = (student: Student, orderId: string, refunded: boolean) =>
  createEvent("order.cancelled", {
    orderId,
    userId: student.userId,
    userEmail: student.email,
    restaurantName: "Spice Route",
    previousStatus: "CONFIRMED",
    reason: "changed my mind",
    refunded,
    totalCents: 13200,
  });

export const orderDelivered = (student: Student, orderId: string) =>
  createEvent("order.delivered", {
    orderId,
    userId: student.userId,
    userEmail: student.email,
    restaurantName: "Spice Route",
    deliveredAt: "2026-11-23T04:30:00.000Z",
  });

export const paymentRefunded = (student: Student, orderId: string) =>
  createEvent("payment.refunded", {
    paymentId: randomUUID(),
    refundId: randomUUID(),
    orderId,
    userId: student.userId,
    amountCents: 13200,
    currency: "HKD",
    reason: "order cancelled",
  });

export const COURIER = { id: randomUUID(), name: "Ka Ho", vehicle: "bike", phone: "+852 ****5678" } as const;

export const deliveryEvent = (
  type: "delivery.assigned" | "delivery.picked_up" | "delivery.delivered",
  student: Student,
  orderId: string,
) =>
  createEvent(type, {
    orderId,
    userId: student.userId,
    courier: COURIER,
    // 12:45 on campus (UTC+8).
    eta: type === "delivery.delivered" ? null : "2026-11-23T04:45:00.000Z",
    at: "2026-11-23T04:30:00.000Z",
  });
