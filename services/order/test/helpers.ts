import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import amqp from "amqplib";
import pg from "pg";
import type { WebSocket } from "@fastify/websocket";
import { expect } from "vitest";
import {
  createEvent,
  MenuItem,
  OrderStreamServerMessage,
  TEST_CARDS,
  type DeliveryProgressPayload,
  type Menu,
  type PlaceOrderBody,
  type ServiceName,
} from "@ustbites/contracts";
import { createLogger, type App } from "@ustbites/kit";
import {
  deadLetterQueueName,
  openBus,
  retryDelay,
  retryQueueName,
  startOutboxRelay,
  type EventBus,
  type OutboxRelay,
} from "@ustbites/kit/bus";
import { openDatabase, type Database } from "@ustbites/kit/db";
import { card, createTestDatabase, createTestKeys, type TestClaims, type TestDatabase } from "@ustbites/kit/testing";
import { buildApp as buildCartApp, createMemoryCartStore, readEnv as readCartEnv } from "@ustbites/cart";
import { buildApp as buildPaymentApp, readEnv as readPaymentEnv } from "@ustbites/payment";
import { readEnv as readRestaurantEnv, startRestaurantService } from "@ustbites/restaurant";
// payment-service's own client, to build it on this file's exchange and to count its charges.
import { PrismaClient as PaymentPrisma } from "@ustbites/payment/prisma";
import { buildApp } from "../src/app.ts";
import { createSaga } from "../src/domain/saga.ts";
import { createUpstreams } from "../src/domain/upstreams.ts";
import { readEnv } from "../src/env.ts";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { createOrderRepository } from "../src/repositories/orders.ts";
import { startWorkers, type Workers } from "../src/consumers/saga-events.ts";

export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const ORDER_MIGRATIONS = fileURLToPath(new URL("../prisma/migrations", import.meta.url));
const PAYMENT_MIGRATIONS = fileURLToPath(new URL("../../payment/prisma/migrations", import.meta.url));
const silent = (name: string) => createLogger(name, "silent");
/** Quick redelivery, so an out-of-order event is retried within the test. */
const RETRY_BASE_MS = 100;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function orderBody(number: string = TEST_CARDS.success, building = "Hall 5"): PlaceOrderBody {
  return { deliveryAddress: { building, room: "5/F 512" }, payment: card(number) };
}

export interface Student {
  id: string;
  email: string;
  token: string;
  authorization: string;
}

export interface StackOptions {
  paymentTimeoutMs?: number;
  /** How long payment-service's processor sits on TEST_CARDS.timeout. */
  timeoutCardDelayMs?: number;
  settleTimeoutMs?: number;
  heartbeatMs?: number;
  streamAuthTimeoutMs?: number;
  /** Wraps the fetch order-service calls cart/restaurant/payment with (e.g. to make the cart lie). */
  fetch?: typeof fetch;
}

/** One order-service replica: its app, bus, relay and workers, on a shared database. */
export interface OrderInstance {
  app: App;
  bus: EventBus;
  relay: OutboxRelay;
  workers: Workers;
  close(): Promise<void>;
}

/**
 * The real services order-service talks to, each on its own fresh database, plus order-service itself,
 * all on a RabbitMQ exchange and queues of this test file's own:
 * a JWKS endpoint standing in for user-service; restaurant-service (seeded; Canton Kitchen open round the
 * clock, Sakura closed); cart-service (in-memory carts); payment-service with its outbox relay.
 */
