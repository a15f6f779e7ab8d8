import { randomUUID } from "node:crypto";
import type { Order } from "@ustbites/contracts";
import type { BenchPlatform, Student } from "./client.ts";

export class BenchRequestError extends Error {}

/** Puts one dish in the student's (empty) cart, as the web app's "add" button does. */
export async function fillCart(p: BenchPlatform, student: Student): Promise<void> {
  const dish = await p.dish();
  const added = await p.api("/api/cart/cart/items", {
    method: "POST",
    token: student.token,
    body: { itemId: dish.id, quantity: 2, notes: "no onions" },
  });
  if (added.status !== 201)
    throw new BenchRequestError(`cart add answered ${added.status}: ${JSON.stringify(added.body)}`);
}

/**
 * `POST /orders` through the gateway; resolves only for a paid order: CONFIRMED, or already further on
 * (the simulated kitchen, kicked by the confirmation, may accept it before the response leaves).
 */
export async function placeOrder(p: BenchPlatform, student: Student): Promise<Order> {
  const placed = await p.api<Order>("/api/order/orders", {
    method: "POST",
    token: student.token,
    headers: { "idempotency-key": randomUUID() },
    body: { deliveryAddress: { building: "Hall 5", room: "512" }, payment: p.card() },
  });
  if (placed.status !== 201)
    throw new BenchRequestError(`POST /orders answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  if (placed.body.status === "PAYMENT_FAILED" || placed.body.status === "PENDING")
    throw new BenchRequestError(`POST /orders left the order ${placed.body.status}`);
  return placed.body;
}

/** `POST /orders` as placeOrder, but a 202 (payment outcome not known yet) is an accepted order too. */
export async function placeAccepting202(
  p: BenchPlatform,
  student: Student,
  card: string,
): Promise<{ id: string; confirmed: boolean }> {
  const placed = await p.api<Order>("/api/order/orders", {
    method: "POST",
    token: student.token,
    headers: { "idempotency-key": randomUUID() },
    body: { deliveryAddress: { building: "Hall 5", room: "512" }, payment: { ...p.card(), number: card } },
  });
  if (placed.status === 202) return { id: placed.body.id, confirmed: false };
  // Settled and paid; it may already have moved on (the reconciler confirmed it and the kitchen accepted meanwhile).
  if (placed.status === 201 && placed.body.status !== "PAYMENT_FAILED") return { id: placed.body.id, confirmed: true };
  throw new Error(`POST /orders answered ${placed.status} (${placed.body.status ?? JSON.stringify(placed.body)})`);
}

/** How many of the student's orders are in `status` right now. */
export async function countOrders(p: BenchPlatform, student: Student, status: string): Promise<number> {
  const res = await p.api<{ total: number }>(`/api/order/orders?status=${status}&limit=1`, { token: student.token });
  if (res.status !== 200) throw new BenchRequestError(`GET /orders answered ${res.status}`);
  return res.body.total;
}

/**
 * `count` fresh students, a few sign-ups at a time: user-service bounds its password hashing and
 * answers 503 beyond that, as it should under a sign-up storm; a benchmark should not cause one.
 */
export async function signUp(p: BenchPlatform, count: number): Promise<Student[]> {
  const students: Student[] = [];
  await pool(count, 4, async () => {
    students.push(await p.student());
  });
  return students;
}

/** Runs `task` for every index with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
