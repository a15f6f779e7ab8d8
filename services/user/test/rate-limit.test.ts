import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { testRedisUrl } from "@ustbites/kit/testing";
import { buildTestApp, STRONG_PASSWORD, uniqueEmail } from "./helpers.ts";

// Every refused login still costs a full scrypt at OWASP's N=2^17 (a missing account is checked against a
// dummy hash, so timing tells nothing): eleven of them take ~30 s on a quiet 2-core box and more under npm test.
vi.setConfig({ testTimeout: 240_000 });

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp({ loginRateLimitPerMinute: 3 });
});
afterAll(() => t.close());

const login = (email: string, password: string, ip = "10.0.0.1") =>
  t.app.inject({ method: "POST", url: "/auth/login", payload: { email, password }, remoteAddress: ip });

describe("login rate limit", () => {
  it("stops password guessing on one account after the limit, with Retry-After", async () => {
    const email = uniqueEmail();
    await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: STRONG_PASSWORD, name: "Target" },
    });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await login(email, `guess-number-${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const limited = await login(email, STRONG_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBeDefined();
    expect(limited.json().type).toBe("urn:ustbites:problem:rate-limited");
  });

  it("does not lock out other students behind the same address", async () => {
    const email = uniqueEmail();
    await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: STRONG_PASSWORD, name: "Neighbour" },
    });
    for (let i = 0; i < 4; i++) await login(uniqueEmail(), "whatever-guess", "10.0.0.2");
    expect((await login(email, STRONG_PASSWORD, "10.0.0.2")).statusCode).toBe(200);
  });

  it("keys on the address the gateway saw: a client rotating X-Forwarded-For is still limited per account", async () => {
    const email = uniqueEmail();
    await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: STRONG_PASSWORD, name: "Target" },
    });
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: "/auth/login",
        payload: { email, password: `guess-number-${i}` },
        remoteAddress: "10.0.0.3",
        headers: { "x-forwarded-for": `203.0.113.${i}, 10.0.0.${10 + i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe("login rate limit across accounts and replicas", () => {
  it("stops one address trying many accounts, at ten times the per-account limit", async () => {
    const strict = await buildTestApp({ loginRateLimitPerMinute: 1 });
    const attempt = () =>
      strict.app.inject({
        method: "POST",
        url: "/auth/login",
        payload: { email: uniqueEmail(), password: "whatever-guess" },
        remoteAddress: "10.0.0.4",
      });
    try {
      // The ten allowed attempts at once: each is counted on arrival, before its scrypt, and ten
      // scrypts one after another outlast the one-minute window on a loaded machine (the window
      // would start over before the eleventh).
      const allowed = await Promise.all(Array.from({ length: 10 }, attempt));
      expect(allowed.map((res) => res.statusCode)).toEqual(Array<number>(10).fill(401));
      expect((await attempt()).statusCode).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it("counts in Redis when configured, so two replicas share one limit per account", async () => {
    const redis = new Redis(testRedisUrl());
    const [a, b] = [
      await buildTestApp({ loginRateLimitPerMinute: 2, redis }),
      await buildTestApp({ loginRateLimitPerMinute: 2, redis }),
    ];
    try {
      const email = uniqueEmail();
      const attempt = (replica: typeof a) =>
        replica.app.inject({
          method: "POST",
          url: "/auth/login",
          payload: { email, password: "wrong-guess" },
          remoteAddress: "10.0.0.5",
        });
      expect([(await attempt(a)).statusCode, (await attempt(b)).statusCode, (await attempt(a)).statusCode]).toEqual([
        401, 401, 429,
      ]);
    } finally {
      await a.close();
      await b.close();
      redis.disconnect();
    }
  });
});