export async function startStack(opts: StackOptions = {}) {
  const tag = randomBytes(5).toString("hex");
  const exchange = `test.order.${tag}`;
  const queues = {
    payments: `order.payment-events.${tag}`,
    deliveries: `order.delivery-events.${tag}`,
    refunds: `order.refund-events.${tag}`,
  };
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };

  closers.push(() => deleteBrokerObjects(exchange, Object.values(queues)));
  try {
    // user-service's part: a key pair whose public half is served as a JWKS.
    const keys = await createTestKeys();
    const jwks = await keys.serveJwks();
    const jwksUrl = jwks.url;
    closers.push(() => jwks.close());
    const student = async (claims: Omit<TestClaims, "email"> = {}): Promise<Student> => {
      const id = randomUUID();
      const email = `s${id.slice(0, 8)}@connect.ust.hk`;
      const token = await keys.token(id, { email, ...claims }, { expiresIn: "10m" });
      return { id, email, token, authorization: `Bearer ${token}` };
    };

    // restaurant-service
    const restaurantDb = await createTestDatabase("order_restaurant");
    closers.push(() => restaurantDb.drop());
    const restaurant = await startRestaurantService(
      readRestaurantEnv({ DATABASE_URL: restaurantDb.url, PORT: "0", LOG_LEVEL: "silent", JWKS_URL: jwksUrl }),
    );
    closers.push(() => restaurant.close());
    const restaurantSql = new pg.Client({ connectionString: restaurantDb.url });
    await restaurantSql.connect();
    closers.push(() => restaurantSql.end());
    // Tests must not depend on the hour they run at: one restaurant opens round the clock, one never.
    await restaurantSql.query(
      `UPDATE opening_periods SET opens = '00:00', closes = '00:00', start_minute = day * 1440, end_minute = day * 1440 + 1440
       WHERE restaurant_id = (SELECT id FROM restaurants WHERE slug = 'canton-kitchen')`,
    );
    await restaurantSql.query(
      `DELETE FROM opening_periods WHERE restaurant_id = (SELECT id FROM restaurants WHERE slug = 'sakura-ramen-sushi')`,
    );

    // user-service's other part: service tokens, signed with the same key, as POST /service-tokens issues them.
    const serviceTokensOf = (service: ServiceName) => ({
      tokenFor: (audience: ServiceName) => keys.serviceToken(service, audience),
    });

    // cart-service
    const cartConfig = readCartEnv({
      LOG_LEVEL: "silent",
      JWKS_URL: jwksUrl,
      RESTAURANT_URL: restaurant.address,
      SERVICE_SECRET: "not-used-the-test-signs-its-own-service-tokens",
    });
    const cart = await buildCartApp({
      config: cartConfig,
      store: createMemoryCartStore({ ttlSeconds: 3600 }),
      logger: silent("cart"),
      serviceTokens: serviceTokensOf("cart"),
    });
    closers.push(() => cart.close());
    const cartUrl = await cart.listen({ host: "127.0.0.1", port: 0 });

    // payment-service, publishing through its outbox onto this file's exchange
    const paymentTestDb = await createTestDatabase("order_payment");
    closers.push(() => paymentTestDb.drop());
    const paymentDb = await openDatabase({
      service: "payment",
      url: paymentTestDb.url,
      dataDir: "",
      migrationsDir: PAYMENT_MIGRATIONS,
      migrate: true,
      log: silent("payment"),
      poolMax: 4,
    });
    closers.push(() => paymentDb.close());
    const paymentPrisma = new PaymentPrisma({ adapter: paymentDb.adapter });
    closers.push(() => paymentPrisma.$disconnect());
    const paymentBus = await openBus({ url: RABBITMQ_URL, service: "payment", log: silent("payment"), exchange });
    closers.push(() => paymentBus.close());
    const paymentRelay = startOutboxRelay({
      db: paymentPrisma,
      bus: paymentBus,
      service: "payment",
      log: silent("payment"),
      intervalMs: 100,
    });
    closers.push(() => paymentRelay.stop());
    const payment = await buildPaymentApp({
      prisma: paymentPrisma,
      config: readPaymentEnv({
        LOG_LEVEL: "silent",
        JWKS_URL: jwksUrl,
        PROCESSOR_TIMEOUT_CARD_DELAY_MS: String(opts.timeoutCardDelayMs ?? 1500),
      }),
      logger: silent("payment"),
      onEventsEnqueued: () => paymentRelay.kick(),
    });
    closers.push(() => payment.close());
    const paymentUrl = await payment.listen({ host: "127.0.0.1", port: 0 });

    // order-service's database
    const orderTestDb: TestDatabase = await createTestDatabase("order");
    closers.push(() => orderTestDb.drop());
    const orderDb: Database = await openDatabase({
      service: "order",
      url: orderTestDb.url,
      dataDir: "",
      migrationsDir: ORDER_MIGRATIONS,
      migrate: true,
      log: silent("order"),
      poolMax: 6,
    });
    closers.push(() => orderDb.close());
    const prisma = new PrismaClient(orderDb.clientOptions);
    closers.push(() => prisma.$disconnect());

    // order-service's own, for cart, restaurant and payment.
    const serviceTokens = serviceTokensOf("order");
    const config = readEnv({
      LOG_LEVEL: "silent",
      SERVICE_SECRET: "not-used-the-test-signs-its-own-service-tokens",
      JWKS_URL: jwksUrl,
      CART_URL: cartUrl,
      RESTAURANT_URL: restaurant.address,
      PAYMENT_URL: paymentUrl,
      PAYMENT_TIMEOUT_MS: String(opts.paymentTimeoutMs ?? 2500),
      HEARTBEAT_MS: String(opts.heartbeatMs ?? 15_000),
    });

    /** A replica: several on the one database behave as order-service scaled out. */
    const startInstance = async (): Promise<OrderInstance> => {
      const log = silent("order");
      const bus = await openBus({ url: RABBITMQ_URL, service: "order", log, exchange });
      const relay = startOutboxRelay({ db: prisma, bus, service: "order", log, intervalMs: 100 });
      const app = await buildApp({
        prisma,
        bus,
        config,
        logger: log,
        onEventsEnqueued: () => relay.kick(),
        serviceTokens,
        ...(opts.fetch
          ? {
              upstreams: createUpstreams({
                cartUrl,
                restaurantUrl: restaurant.address,
                paymentUrl,
                paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
                serviceToken: (audience) => serviceTokens.tokenFor(audience),
                fetch: opts.fetch,
              }),
            }
          : {}),
        ...(opts.streamAuthTimeoutMs ? { streamAuthTimeoutMs: opts.streamAuthTimeoutMs } : {}),
      });
      await app.ready();
      const repo = createOrderRepository(prisma);
      const workers = await startWorkers({
        prisma,
        bus,
        repo,
        saga: createSaga({ repo, now: () => new Date(), log: silent("order") }),
        onEventsEnqueued: () => relay.kick(),
        log,
        settleTimeoutMs: opts.settleTimeoutMs ?? 120_000,
        // The tests sweep by calling sweep() themselves.
        sweepIntervalMs: 3_600_000,
        now: () => new Date(),
        retryDelayMs: RETRY_BASE_MS,
        queues,
      });
      return {
        app,
        bus,
        relay,
        workers,
        async close() {
          await app.close();
          await workers.close();
          await relay.stop();
          await bus.close();
        },
      };
    };

    const main = await startInstance();
    closers.push(() => main.close());

    // A bus handle of the test's own, standing in for delivery-service.
    const testBus = await openBus({ url: RABBITMQ_URL, service: "delivery", log: silent("delivery"), exchange });
    closers.push(() => testBus.close());

    const menuItem = async (slug: string, name: string): Promise<MenuItem> => {
      const res = await fetch(`${restaurant.address}/restaurants/${slug}/menu`);
      const menu = (await res.json()) as Menu;
      const found = menu.sections.flatMap((s) => s.items).find((i) => i.name === name);
      if (!found) throw new Error(`no ${name} at ${slug}`);
      return MenuItem.parse(found);
    };

    const restaurantId = async (slug: string): Promise<string> =>
      (await restaurantSql.query<{ id: string }>("SELECT id::text FROM restaurants WHERE slug = $1", [slug])).rows[0]
        ?.id ?? "";
    /** Staff of the restaurant with this slug (their token's restaurantId claim). */
    const staff = async (slug = "canton-kitchen") => student({ role: "staff", restaurantId: await restaurantId(slug) });

    return {
      app: main.app,
      main,
      repo: createOrderRepository(prisma),
      restaurantId,
      staff,
      /** POST /kitchen/orders/:id/<step> as `who`. */
      kitchen(who: Student, orderId: string, step: "accept" | "reject" | "ready", body?: object, app: App = main.app) {
        return app.inject({
          method: "POST",
          url: `/kitchen/orders/${orderId}/${step}`,
          headers: { authorization: who.authorization },
          ...(body ? { payload: body } : {}),
        });
      },
      prisma,
      paymentPrisma,
      restaurantSql,
      cartUrl,
      student,
      menuItem,
      startInstance,
      async addToCart(s: Student, itemId: string, quantity = 1, notes?: string) {
        const res = await fetch(`${cartUrl}/cart/items`, {
          method: "POST",
          headers: { authorization: s.authorization, "content-type": "application/json" },
          body: JSON.stringify({ itemId, quantity, ...(notes ? { notes } : {}) }),
        });
        if (res.status !== 201) throw new Error(`add to cart: ${res.status} ${await res.text()}`);
      },
      async cartOf(s: Student) {
        const res = await fetch(`${cartUrl}/cart`, { headers: { authorization: s.authorization } });
        return (await res.json()) as { lines: { itemId: string; unitPriceCents: number }[] };
      },
      place(s: Student, body: PlaceOrderBody = orderBody(), key: string = randomUUID(), app: App = main.app) {
        return app.inject({
          method: "POST",
          url: "/orders",
          headers: { authorization: s.authorization, "idempotency-key": key },
          payload: body,
        });
      },
      get(s: Student, url: string, app: App = main.app) {
        return app.inject({ method: "GET", url, headers: { authorization: s.authorization } });
      },
      /** Publishes a delivery event as delivery-service would. */
      async deliveryEvent(
        type: "delivery.assigned" | "delivery.picked_up" | "delivery.delivered",
        orderId: string,
        userId: string,
        id?: string,
      ) {
        const eta = type === "delivery.delivered" ? null : new Date(Date.now() + 20 * 60_000).toISOString();
        const payload: DeliveryProgressPayload = {
          orderId,
          userId,
          courier: {
            id: "0196a4c0-0000-7000-8000-00000000c001",
            name: "Ka Ho",
            vehicle: "bike",
            phone: "+852 ****5678",
          },
          eta,
          at: new Date().toISOString(),
        };
        const event = createEvent(type, payload, { source: "delivery", correlationId: orderId, ...(id ? { id } : {}) });
        await testBus.publish([event]);
        return event;
      },
      async statusOf(orderId: string) {
        return (await prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status;
      },
      async outboxTypes(orderId: string): Promise<string[]> {
        const rows = await prisma.outboxEvent.findMany({ orderBy: { createdAt: "asc" } });
        return rows
          .filter((r) => (r.payload as { correlationId?: string }).correlationId === orderId)
          .map((r) => r.type);
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** Durable queues outlive the test; this file's own (with their retry and dead-letter queues) and its exchange go. */
async function deleteBrokerObjects(exchange: string, queues: string[]) {
  const connection = await amqp.connect(RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) {
      const retries = Array.from({ length: 8 }, (_, i) => retryQueueName(queue, retryDelay(RETRY_BASE_MS, i + 1)));
      // Deleting a queue that was never declared is a no-op in RabbitMQ.
      for (const name of [queue, deadLetterQueueName(queue), ...retries]) await channel.deleteQueue(name);
    }
    await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** A WebSocket client on `app` that records every server message. */
export async function openStream(app: App, headers: Record<string, string> = {}, opts: { answerPings?: boolean } = {}) {
  const messages: OrderStreamServerMessage[] = [];
  let closeCode: number | undefined;
  const socket: WebSocket = await app.injectWS("/orders/stream", { headers });
  // injectWS's client does not answer pings by itself, so it can also play a dead peer.
  if (opts.answerPings ?? true) socket.on("ping", (data: Buffer) => socket.pong(data));
  socket.on("message", (data: Buffer) =>
    messages.push(OrderStreamServerMessage.parse(JSON.parse(data.toString("utf8")))),
  );
  socket.on("close", (code: number) => {
    closeCode = code;
  });
  return {
    socket,
    messages,
    send: (message: object) => socket.send(JSON.stringify(message)),
    closeCode: () => closeCode,
    statuses: (orderId: string) => messages.flatMap((m) => (m.type === "status" && m.orderId === orderId ? [m] : [])),
    async waitFor(predicate: (m: OrderStreamServerMessage[]) => boolean, timeout?: number) {
      await expect
        .poll(() => predicate(messages), { ...(timeout ? { timeout } : {}), message: "stream messages" })
        .toBe(true);
    },
    async waitClosed(timeout?: number) {
      await expect.poll(() => closeCode, { ...(timeout ? { timeout } : {}), message: "socket close" }).toBeDefined();
      return closeCode;
    },
    close: () => socket.terminate(),
  };
}
