import type { MenuItem } from "@ustbites/contracts";
import { gatewayClient, type ApiInit } from "@ustbites/platform/testing";

/**
 * `embedded`: what `npm start` runs with no configuration (PGlite per service, in-memory cart store,
 * in-process bus). `real`: the same process layout on this machine's PostgreSQL, Redis and RabbitMQ.
 */
export type Mode = "embedded" | "real";

/** The kitchen and delivery clocks at their fastest: the largest speeds, no wait to accept, the shortest ticks env.ts accepts. */
export const FASTEST_CLOCK = {
  DELIVERY_CLOCK_SPEED: "1000000",
  DELIVERY_TICK_MS: "5",
  KITCHEN_AUTO_ACCEPT_MS: "0",
  KITCHEN_CLOCK_SPEED: "1000000",
  KITCHEN_TICK_MS: "5",
} as const;
/** The defaults: the simulated kitchen accepts after 5 s; a 15-minute prep plus a ride take about half a minute more. */
export const DEMO_CLOCK = {
  DELIVERY_CLOCK_SPEED: "60",
  DELIVERY_TICK_MS: "250",
  KITCHEN_AUTO_ACCEPT_MS: "5000",
  KITCHEN_CLOCK_SPEED: "60",
  KITCHEN_TICK_MS: "500",
} as const;

export interface Student {
  id: string;
  token: string;
}

export interface ApiResult<T> {
  status: number;
  body: T;
}

export interface BenchPlatform {
  mode: Mode;
  gateway: string;
  /** How long the platform took to start, in milliseconds. */
  startupMs: number;
  api<T>(path: string, init?: ApiInit): Promise<ApiResult<T>>;
  student(): Promise<Student>;
  card(): { number: string; expMonth: number; expYear: number; cvc: string };
  /** The item every benchmark orders (Spice Route's Paneer Tikka Wrap, the agent scenario's dish). */
  dish(): Promise<MenuItem>;
  close(): Promise<void>;
}

/** No single request may hold a benchmark up longer than this. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Benchmarks only ever load this machine. */
export function assertLoopback(url: string): string {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "[::1]" && host !== "localhost")
    throw new Error(`refusing to benchmark a non-loopback address: ${url}`);
  return url;
}

/** What every benchmark does against a running gateway. */
export function client(gateway: string): Pick<BenchPlatform, "api" | "student" | "card" | "dish"> {
  const base = gatewayClient(gateway, { timeoutMs: REQUEST_TIMEOUT_MS, emailPrefix: "bench" });
  const { api } = base;
  let dish: MenuItem | undefined;
  return {
    api,
    // Signing up hashes a password (deliberately slow); on a loaded machine one can outlast the request
    // timeout. A fresh account is not what is measured, so a timed-out sign-up is simply tried again.
    async student() {
      for (let attempt = 1; ; attempt++) {
        try {
          return await base.student("Bench Student");
        } catch (err) {
          if (attempt >= 3 || !(err instanceof DOMException && err.name === "TimeoutError")) throw err;
        }
      }
    },
    card: () => base.card(),
    async dish() {
      if (dish) return dish;
      const menu = await api<{ items: MenuItem[] }>("/api/restaurant/items?q=paneer%20tikka%20wrap&limit=5");
      const found = menu.body.items.find((i) => i.name === "Paneer Tikka Wrap" && i.available);
      if (!found) throw new Error("the seed catalogue has no available Paneer Tikka Wrap");
      dish = found;
      return dish;
    },
  };
}
