import { readFile } from "node:fs/promises";
import { expect } from "vitest";
import { importPKCS8, SignJWT } from "jose";
import type { Cart, Delivery, MenuItem, Order, Restaurant } from "@ustbites/contracts";
import { readGatewayTable } from "@ustbites/gateway";
import { DEMO_ACCOUNTS } from "../src/index.ts";
import type { RealPlatform } from "../src/testing.ts";

/**
 * Who may call what, route by route: the one place the platform's authorization is written down
 * (docs/threat-model.md points here). The authorization-matrix test calls every route of every
 * service as each caller below and checks the answer against `allow`; the body-fuzz test throws
 * hostile bodies at every route that takes one, as a caller who is allowed. A route a service serves
 * that is not listed here fails both.
 */
export const CALLERS = [
  "anonymous",
  "studentA",
  "studentB",
  "staffHere",
  "staffOther",
  "courier",
  "otherCourier",
  "admin",
] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * What the callers act on, all student A's: A's order from Spice Route (delivered, so every step the
 * matrix tries is a 409 for whoever may take it), its delivery and courier, A's chat thread, A's cart.
 * staffHere runs Spice Route, staffOther Canton Kitchen; courier delivered A's order, otherCourier
 * did not.
 */
export interface World {
  p: RealPlatform;
  tokens: Record<Exclude<Caller, "anonymous">, string>;
  /** Mints a token user-service would have signed (the platform's key): order-service's identity, for the fuzz. */
  mint: (claims: Record<string, unknown>) => Promise<string>;
  order: Order;
  item: MenuItem;
  restaurant: Restaurant;
  threadId: string;
  courierId: string;
  /** A fresh line in A's cart, for the routes that take a line id (added again before each such route). */
  cartLine: () => Promise<string>;
}

const PASSWORD = "late-night-char-siu-rice";
const SPICE_ROUTE = DEMO_ACCOUNTS.find((a) => a.email === "kitchen.spice-route@ustbites.local")!;
const CANTON = DEMO_ACCOUNTS.find((a) => a.email === "kitchen.canton@ustbites.local")!;
const ADMIN = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;

