/**
 * The deployables and the facts about them that several places need, declared once: the port each
 * listens on by default, whether it owns a database, and which services it calls over HTTP (besides
 * user-service's JWKS, which every token-verifying service reads). Each env.ts takes its `PORT` and
 * `<SERVICE>_URL` defaults from here; charts/ derives its NetworkPolicy expectations from it; the
 * services table of docs/conventions.md, routes.json and the chart values are checked against it.
 */
export interface Deployable {
  port: number;
  database: boolean;
  calls: readonly DeployableName[];
}

export type DeployableName =
  "gateway" | "user" | "restaurant" | "cart" | "order" | "payment" | "delivery" | "notification" | "agent";

export const DEPLOYABLES: Record<DeployableName, Deployable> = {
  // The gateway calls every routed service; routes.json says which.
  gateway: { port: 8080, database: false, calls: [] },
  user: { port: 3001, database: true, calls: [] },
  restaurant: { port: 3002, database: true, calls: [] },
  cart: { port: 3003, database: false, calls: ["restaurant"] },
  order: { port: 3004, database: true, calls: ["cart", "restaurant", "payment"] },
  payment: { port: 3005, database: true, calls: [] },
  delivery: { port: 3006, database: true, calls: [] },
  notification: { port: 3007, database: true, calls: [] },
  agent: { port: 3008, database: true, calls: ["restaurant", "cart", "order", "delivery"] },
};

/**
 * The one key prefix each Redis-using deployable writes under: its Redis user's ACL in charts/ allows
 * exactly these keys (charts/test/broker.test.ts checks the two agree).
 */
export const REDIS_KEY_PREFIXES = {
  cart: "cart:",
  // @fastify/rate-limit's counters for login and registration.
  user: "ustbites:user:rate-limit:",
} as const satisfies Partial<Record<DeployableName, string>>;

/** Where a deployable listens on this machine with nothing configured: the `<SERVICE>_URL` default. */
export const localUrl = (name: DeployableName): string => `http://127.0.0.1:${DEPLOYABLES[name].port}`;
