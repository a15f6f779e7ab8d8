import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Delivery } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import { buildApp } from "../src/app.ts";
import { createDeliveryClock } from "../src/domain/clock.ts";
import { COURIER_SEED } from "../src/domain/couriers.ts";
import { createDeliveries, type Deliveries } from "../src/domain/deliveries.ts";
import { createCourierRepository } from "../src/repositories/couriers.ts";
import { createDeliveryRepository } from "../src/repositories/deliveries.ts";
import { openTestDatabase, orderAccepted, silentLog, testConfig, type TestDb } from "./helpers.ts";
import { createTestKeys, type TestKeys } from "@ustbites/kit/testing";

let t: TestDb;
let app: App;
let deliveries: Deliveries;
let keys: TestKeys;
// The kitchen said it will be ready in 15 minutes (real time here).
const order = orderAccepted({ readyBy: new Date(Date.now() + 15 * 60_000).toISOString() });

beforeAll(async () => {
  t = await openTestDatabase();
  keys = await createTestKeys();
  const couriers = createCourierRepository(t.prisma);
  await couriers.seed(COURIER_SEED);
  // Real time: the delivery stays ASSIGNED for the whole file.
  deliveries = createDeliveries({
    deliveries: createDeliveryRepository(t.prisma),
    couriers,
    clock: createDeliveryClock(1),
    log: silentLog,
  });
  await t.prisma.$transaction((tx) => deliveries.assign(tx, order));
  app = await buildApp({ deliveries, couriers, config: testConfig(), keys: keys.keys, logger: silentLog });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const get = async (url: string, userId?: string) =>
  app.inject({ method: "GET", url, headers: userId ? { authorization: `Bearer ${await keys.token(userId)}` } : {} });

describe("GET /deliveries/:orderId", () => {
  it("shows the student their own delivery with courier, ETA and history", async () => {
    const res = await get(`/deliveries/${order.payload.orderId}`, order.payload.userId);
    expect(res.statusCode).toBe(200);
    const body = Delivery.parse(res.json());
    expect(body).toMatchObject({
      orderId: order.payload.orderId,
      status: "ASSIGNED",
      pickedUpAt: null,
      deliveredAt: null,
    });
    expect(body.courier.phone).toMatch(/^\+852 \*{4}\d{4}$/);
    expect(body.history).toEqual([{ status: "ASSIGNED", at: body.assignedAt }]);
    // Real-time clock here: ready by then, a minute to collect it, an 8-minute ride within the south zone.
    expect(Date.parse(body.eta ?? "") - Date.parse(order.payload.readyBy)).toBe(9 * 60_000);
  });

  it("answers another student's order with 404, exactly as a missing one", async () => {
    const other = await get(`/deliveries/${order.payload.orderId}`, randomUUID());
    const missing = await get(`/deliveries/${randomUUID()}`, order.payload.userId);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(other.json().title).toBe(missing.json().title);
  });

  it("requires a valid access token", async () => {
    const res = await get(`/deliveries/${order.payload.orderId}`);
    expect(res.statusCode).toBe(401);
    const forged = await app.inject({
      method: "GET",
      url: `/deliveries/${order.payload.orderId}`,
      headers: { authorization: "Bearer not.a.token" },
    });
    expect(forged.statusCode).toBe(401);
  });

  it.each(["not-a-uuid", "123", "%20"])("rejects order id %j with 400 naming params.orderId", async (orderId) => {
    const res = await get(`/deliveries/${orderId}`, order.payload.userId);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain("params.orderId");
  });
});

describe("GET /couriers", () => {
  it("lists the seeded fleet without phone numbers", async () => {
    const res = await get("/couriers");
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(COURIER_SEED.length);
    for (const courier of items) expect(Object.keys(courier).sort()).toEqual(["id", "name", "vehicle"]);
  });

  it("is seeded idempotently: seeding again adds nobody", async () => {
    expect(await createCourierRepository(t.prisma).seed(COURIER_SEED)).toBe(0);
    expect(await t.prisma.courier.count()).toBe(COURIER_SEED.length);
  });
});