async function signIn(p: RealPlatform, email: string, password: string): Promise<string> {
  const res = await p.api<{ tokens: { accessToken: string } }>("/api/user/auth/login", {
    method: "POST",
    body: { email, password },
  });
  if (res.status !== 200) throw new Error(`${email} could not sign in: ${res.status}`);
  return res.body.tokens.accessToken;
}

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A delivered order of student A's, and everyone who might try to touch it. */
export async function buildWorld(p: RealPlatform): Promise<World> {
  const [a, b] = [await p.student("Student A"), await p.student("Student B")];
  const key = importPKCS8(await readFile(p.signingKeyFile, "utf8"), "RS256");
  const { header, payload } = decode(a.token);
  const mint = async (claims: Record<string, unknown>) =>
    new SignJWT({ iss: payload.iss, aud: payload.aud, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: header.kid })
      .setIssuedAt()
      .setExpirationTime("15m")
      .sign(await key);

  const menu = await p.api<{ items: MenuItem[] }>("/api/restaurant/items?q=paneer%20tikka%20wrap&limit=5");
  const item = menu.body.items.find((i) => i.name === "Paneer Tikka Wrap" && i.available)!;
  const restaurant = (await p.api<Restaurant>(`/api/restaurant/restaurants/${item.restaurantId}`)).body;
  expect(restaurant.id).toBe(SPICE_ROUTE.restaurantId);

  expect(
    (
      await p.api<Cart>("/api/cart/cart/items", {
        method: "POST",
        token: a.token,
        body: { itemId: item.id, quantity: 1 },
      })
    ).status,
  ).toBe(201);
  const placed = await p.api<Order>("/api/order/orders", {
    method: "POST",
    token: a.token,
    headers: { "idempotency-key": `matrix-${a.id}` },
    body: { deliveryAddress: { building: "Hall 5", room: "512" }, payment: p.card() },
  });
  expect(placed.status).toBe(201);
  const order = await until("A's order to be delivered", async () => {
    const { body } = await p.api<Order>(`/api/order/orders/${placed.body.id}`, { token: a.token });
    return body.status === "DELIVERED" ? body : undefined;
  });
  const delivery = await until("A's delivery to be delivered", async () => {
    const res = await p.api<Delivery>(`/api/delivery/deliveries/${order.id}`, { token: a.token });
    return res.status === 200 && res.body.status === "DELIVERED" ? res.body : undefined;
  });
  const courierId = delivery.courier.id;
  const otherCourierId = courierId.endsWith("1") ? courierId.replace(/1$/, "2") : courierId.replace(/.$/, "1");

  const chat = await fetch(`${p.gateway}/api/agent/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
    body: JSON.stringify({ message: "what is on the menu at spice route?" }),
  });
  const events = await chat.text();
  const threadId = /"threadId":"([0-9a-f-]{36})"/.exec(events)?.[1];
  if (!threadId) throw new Error(`no thread in the agent's answer: ${events.slice(0, 300)}`);

  const admin = await signIn(p, ADMIN.email, ADMIN.password);
  // The demo has accounts for two of the fleet's eight couriers; the admin makes one for any other, as in real life.
  const courierAccount = async (id: string) => {
    const demo = DEMO_ACCOUNTS.find((account) => account.courierId === id);
    if (demo) return signIn(p, demo.email, demo.password);
    const email = `courier-${id.slice(-4)}-${Date.now()}@ustbites.local`;
    const made = await p.api("/api/user/admin/accounts", {
      method: "POST",
      token: admin,
      body: { role: "courier", courierId: id, email, password: PASSWORD, name: "Courier" },
    });
    expect(made.status).toBe(201);
    return signIn(p, email, PASSWORD);
  };
  const tokens = {
    studentA: a.token,
    studentB: b.token,
    staffHere: await signIn(p, SPICE_ROUTE.email, SPICE_ROUTE.password),
    staffOther: await signIn(p, CANTON.email, CANTON.password),
    admin,
    courier: await courierAccount(courierId),
    otherCourier: await courierAccount(otherCourierId),
  };
  const cartLine = async () => {
    const res = await p.api<Cart>("/api/cart/cart/items", {
      method: "POST",
      token: a.token,
      body: { itemId: item.id, quantity: 1, notes: `line ${Math.random()}` },
    });
    expect(res.status).toBe(201);
    return res.body.lines.at(-1)!.lineId;
  };
  return { p, tokens, mint, order, item, restaurant, threadId, courierId, cartLine };
}

function decode(token: string) {
  const [header, payload] = token.split(".") as [string, string];
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()) as { kid: string },
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss: string; aud: string },
  };
}

/** One route's expectations: who is allowed, and the path parameters and body it is called with. */
export interface RouteCase {
  allow: readonly Caller[];
  /** OpenAPI path parameters, filled from the world (A's resources). */
  params?: (w: World) => Promise<Record<string, string>> | Record<string, string>;
  /** A valid body, so an allowed caller gets past validation to the ownership check. */
  body?: (w: World) => unknown;
  headers?: (w: World) => Record<string, string>;
}

const students = ["studentA", "studentB"] as const;
const everyone = CALLERS;
const signedIn = CALLERS.filter((c) => c !== "anonymous");
const nobody = [] as const;
const card = (w: World) => w.p.card();

/**
 * Keyed `<service> <METHOD> <OpenAPI path>`. Payment is on no public route: it is called on its own
 * port, where only order-service's service token passes (nobody here holds one). The order-status
 * WebSocket (GET /orders/stream, not in OpenAPI) authenticates in its protocol: STREAM_ALLOW.
 */
