import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { card, createTestDatabase, createTestVhost, testRedisUrl, type TestDatabase } from "@ustbites/kit/testing";
import { setOpeningHours } from "@ustbites/restaurant/testing";
import { AuthResponse } from "@ustbites/contracts";
import { readEnv, SERVICES, startPlatform } from "./index.ts";

/** Restaurants tests order from, open whatever the hour; Sakura is always closed. */
export const OPEN_RESTAURANTS = ["spice-route", "canton-kitchen", "seoul-bowl", "green-leaf"];

export interface ApiInit {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A client of a running gateway as tests, evals-style harnesses and benchmarks use it: JSON requests
 * with an optional student token, fresh students, and the test card that succeeds.
 */
export function gatewayClient(gateway: string, opts: { timeoutMs?: number; emailPrefix?: string } = {}) {
  const api = async <T>(path: string, init: ApiInit = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${gateway}${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers ?? {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(opts.timeoutMs ? { signal: AbortSignal.timeout(opts.timeoutMs) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    api,
    /** A fresh student: their own account, cart and orders. */
    async student(name = "Test Student") {
      const email = `${opts.emailPrefix ?? "e2e"}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}@connect.ust.hk`;
      const res = await api<unknown>("/api/user/auth/register", {
        method: "POST",
        body: { email, password: "late-night-char-siu-rice", name },
      });
      if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
      const auth = AuthResponse.parse(res.body);
      return { id: auth.user.id, email, token: auth.tokens.accessToken };
    },
    card,
  };
}

/**
 * Where a platform on the real servers keeps its state: a PostgreSQL database per service, a RabbitMQ
 * vhost, and a data directory (user-service's signing key, so tokens survive a restart). Several
 * platforms started on the same stores (one after another, or side by side as replicas) share
 * everything a deployment's replicas share; Redis holds only per-student keys and needs no prefix.
 */
export interface RealStores {
  /** Each service's database URL. */
  databases: Record<string, string>;
  /** The vhost's name and its RABBITMQ_URL. */
  vhost: string;
  rabbitUrl: string;
  dataDir: string;
}

/** Fresh stores for one or more platforms; `drop()` removes them once the last platform has closed. */
export async function createRealStores(): Promise<RealStores & { drop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "ustbites-e2e-"));
  const databases: [string, TestDatabase][] = await Promise.all(
    SERVICES.filter((s) => s.database).map(
      async (s) => [s.name, await createTestDatabase(s.name)] as [string, TestDatabase],
    ),
  );
  const vhost = await createTestVhost("platform");
  return {
    databases: Object.fromEntries(databases.map(([name, db]) => [name, db.url])),
    vhost: decodeURIComponent(new URL(vhost.url).pathname.slice(1)),
    rabbitUrl: vhost.url,
    dataDir,
    async drop() {
      await Promise.all(databases.map(([, db]) => db.drop()));
      await vhost.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The whole platform in this process, on the real servers: PostgreSQL (a fresh database per service),
 * Redis, and RabbitMQ in a vhost of its own. Fast kitchen and delivery clocks so a delivery takes
 * about a second. With `stores`, it runs on existing ones (a restart, a second replica) and close()
 * leaves them to their owner; pass `SEED_ON_START: "false"` then unless the catalogue should be re-applied.
 */
export async function startRealPlatform(
  extra: Record<string, string> = {},
  opts: { rabbitUrl?: (vhostUrl: string) => string; stores?: RealStores } = {},
) {
  const owned = opts.stores ? undefined : await createRealStores();
  const stores = opts.stores ?? owned!;
  const env: Record<string, string> = {
    LOG_LEVEL: "silent",
    PLATFORM_PORTS: "ephemeral",
    DATA_DIR: stores.dataDir,
    REDIS_URL: testRedisUrl(),
    // A test may route the broker through a proxy it controls (to cut the connection).
    RABBITMQ_URL: opts.rabbitUrl ? opts.rabbitUrl(stores.rabbitUrl) : stores.rabbitUrl,
    DELIVERY_CLOCK_SPEED: "3000",
    DELIVERY_TICK_MS: "50",
    // The simulated kitchens as fast: accept at once, prepare on the same clock.
    KITCHEN_AUTO_ACCEPT_MS: "0",
    KITCHEN_CLOCK_SPEED: "3000",
    KITCHEN_TICK_MS: "50",
    // Test suites run side by side against one server (max_connections 100): small pools, but
    // order-service, on the synchronous path of every order and running its relay and consumers,
    // waits least with a few more.
    DATABASE_POOL_MAX: "3",
    ORDER_DATABASE_POOL_MAX: "6",
    ...Object.fromEntries(
      Object.entries(stores.databases).map(([name, url]) => [`${name.toUpperCase()}_DATABASE_URL`, url]),
    ),
    ...extra,
  };
  const platform = await startPlatform(readEnv(env), env).catch(async (err: unknown) => {
    await owned?.drop();
    throw err;
  });
  try {
    await setOpeningHours(stores.databases.restaurant!, { always: OPEN_RESTAURANTS, never: ["sakura-ramen-sushi"] });
  } catch (err) {
    await platform.close();
    await owned?.drop();
    throw err;
  }
  const gateway = platform.gatewayUrl;

  return {
    gateway,
    /** user-service's signing key, generated at start: what a test needs to mint tokens the platform trusts. */
    signingKeyFile: join(stores.dataDir, "user", "jwt-signing-key.pem"),
    services: platform.services,
    /** The RabbitMQ vhost of this platform (dropped by close() unless `stores` were given). */
    vhost: stores.vhost,
    databases: stores.databases,
    ...gatewayClient(gateway),
    async close() {
      await platform.close();
      await owned?.drop();
    },
  };
}

export type RealPlatform = Awaited<ReturnType<typeof startRealPlatform>>;

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));

export interface RunningPlatform {
  gatewayUrl: string;
  child: ChildProcess;
  logs: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the platform exactly as `npm start` does (a separate Node process, embedded defaults). */
export async function startPlatformProcess(env: Record<string, string>): Promise<RunningPlatform> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", PLATFORM_PORTS: "ephemeral", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`platform did not start in time:\n${logs.slice(-20).join("\n")}`)),
      240_000,
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logs.push(line);
      const match = /USTBites is up: (http:\/\/\S+)"/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${logs.slice(-20).join("\n")}`));
    });
  });
  return {
    gatewayUrl,
    child,
    logs,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
