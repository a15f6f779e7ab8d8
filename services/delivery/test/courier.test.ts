import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_TYPES, type CourierAssignment, type CourierAssignmentList } from "@ustbites/contracts";
import { COURIER_SEED } from "../src/domain/couriers.ts";
import { orderAccepted, orderReady, startFileStack } from "./helpers.ts";

const KA_HO = COURIER_SEED[0]!.id;
const WING_YAN = COURIER_SEED[1]!.id;
let stack: Awaited<ReturnType<typeof startFileStack>>;
let { t, bus, service, keys } = {} as typeof stack;
beforeAll(async () => {
  stack = await startFileStack();
  ({ t, bus, service, keys } = stack);
});
afterAll(() => stack?.close());

const courierToken = (courierId: string) => keys.token(randomUUID(), { role: "courier", courierId });
const call = async (method: "GET" | "POST", url: string, token?: string) =>
  service.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {} });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const typesOf = (orderId: string) => bus.eventsOf(orderId).map((e) => e.type);

/** Ka Ho opens his screen (signing in), then an order is accepted: it goes to him. */
async function assignedToKaHo() {
  // Only Ka Ho's screen is open.
  await t.prisma.courier.updateMany({ where: { id: { not: KA_HO } }, data: { lastSeenAt: null } });
  const token = await courierToken(KA_HO);
  expect((await call("GET", "/courier/deliveries", token)).statusCode).toBe(200);
  const order = orderAccepted();
  await bus.bus.publish([order]);
  await expect.poll(() => bus.eventsOf(order.payload.orderId).length, { timeout: 5000 }).toBeGreaterThan(0);
  expect((await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } })).courierId).toBe(
    KA_HO,
  );
  return { token, order };
}

describe("the courier screen", () => {
  it("lets a signed-in courier see the order, pick it up only once ready, and deliver it, while the simulator keeps out", async () => {
    const { token, order } = await assignedToKaHo();
    const orderId = order.payload.orderId;
    const mine = ((await call("GET", "/courier/deliveries", token)).json() as CourierAssignmentList).items.find(
      (a) => a.orderId === orderId,
    );
    expect(mine).toMatchObject({
      status: "ASSIGNED",
      ready: false,
      restaurantName: "Spice Route",
      pickupBuilding: "Hall 5",
      dropoff: { building: "Hall 7", room: "5/F 512", instructions: "Ring twice" },
    });

    const early = await call("POST", `/courier/deliveries/${orderId}/picked-up`, token);
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toBe(PROBLEM_TYPES.orderWrongStatus);

    await bus.bus.publish([orderReady(order)]);
    await expect
      .poll(async () => (await t.prisma.delivery.findUniqueOrThrow({ where: { orderId } })).readyAt, { timeout: 5000 })
      .not.toBeNull();
    // The simulated courier would have collected it within 10 ms; Ka Ho is signed in, so it waits for him.
    await sleep(300);
    expect(typesOf(orderId)).toEqual(["delivery.assigned"]);

    const picked = await call("POST", `/courier/deliveries/${orderId}/picked-up`, token);
    expect(picked.statusCode).toBe(200);
    expect((picked.json() as CourierAssignment).status).toBe("PICKED_UP");
    const done = await call("POST", `/courier/deliveries/${orderId}/delivered`, token);
    expect(done.statusCode).toBe(200);
    expect((done.json() as CourierAssignment).status).toBe("DELIVERED");
    await expect
      .poll(() => bus.eventsOf(orderId).map((e) => e.type), { timeout: 5000 })
      .toContain("delivery.delivered");

    // A second tap is harmless: same answer, no second event.
    expect((await call("POST", `/courier/deliveries/${orderId}/delivered`, token)).statusCode).toBe(200);
    await sleep(200);
    expect(typesOf(orderId)).toEqual(["delivery.assigned", "delivery.picked_up", "delivery.delivered"]);
  });

  it("refuses to deliver what was not picked up", async () => {
    const { token, order } = await assignedToKaHo();
    const res = await call("POST", `/courier/deliveries/${order.payload.orderId}/delivered`, token);
    expect(res.statusCode).toBe(409);
    expect((await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } })).status).toBe(
      "ASSIGNED",
    );
  });

  it("keeps every courier to their own deliveries: another courier gets 404 and does not see it", async () => {
    const { order } = await assignedToKaHo();
    const other = await courierToken(WING_YAN);
    expect((await call("POST", `/courier/deliveries/${order.payload.orderId}/picked-up`, other)).statusCode).toBe(404);
    const theirs = (await call("GET", "/courier/deliveries", other)).json() as CourierAssignmentList;
    expect(theirs.items.map((a) => a.orderId)).not.toContain(order.payload.orderId);
    expect((await t.prisma.delivery.findUniqueOrThrow({ where: { orderId: order.payload.orderId } })).status).toBe(
      "ASSIGNED",
    );
  });

  it("is for couriers only: 401 without a token, 403 for a student, staff or an admin", async () => {
    const { order } = await assignedToKaHo();
    expect((await call("GET", "/courier/deliveries")).statusCode).toBe(401);
    const others = [
      await keys.token(order.payload.userId),
      await keys.token(randomUUID(), { role: "staff", restaurantId: order.payload.restaurantId }),
      await keys.token(randomUUID(), { role: "admin" }),
    ];
    for (const token of others) {
      expect((await call("GET", "/courier/deliveries", token)).statusCode).toBe(403);
      const res = await call("POST", `/courier/deliveries/${order.payload.orderId}/picked-up`, token);
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe(PROBLEM_TYPES.forbidden);
    }
  });

  it("answers an order id that is not a UUID with a 400 naming it", async () => {
    const res = await call("POST", "/courier/deliveries/not-an-id/picked-up", await courierToken(KA_HO));
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain("orderId");
  });
});