export const MATRIX: Record<string, RouteCase> = {
  "user POST /auth/register": {
    allow: everyone,
    body: () => ({ email: `m-${crypto.randomUUID()}@connect.ust.hk`, password: PASSWORD, name: "Matrix" }),
  },
  // Wrong credentials answer 401 whoever asks, so these two are called with a malformed body: a 400 says the caller got in.
  "user POST /auth/login": { allow: everyone, body: () => ({ email: "not an email", password: PASSWORD }) },
  "user POST /auth/refresh": { allow: everyone, body: () => ({ refreshToken: "" }) },
  "user POST /auth/logout": {
    allow: signedIn,
    body: () => ({ refreshToken: "not-a-refresh-token-at-all-but-long-enough" }),
  },
  "user GET /me": { allow: signedIn },
  "user PATCH /me": { allow: signedIn, body: () => ({}) },
  "user POST /admin/accounts": {
    allow: ["admin"],
    body: () => ({ role: "admin", email: "admin@ustbites.local", password: PASSWORD, name: "Dup" }),
  },
  "user GET /.well-known/jwks.json": { allow: everyone },
  "user GET /auth/csrf": { allow: everyone },
  "user GET /admin/traces": { allow: ["admin"] },
  // The newest trace the admin can see (A's order made several): an admin gets it, nobody else does.
  "user GET /admin/traces/{traceId}": {
    allow: ["admin"],
    params: async (w) => {
      const list = await w.p.api<{ items: { traceId: string }[] }>("/api/user/admin/traces", { token: w.tokens.admin });
      return { traceId: list.body.items[0]!.traceId };
    },
  },
  // Served on user-service's own port to services (HTTP Basic); refused at the edge.
  "user POST /service-tokens": { allow: nobody, body: () => ({ audience: "payment" }) },

  "restaurant GET /restaurants": { allow: everyone },
  "restaurant GET /restaurants/{id}": { allow: everyone, params: (w) => ({ id: w.restaurant.id }) },
  "restaurant GET /restaurants/{id}/menu": { allow: everyone, params: (w) => ({ id: w.restaurant.id }) },
  "restaurant PUT /restaurants/{id}/hours": {
    allow: ["staffHere", "admin"],
    params: (w) => ({ id: w.restaurant.id }),
    body: (w) => ({ hours: w.restaurant.hours }),
  },
  "restaurant GET /items": { allow: everyone },
  "restaurant GET /items/{id}": { allow: everyone, params: (w) => ({ id: w.item.id }) },
  // Cart's and order's service identities only (kit/service-identity); refused at the edge.
  "restaurant POST /internal/items/lookup": { allow: nobody, body: (w) => ({ ids: [w.item.id] }) },
  "restaurant PATCH /items/{id}/availability": {
    allow: ["staffHere", "admin"],
    params: (w) => ({ id: w.item.id }),
    body: () => ({ available: true }),
  },

  "cart GET /cart": { allow: students },
  "cart POST /cart/items": { allow: students, body: (w) => ({ itemId: w.item.id, quantity: 1 }) },
  "cart PATCH /cart/items/{lineId}": {
    allow: ["studentA"],
    params: async (w) => ({ lineId: await w.cartLine() }),
    body: () => ({ quantity: 2 }),
  },
  "cart DELETE /cart/items/{lineId}": { allow: ["studentA"], params: async (w) => ({ lineId: await w.cartLine() }) },
  "cart DELETE /cart": { allow: students },
  // Order-service's identity only: reads and empties a student's cart at checkout; refused at the edge.
  "cart GET /internal/carts/{userId}": { allow: nobody, params: (w) => ({ userId: w.order.userId }) },
  "cart DELETE /internal/carts/{userId}": { allow: nobody, params: (w) => ({ userId: w.order.userId }) },

  "order POST /orders": {
    allow: students,
    headers: () => ({ "idempotency-key": crypto.randomUUID() }),
    body: (w) => ({ deliveryAddress: { building: "Hall 5", room: "512" }, payment: card(w) }),
  },
  "order GET /orders": { allow: students },
  "order GET /orders/{id}": { allow: ["studentA"], params: (w) => ({ id: w.order.id }) },
  "order GET /orders/{id}/events": { allow: ["studentA"], params: (w) => ({ id: w.order.id }) },
  "order POST /orders/{id}/cancel": {
    allow: ["studentA"],
    params: (w) => ({ id: w.order.id }),
    body: () => ({ reason: "changed my mind" }),
  },
  "order GET /kitchen/orders": { allow: ["staffHere", "staffOther"] },
  "order POST /kitchen/orders/{id}/accept": {
    allow: ["staffHere"],
    params: (w) => ({ id: w.order.id }),
    body: () => ({ prepMinutes: 10 }),
  },
  "order POST /kitchen/orders/{id}/reject": {
    allow: ["staffHere"],
    params: (w) => ({ id: w.order.id }),
    body: () => ({ reason: "out of paneer" }),
  },
  "order POST /kitchen/orders/{id}/ready": { allow: ["staffHere"], params: (w) => ({ id: w.order.id }) },

  "payment POST /payments": {
    allow: nobody,
    body: (w) => ({ orderId: w.order.id, userId: w.order.userId, amountCents: 1, currency: "HKD", card: card(w) }),
  },
  "payment GET /payments": { allow: nobody },
  "payment GET /payments/{id}": { allow: nobody, params: (w) => ({ id: w.order.id }) },

  "delivery GET /couriers": { allow: everyone },
  "delivery GET /deliveries/{orderId}": { allow: ["studentA"], params: (w) => ({ orderId: w.order.id }) },
  "delivery GET /courier/deliveries": { allow: ["courier", "otherCourier"] },
  "delivery POST /courier/deliveries/{orderId}/picked-up": {
    allow: ["courier"],
    params: (w) => ({ orderId: w.order.id }),
  },
  "delivery POST /courier/deliveries/{orderId}/delivered": {
    allow: ["courier"],
    params: (w) => ({ orderId: w.order.id }),
  },

  "notification GET /notifications": { allow: students },

  "agent POST /chat": { allow: ["studentA"], body: (w) => ({ threadId: w.threadId, message: "thanks" }) },
  "agent POST /chat/resume": { allow: ["studentA"], body: (w) => ({ threadId: w.threadId, decision: "reject" }) },
  "agent GET /threads": { allow: students },
  "agent GET /threads/{id}": { allow: ["studentA"], params: (w) => ({ id: w.threadId }) },
};

