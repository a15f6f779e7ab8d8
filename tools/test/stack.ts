import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AuthResponse,
  Menu,
  TOOL_RESULTS,
  ToolError,
  type MenuItem,
  type ToolErrorCode,
  type ToolName,
  type ToolResult,
  type ToolSuccess,
} from "@ustbites/contracts";
import { createTestDatabase } from "@ustbites/kit/testing";
import { expect } from "vitest";
import { readEnv as readCartEnv, startCartService } from "@ustbites/cart";
import { readEnv as readDeliveryEnv, startDeliveryService } from "@ustbites/delivery";
import { readEnv as readOrderEnv, startOrderService } from "@ustbites/order";
import { readEnv as readPaymentEnv, startPaymentService } from "@ustbites/payment";
import { setOpeningHours } from "@ustbites/restaurant/testing";
import { readEnv as readRestaurantEnv, startRestaurantService } from "@ustbites/restaurant";
import { DEMO_ACCOUNTS, readEnv as readUserEnv, startUserService } from "@ustbites/user";
import { createTools, withStudent, type StudentContext, type Tools } from "../src/index.ts";

export interface Student {
  id: string;
  token: string;
  authorization: string;
}

/** Asserts that `result` is `name`'s success shape (contracts' TOOL_RESULTS) and hands it back typed. */
export function succeeded<N extends ToolName>(name: N, result: unknown): ToolSuccess<N> {
  const parsed = TOOL_RESULTS[name].safeParse(result);
  expect(parsed.success, `${name} answered outside its success shape: ${JSON.stringify(result)}`).toBe(true);
  return result as ToolSuccess<N>;
}

/** Asserts that `result` is a ToolError with `code` and hands back its error. */
export function failed(result: unknown, code: ToolErrorCode): ToolError["error"] {
  const parsed = ToolError.safeParse(result);
  expect(parsed.success, `expected a ToolError, got ${JSON.stringify(result)}`).toBe(true);
  const { error } = result as ToolError;
  expect(error.code, error.message).toBe(code);
  return error;
}

/**
 * The real services the tools call, started in this process on ephemeral ports, each with a fresh
 * database of this test file's own, on the in-process bus: user-service (real tokens, its JWKS),
 * restaurant (seeded; Spice Route, Canton Kitchen and Seoul Bowl open round the clock, Sakura never),
 * cart (in-memory carts) and, with `orders`, payment, order and delivery (a fast delivery clock).
 */
