import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildTestApp, STRONG_PASSWORD, uniqueEmail } from "./helpers.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let accessToken: string;

beforeAll(async () => {
  t = await buildTestApp({ loginRateLimitPerMinute: 1000 });
  const res = await t.app.inject({
    method: "POST",
    url: "/auth/register",
    payload: { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Fuzz" },
  });
  accessToken = res.json().tokens.accessToken;
});
afterAll(() => t.close());

const ROUTES = ["/auth/register", "/auth/login", "/auth/refresh", "/auth/logout"];

describe("bad input to every route", () => {
  it.each([
    ["/auth/register", { email: "not-an-email", password: STRONG_PASSWORD, name: "x" }, "body.email"],
    ["/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "" }, "body.name"],
    ["/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "x", role: "admin" }, "body.role"],
    ["/auth/register", { email: uniqueEmail(), password: 1234567890123, name: "x" }, "body.password"],
    ["/auth/login", { email: uniqueEmail() }, "body.password"],
    ["/auth/login", { email: ["a@b.c"], password: "x" }, "body.email"],
    ["/auth/refresh", { refreshToken: 42 }, "body.refreshToken"],
    ["/auth/refresh", {}, "body.refreshToken"],
    ["/auth/logout", { refreshToken: "short" }, "body.refreshToken"],
  ])("POST %s with %j → 400 naming %s", async (url, payload, field) => {
    const res = await t.app.inject({
      method: "POST",
      url,
      payload,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each([
    ["/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Sideways" }],
    ["/auth/login", { email: uniqueEmail(), password: STRONG_PASSWORD }],
  ])("POST %s asking for the refresh token somewhere unknown → 400 naming the header", async (url, payload) => {
    const res = await t.app.inject({
      method: "POST",
      url,
      payload,
      headers: { "x-refresh-token-transport": "carrier-pigeon" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain("headers.x-refresh-token-transport");
  });

  it.each(ROUTES)("POST %s with malformed JSON → 400 naming the body", async (url) => {
    const res = await t.app.inject({
      method: "POST",
      url,
      payload: '{"email": "a@b.c",',
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("body");
  });

  it("never answers arbitrary JSON with a 5xx, and never creates an account from it", async () => {
    const before = await t.prisma.user.count();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.jsonValue(), async (url, body) => {
        const res = await t.app.inject({
          method: "POST",
          url,
          payload: JSON.stringify(body),
          headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await t.prisma.user.count()).toBe(before);
  });
});