/** Who may follow student A's order on the order-status socket. */
export const STREAM_ALLOW: readonly Caller[] = ["studentA"];

export interface ServedRoute {
  key: string;
  service: string;
  method: string;
  path: string;
  /** Whether its OpenAPI operation takes a request body. */
  takesBody: boolean;
  /** Where a caller reaches it: through the gateway, or (payment) on the service's own port. */
  base: string;
}

/** Every route each service documents in its OpenAPI (read on its own port: the edge does not serve /docs). */
export async function servedRoutes(p: RealPlatform): Promise<ServedRoute[]> {
  const prefixes = new Map(readGatewayTable().routes.map((r) => [r.service, r.prefix]));
  const routes: ServedRoute[] = [];
  for (const [service, url] of Object.entries(p.services)) {
    const doc = (await (await fetch(`${url}/docs/json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const prefix = prefixes.get(service);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const upper = method.toUpperCase();
        const base = prefix ? `${p.gateway}${prefix}` : url;
        routes.push({
          key: `${service} ${upper} ${path}`,
          service,
          method: upper,
          path,
          takesBody: operation.requestBody !== undefined,
          base,
        });
      }
    }
  }
  return routes;
}

/** The request a route case makes as `caller`. */
export async function requestFor(
  w: World,
  route: ServedRoute,
  rc: RouteCase,
  caller: Caller,
): Promise<{ url: string; init: RequestInit }> {
  const params = rc.params ? await rc.params(w) : {};
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`${route.key}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const body = rc.body?.(w);
  const headers: Record<string, string> = {
    ...(body !== undefined ? { "content-type": "application/json" } : {}),
    ...(caller !== "anonymous" ? { authorization: `Bearer ${w.tokens[caller]}` } : {}),
    ...(rc.headers?.(w) ?? {}),
  };
  return {
    url: `${route.base}${path}`,
    init: { method: route.method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
  };
}
