import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELIVERY_FEE_CENTS, PROBLEM_TYPES, TEST_CARDS, type Order, type OrderHistory } from "@ustbites/contracts";
import { decodeJwt } from "jose";
import { orderBody, startStack, type Stack } from "./helpers.ts";

/** Every request order-service sent: where, and with which Authorization header. */
const sent: { url: URL; authorization: string | null }[] = [];

/** Makes cart-service look like it lies about prices: order-service must not believe it. */
const lyingCartFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  sent.push({ url, authorization: new Headers(init?.headers).get("authorization") });
  const res = await fetch(input, init);
  if (!url.pathname.startsWith("/internal/carts/") || (init?.method ?? "GET") !== "GET" || !res.ok) return res;
  const cart = (await res.json()) as {
    lines: { unitPriceCents: number; lineTotalCents: number }[];
    subtotalCents: number;
    totalCents: number;
  };
  for (const line of cart.lines) {
    line.unitPriceCents = 1;
    line.lineTotalCents = 1;
  }
  cart.subtotalCents = cart.lines.length;
  cart.totalCents = cart.subtotalCents;
  return new Response(JSON.stringify(cart), { status: res.status, headers: res.headers });
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ fetch: lyingCartFetch });
});
afterAll(() => stack?.close());

describe("placing an order", () => {
  it("re-prices from restaurant-service, pays, confirms, clears the cart and writes the saga's events", async () => {
    const s = await stack.student();
    const rice = await stack.menuItem("canton-kitchen", "Char Siu Rice");
    const tea = await stack.menuItem("canton-kitchen", "Hong Kong Milk Tea");
    await stack.addToCart(s, rice.id, 2, "extra sauce");
    await stack.addToCart(s, tea.id, 1);

    const res = await stack.place(s);
    expect(res.statusCode).toBe(201);
    const order = res.json() as Order;
    expect(order.status).toBe("CONFIRMED");
    expect(order.userId).toBe(s.id);
    expect(order.restaurantName).toBe("Canton Kitchen");
    expect(order.items).toEqual([
      {
        itemId: rice.id,
        name: "Char Siu Rice",
        unitPriceCents: rice.priceCents,
        quantity: 2,
        notes: "extra sauce",
        lineTotalCents: rice.priceCents * 2,
      },
      {
        itemId: tea.id,
        name: "Hong Kong Milk Tea",
        unitPriceCents: tea.priceCents,
        quantity: 1,
        notes: null,
        lineTotalCents: tea.priceCents,
      },
    ]);
    const subtotal = rice.priceCents * 2 + tea.priceCents;
    expect(order).toMatchObject({
      subtotalCents: subtotal,
      deliveryFeeCents: DELIVERY_FEE_CENTS,
      totalCents: subtotal + DELIVERY_FEE_CENTS,
    });
    expect(order.paymentLast4).toBe("4242");
    expect(order.deliveryAddress).toEqual({ building: "Hall 5", room: "5/F 512", instructions: null });

    expect((await stack.cartOf(s)).lines).toEqual([]);
    // payment-service charged the restaurant's total, not the cart's.
    const payment = await stack.paymentPrisma.payment.findUniqueOrThrow({ where: { orderId: order.id } });
    expect(payment).toMatchObject({ status: "SUCCEEDED", amountCents: subtotal + DELIVERY_FEE_CENTS, userId: s.id });

    expect(await stack.outboxTypes(order.id)).toEqual(
      expect.arrayContaining(["order.created", "order.status_changed", "order.confirmed", "order.status_changed"]),
    );
    expect(await stack.outboxTypes(order.id)).toHaveLength(4);
    const confirmed = await stack.prisma.outboxEvent.findFirstOrThrow({ where: { type: "order.confirmed" } });
    expect((confirmed.payload as { payload: object }).payload).toMatchObject({
      orderId: order.id,
      userEmail: s.email,
      userName: "Student",
      userPhone: null,
      restaurantLocation: { building: expect.any(String) },
      prepTimeMinutes: expect.any(Number),
      paymentId: payment.id,
      totalCents: order.totalCents,
    });
    // The relay publishes the rows.
    await expect.poll(() => stack.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);

    const detail = await stack.get(s, `/orders/${order.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toEqual(order);

    const history = (await stack.get(s, `/orders/${order.id}/events`)).json() as OrderHistory;
    expect(history.orderId).toBe(order.id);
    expect(history.events.map((e) => [e.seq, e.status])).toEqual([
      [1, "PENDING"],
      [2, "CONFIRMED"],
    ]);
  });

  it("puts the phone from the student's token on order.created and order.confirmed, for SMS updates", async () => {
    const s = await stack.student({ phone: "+85291234567" });
    const rice = await stack.menuItem("canton-kitchen", "Char Siu Rice");
    await stack.addToCart(s, rice.id, 1);
    const order = (await stack.place(s)).json() as Order;
    for (const type of ["order.created", "order.confirmed"]) {
      const row = await stack.prisma.outboxEvent.findFirstOrThrow({
        where: { type, payload: { path: ["payload", "orderId"], equals: order.id } },
      });
      expect((row.payload as { payload: object }).payload, type).toMatchObject({
        userId: s.id,
        userPhone: "+85291234567",
      });
    }
  });

  it("lists the student's own orders, newest first, with their items, filtered and paginated", async () => {
    const s = await stack.student();
    const other = await stack.student();
    const rice = await stack.menuItem("canton-kitchen", "Soy Sauce Chicken Rice");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await stack.addToCart(s, rice.id, i + 1);
      ids.push((await stack.place(s)).json().id);
    }
    await stack.addToCart(other, rice.id);
    await stack.place(other);
    await stack.addToCart(s, rice.id);
    const declined = (await stack.place(s, orderBody(TEST_CARDS.decline))).json() as Order;

    const newestFirst = [declined.id, ...[...ids].reverse()];
    const all = (await stack.get(s, "/orders")).json();
    expect(all.total).toBe(4);
    expect(all.items.map((o: Order) => o.id)).toEqual(newestFirst);
    expect(all.items[1].items[0].quantity).toBe(3);

    const page = (await stack.get(s, "/orders?limit=2&offset=1")).json();
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.items.map((o: Order) => o.id)).toEqual(newestFirst.slice(1, 3));

    const failed = (await stack.get(s, "/orders?status=PAYMENT_FAILED")).json();
    expect(failed.items.map((o: Order) => o.id)).toEqual([declined.id]);
  });

  it("refuses an empty cart, a sold-out item and a closed restaurant with 409 and writes nothing", async () => {
    const s = await stack.student();
    const before = await stack.prisma.order.count();
    const empty = await stack.place(s);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().type).toBe(PROBLEM_TYPES.cartEmpty);

    const fishBalls = await stack.menuItem("canton-kitchen", "Curry Fish Balls");
    await stack.addToCart(s, fishBalls.id);
    await stack.restaurantSql.query("UPDATE menu_items SET available = false WHERE id = $1", [fishBalls.id]);
    const soldOut = await stack.place(s);
    expect(soldOut.statusCode).toBe(409);
    expect(soldOut.json().type).toBe(PROBLEM_TYPES.itemUnavailable);
    expect(soldOut.json().detail).toContain("Curry Fish Balls");
    await stack.restaurantSql.query("UPDATE menu_items SET available = true WHERE id = $1", [fishBalls.id]);

    const other = await stack.student();
    const ramen = await stack.menuItem("sakura-ramen-sushi", "Tonkotsu Ramen");
    await stack.addToCart(other, ramen.id);
    const closed = await stack.place(other);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().type).toBe(PROBLEM_TYPES.restaurantClosed);

    expect(await stack.prisma.order.count()).toBe(before);
  });

  it("keeps the cart and answers 201 PAYMENT_FAILED when the card is declined", async () => {
    const s = await stack.student();
    const rice = await stack.menuItem("canton-kitchen", "Yangzhou Fried Rice");
    await stack.addToCart(s, rice.id);

    const res = await stack.place(s, orderBody(TEST_CARDS.insufficientFunds));
    expect(res.statusCode).toBe(201);
    const order = res.json() as Order;
    expect(order).toMatchObject({ status: "PAYMENT_FAILED", failureReason: "insufficient_funds" });
    expect((await stack.cartOf(s)).lines.map((l) => l.itemId)).toEqual([rice.id]);
    expect(await stack.outboxTypes(order.id)).toEqual(
      expect.arrayContaining(["order.created", "order.payment_failed"]),
    );
    expect(await stack.outboxTypes(order.id)).not.toContain("order.confirmed");
  });
});

// Last in the file: the first test reads "the" order.confirmed row.
describe("order-service's calls while placing", () => {
  it("calls cart, restaurant and payment as order-service, naming the student, never with the student's token", async () => {
    const s = await stack.student();
    const rice = await stack.menuItem("canton-kitchen", "Char Siu Rice");
    await stack.addToCart(s, rice.id);
    const from = sent.length;
    expect((await stack.place(s)).statusCode).toBe(201);

    const calls = sent.slice(from);
    expect(calls.map((c) => c.url.pathname).toSorted()).toEqual(
      [
        `/internal/carts/${s.id}`,
        `/internal/carts/${s.id}`,
        "/internal/items/lookup",
        "/payments",
        `/restaurants/${rice.restaurantId}`,
      ].toSorted(),
    );
    for (const { url, authorization } of calls) {
      expect(authorization ?? "", url.pathname).not.toContain(s.token);
      // The public restaurant page needs nothing; every other call carries order's token made out to the callee.
      if (url.pathname.startsWith("/restaurants/")) expect(authorization).toBeNull();
      else {
        const audience =
          url.port === new URL(stack.cartUrl).port ? "cart" : url.pathname === "/payments" ? "payment" : "restaurant";
        expect(decodeJwt(authorization?.replace(/^Bearer /, "") ?? ""), url.pathname).toMatchObject({
          sub: "service:order",
          svc: "order",
          aud: audience,
        });
      }
    }
  });
});
