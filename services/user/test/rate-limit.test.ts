import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, STRONG_PASSWORD, uniqueEmail } from "./helpers.ts";

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
    await t.app.inject({ method: "POST", url: "/auth/register", payload: { email, password: STRONG_PASSWORD, name: "Target" } });
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
    await t.app.inject({ method: "POST", url: "/auth/register", payload: { email, password: STRONG_PASSWORD, name: "Neighbour" } });
    for (let i = 0; i < 4; i++) await login(uniqueEmail(), "whatever-guess", "10.0.0.2");
    expect((await login(email, STRONG_PASSWORD, "10.0.0.2")).statusCode).toBe(200);
  });
});
