import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Cart, MenuItem } from "@ustbites/contracts";
import type { App } from "@ustbites/kit";
import { buildTestApp, client, makeStore, newStudent, startUpstreams, testRedis, type Upstreams } from "./helpers.ts";

let up: Upstreams;
let app: App;
let naan: MenuItem;
const redis = testRedis();

beforeAll(async () => {
  up = await startUpstreams();
  naan = await up.item("spice-route", "Garlic Naan");
  app = await buildTestApp(up, makeStore("redis", redis));
});
afterAll(async () => {
  await app?.close();
  await redis.close();
  await up?.close();
});

const internal = (method: "GET" | "DELETE", userId: string, token?: string) =>
  app.inject({ method, url: `/internal/carts/${userId}`, headers: token ? { authorization: `Bearer ${token}` } : {} });

/** A student with one Garlic Naan in their cart, put there through the student's own API. */
async function studentWithCart() {
  const id = newStudent();
  const add = await client(app, up, id)("POST", "/cart/items", { itemId: naan.id, quantity: 2 });
  expect(add.statusCode).toBe(201);
  return id;
}

describe("the internal cart routes order-service places orders with", () => {
  it("give order-service, with its own service token, the student's cart re-priced, then empty it", async () => {
    const student = await studentWithCart();
    const order = await up.serviceToken("order", "cart");
    const read = await internal("GET", student, order);
    expect(read.statusCode, read.body).toBe(200);
    const cart: Cart = read.json();
    expect(cart.lines.map((l) => [l.itemId, l.quantity, l.unitPriceCents])).toEqual([[naan.id, 2, naan.priceCents]]);

    expect((await internal("DELETE", student, order)).statusCode).toBe(204);
    expect((await client(app, up, student)("GET", "/cart")).json().lines).toEqual([]);
  });

  it("refuse every person's token (401), even the student's own, and every other service (403), reading and emptying nothing", async () => {
    const student = await studentWithCart();
    const callers: [string, string | undefined, number][] = [
      ["no token", undefined, 401],
      ["the student themself", await up.token(student), 401],
      ["another student", await up.token(newStudent()), 401],
      ["an admin", await up.token(newStudent(), { role: "admin" }), 401],
      ["order's token made out to restaurant", await up.serviceToken("order", "restaurant"), 401],
      ["the agent's service token", await up.serviceToken("agent", "cart"), 403],
      ["payment's service token", await up.serviceToken("payment", "cart"), 403],
    ];
    for (const [who, token, status] of callers) {
      for (const method of ["GET", "DELETE"] as const) {
        const res = await internal(method, student, token);
        expect(res.statusCode, `${method} as ${who}`).toBe(status);
        expect(res.headers["content-type"], `${method} as ${who}`).toMatch(/^application\/problem\+json/);
        expect(res.body).not.toContain(naan.id);
      }
    }
    expect((await client(app, up, student)("GET", "/cart")).json().lines).toHaveLength(1);
  });

  it("answer a student id that is not a UUID with a 400 naming it", async () => {
    const res = await internal("GET", "not-a-student", await up.serviceToken("order", "cart"));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain("params.userId");
  });
});
