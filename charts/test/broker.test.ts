import { describe, expect, it } from "vitest";
import { checkBroker, checkRedis, CODE_FACTS, type CodeFacts } from "../scripts/broker.ts";
import { checkCharts, type CheckResult } from "../scripts/check.ts";
import type { Manifest } from "../scripts/render.ts";

const rendered = new Map<string, Promise<CheckResult>>();
const checked = (env: "dev" | "prod") => {
  let r = rendered.get(env);
  if (!r) rendered.set(env, (r = checkCharts({ env })));
  return r;
};
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
const envOf = (d: Manifest): EnvVar[] =>
  (d.spec as { template: { spec: { containers: { env?: EnvVar[] }[] } } }).template.spec.containers[0]?.env ?? [];
const deployment = (r: CheckResult, name: string) =>
  r.docs.find((d) => d.manifest.kind === "Deployment" && d.manifest.metadata.name === name)?.manifest as Manifest;

describe.each(["dev", "prod"] as const)("the broker's and Redis's users in %s", (env) => {
  it("give every bus service its own broker user and every Redis service its own Redis user, each password from its own Secret key", async () => {
    const r = await checked(env);
    for (const service of ["cart", "order", "payment", "delivery", "notification"]) {
      const vars = envOf(deployment(r, service));
      expect(vars.find((v) => v.name === "RABBITMQ_URL")?.value, service).toMatch(
        new RegExp(`^amqp://${service}:\\$\\(RABBITMQ_PASSWORD\\)@ustbites-rabbitmq\\.`),
      );
      expect(vars.find((v) => v.name === "RABBITMQ_PASSWORD")?.valueFrom?.secretKeyRef, service).toEqual({
        name: "rabbitmq-users",
        key: service,
      });
    }
    for (const service of ["cart", "user"]) {
      const vars = envOf(deployment(r, service));
      expect(vars.find((v) => v.name === "REDIS_URL")?.value, service).toMatch(
        new RegExp(`^redis://${service}:\\$\\(REDIS_PASSWORD\\)@ustbites-redis\\.`),
      );
      expect(vars.find((v) => v.name === "REDIS_PASSWORD")?.valueFrom?.secretKeyRef, service).toEqual({
        name: "redis-users",
        key: service,
      });
    }
    // No service is handed the operator's all-powerful default user any more.
    expect(JSON.stringify(r.docs.filter((d) => d.manifest.kind === "Deployment").map((d) => d.manifest))).not.toContain(
      "default-user",
    );
  });

  it("give order and cart, which call others as themselves, user-service's address and their own service secret", async () => {
    const r = await checked(env);
    for (const service of ["order", "cart"]) {
      const vars = envOf(deployment(r, service));
      expect(vars.find((v) => v.name === "USER_URL")?.value, service).toBe(
        "http://user.backend.svc.cluster.local:3001",
      );
      expect(vars.find((v) => v.name === "SERVICE_SECRET")?.valueFrom?.secretKeyRef, service).toEqual({
        name: "service-credentials",
        key: service,
      });
    }
    expect(envOf(deployment(r, "agent")).map((v) => v.name)).not.toContain("SERVICE_SECRET");
  });

  it("allow each service exactly what the code publishes, consumes and stores", async () => {
    const r = await checked(env);
    expect(checkBroker(r.docs)).toEqual([]);
    expect(checkRedis(r.docs)).toEqual([]);
  });
});

describe("the broker check, given code that changed without the chart", () => {
  const withCode = (change: Partial<CodeFacts>): CodeFacts => ({ ...CODE_FACTS, ...change });

  it("fails a new event its publisher has no permission for", async () => {
    const { docs } = await checked("dev");
    const problems = checkBroker(docs, withCode({ eventTypes: [...CODE_FACTS.eventTypes, "order.refund_requested"] }));
    expect(problems).toEqual([
      "order: may not publish its own event order.refund_requested (add it to services.order.bus.publishes)",
    ]);
  });

  it("fails a new binding, and a new consumer's queue, the chart does not allow", async () => {
    const { docs } = await checked("dev");
    const subscriptions = {
      ...CODE_FACTS.subscriptions,
      cart: { queues: { "cart.order-events": ["order.confirmed", "order.cancelled"] } },
    };
    expect(checkBroker(docs, withCode({ subscriptions }))).toEqual([
      "cart: may not bind order.cancelled, which it consumes (add it to services.cart.bus.consumes)",
    ]);
    const restaurant = {
      ...CODE_FACTS.subscriptions,
      restaurant: { queues: { "restaurant.order-events": ["order.accepted"] } },
    };
    expect(checkBroker(docs, withCode({ subscriptions: restaurant }))).toContain(
      "restaurant uses the bus but gets no RABBITMQ_URL",
    );
  });

  it("fails a Redis key prefix no user's ACL covers", async () => {
    const { docs } = await checked("dev");
    expect(
      checkRedis(docs, withCode({ redisKeyPrefixes: { ...CODE_FACTS.redisKeyPrefixes, cart: "carts:" } })),
    ).toEqual(["cart: its Redis user may not touch its own keys carts:…"]);
  });
});