export async function startStack(opts: { orders?: boolean } = {}) {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  const database = async (service: string) => {
    const db = await createTestDatabase(`tools_${service}`);
    closers.push(() => db.drop());
    return db.url;
  };
  const common = { LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1" };

  try {
    const dataDir = await mkdtemp(join(tmpdir(), "ustbites-tools-"));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    // order's and cart's credentials for the service tokens they call each other, restaurant and payment with.
    const orderSecret = randomBytes(32).toString("base64url");
    const cartSecret = randomBytes(32).toString("base64url");
    const user = await startUserService(
      readUserEnv({
        ...common,
        DATABASE_URL: await database("user"),
        DATA_DIR: dataDir,
        JWT_PRIVATE_KEY: pem,
        SERVICE_CREDENTIALS: `order:${orderSecret},cart:${cartSecret}`,
      }),
    );
    closers.push(() => user.close());
    const JWKS_URL = `${user.address}/.well-known/jwks.json`;

    const restaurantDbUrl = await database("restaurant");
    const restaurant = await startRestaurantService(
      readRestaurantEnv({ ...common, JWKS_URL, DATABASE_URL: restaurantDbUrl }),
    );
    closers.push(() => restaurant.close());
    // Tests must not depend on the hour they run at.
    await setOpeningHours(restaurantDbUrl, {
      always: ["spice-route", "canton-kitchen", "seoul-bowl"],
      never: ["sakura-ramen-sushi"],
    });

    const cart = await startCartService(
      readCartEnv({
        ...common,
        JWKS_URL,
        RESTAURANT_URL: restaurant.address,
        USER_URL: user.address,
        SERVICE_SECRET: cartSecret,
      }),
    );
    closers.push(() => cart.close());

    const urls = {
      restaurant: restaurant.address,
      cart: cart.address,
      order: "http://127.0.0.1:9",
      delivery: "http://127.0.0.1:9",
    };
    if (opts.orders) {
      const payment = await startPaymentService(
        readPaymentEnv({
          ...common,
          JWKS_URL,
          DATABASE_URL: await database("payment"),
          PROCESSOR_TIMEOUT_CARD_DELAY_MS: "1500",
        }),
      );
      closers.push(() => payment.close());
      const order = await startOrderService(
        readOrderEnv({
          ...common,
          JWKS_URL,
          DATABASE_URL: await database("order"),
          CART_URL: cart.address,
          RESTAURANT_URL: restaurant.address,
          PAYMENT_URL: payment.address,
          USER_URL: user.address,
          SERVICE_SECRET: orderSecret,
          // The simulated kitchen accepts at once and cooks at 300× like the couriers ride.
          KITCHEN_AUTO_ACCEPT_MS: "0",
          KITCHEN_CLOCK_SPEED: "300",
          KITCHEN_TICK_MS: "50",
        }),
      );
      closers.push(() => order.close());
      // 300× time: a 15-minute prep is 3 s, so an order gets picked up while a test waits.
      const delivery = await startDeliveryService(
        readDeliveryEnv({
          ...common,
          JWKS_URL,
          DATABASE_URL: await database("delivery"),
          DELIVERY_CLOCK_SPEED: "300",
          DELIVERY_TICK_MS: "50",
        }),
      );
      closers.push(() => delivery.close());
      urls.order = order.address;
      urls.delivery = delivery.address;
    }

    // A connection that drops after order-service has answered: the request was carried out, the tool never hears so.
    let dropNextOrderAnswer = false;
    const dropping: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (dropNextOrderAnswer && init?.method === "POST" && url === `${urls.order}/orders`) {
        dropNextOrderAnswer = false;
        await res.arrayBuffer();
        throw new TypeError("fetch failed", { cause: new Error("socket hang up") });
      }
      return res;
    };
    const tools: Tools = createTools({ urls, fetch: dropping });
    const byName = new Map(tools.tools.map((t) => [t.name, t]));

    const menus = new Map<string, MenuItem[]>();
    const menuItem = async (slug: string, name: string): Promise<MenuItem> => {
      if (!menus.has(slug)) {
        const res = await fetch(`${restaurant.address}/restaurants/${slug}/menu`);
        menus.set(
          slug,
          Menu.parse(await res.json()).sections.flatMap((s) => s.items),
        );
      }
      const found = menus.get(slug)?.find((i) => i.name === name);
      if (!found) throw new Error(`no ${name} at ${slug}`);
      return found;
    };

    return {
      urls,
      tools,
      menuItem,
      /** A newly registered student with their own access token from user-service. */
      async student(): Promise<Student> {
        const email = `s${randomBytes(6).toString("hex")}@connect.ust.hk`;
        const res = await fetch(`${user.address}/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: "mango-lassi-at-seafront", name: "Test Student" }),
        });
        if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
        const { user: created, tokens } = AuthResponse.parse(await res.json());
        return { id: created.id, token: tokens.accessToken, authorization: `Bearer ${tokens.accessToken}` };
      },
      /**
       * Invokes a model-facing tool as `student`, the way the agent's tool node does: `json` is the
       * typed result, `raw` its JSON (with UUIDs; the agent shows the model shorter handles instead).
       */
      async call<N extends ToolName>(
        student: Student,
        name: N,
        args: Record<string, unknown> = {},
        extra: Partial<StudentContext> = {},
      ) {
        const tool = byName.get(name);
        if (!tool) throw new Error(`no tool ${name}`);
        const result: unknown = await withStudent({ token: student.token, userId: student.id, ...extra }, () =>
          tool.invoke(args),
        );
        if (typeof result !== "object" || result === null)
          throw new Error(`${name} answered a ${typeof result}, not a result object`);
        return { raw: JSON.stringify(result), json: result as ToolResult<N> };
      },
      /** Runs `fn` as `student`, as the agent service does around a graph run. */
      as<T>(student: Student, fn: () => Promise<T>, extra: Partial<StudentContext> = {}) {
        return withStudent({ token: student.token, userId: student.id, ...extra }, fn);
      },
      /** Marks an item sold out (or back on sale) through restaurant-service's own API, as the demo admin. */
      async setAvailable(itemId: string, available: boolean) {
        const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin");
        const login = await fetch(`${user.address}/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: admin?.email, password: admin?.password }),
        });
        const { tokens } = AuthResponse.parse(await login.json());
        const res = await fetch(`${restaurant.address}/items/${itemId}/availability`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${tokens.accessToken}`, "content-type": "application/json" },
          body: JSON.stringify({ available }),
        });
        if (!res.ok) throw new Error(`availability: ${res.status} ${await res.text()}`);
      },
      /** The next POST /orders is carried out, and its answer lost on the way back. */
      dropNextOrderAnswer() {
        dropNextOrderAnswer = true;
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
