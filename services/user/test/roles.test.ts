import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { AuthResponse } from "@ustbites/contracts";
import { createLogger } from "@ustbites/kit";
import { DEMO_ACCOUNTS, seedDemoAccounts } from "../src/domain/demo-accounts.ts";
import { createUserRepository } from "../src/repositories/users.ts";
import { BODY_TRANSPORT, buildTestApp, STRONG_PASSWORD, TOKENS, uniqueEmail } from "./helpers.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
  await seedDemoAccounts(createUserRepository(t.prisma), createLogger("user", "silent"));
});
afterAll(() => t.close());

const RESTAURANT = "7b346cb6-4fb4-598b-bc97-ab0bf958ec4e";
const COURIER = "0196a4c0-d000-7000-8000-000000000003";

const post = (url: string, payload: unknown, token?: string) =>
  t.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { ...BODY_TRANSPORT, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

async function login(email: string, password: string): Promise<AuthResponse> {
  const res = await post("/auth/login", { email, password });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function claimsOf(accessToken: string) {
  const jwks = (await t.app.inject({ method: "GET", url: "/.well-known/jwks.json" })).json();
  return (await jwtVerify(accessToken, createLocalJWKSet(jwks), { issuer: TOKENS.issuer, audience: TOKENS.audience }))
    .payload;
}

const demo = (role: string) => {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  return account;
};
const adminToken = async () => (await login(demo("admin").email, demo("admin").password)).tokens.accessToken;

describe("roles in the token", () => {
  it("makes every self-registered account a student, with role student in its token", async () => {
    const res = await post("/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Chan Tai Man" });
    expect(res.statusCode).toBe(201);
    const body: AuthResponse = res.json();
    expect(body.user).toMatchObject({ role: "student", restaurantId: null, courierId: null });
    expect((await claimsOf(body.tokens.accessToken)).role).toBe("student");
  });

  it("gives a demo kitchen account role staff and its restaurant in the token, and keeps them across a refresh", async () => {
    const staff = demo("staff");
    const signedIn = await login(staff.email, staff.password);
    expect(signedIn.user).toMatchObject({ role: "staff", restaurantId: staff.restaurantId, courierId: null });
    expect(await claimsOf(signedIn.tokens.accessToken)).toMatchObject({
      role: "staff",
      restaurantId: staff.restaurantId,
    });

    const refreshed = await post("/auth/refresh", { refreshToken: signedIn.tokens.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    expect(await claimsOf(refreshed.json().tokens.accessToken)).toMatchObject({
      role: "staff",
      restaurantId: staff.restaurantId,
    });
  });

  it("gives a demo courier their fleet id in the token", async () => {
    const courier = demo("courier");
    const signedIn = await login(courier.email, courier.password);
    const claims = await claimsOf(signedIn.tokens.accessToken);
    expect(claims).toMatchObject({ role: "courier", courierId: courier.courierId });
    expect(claims.restaurantId).toBeUndefined();
  });

  it("seeds the demo accounts once: a second run creates nothing", async () => {
    expect(await seedDemoAccounts(createUserRepository(t.prisma), createLogger("user", "silent"))).toBe(0);
    expect(await t.prisma.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } })).toBe(
      DEMO_ACCOUNTS.length,
    );
  });
});

describe("POST /admin/accounts", () => {
  it("lets an admin create a staff account that then signs in as staff of that restaurant", async () => {
    const email = uniqueEmail();
    const res = await post(
      "/admin/accounts",
      { email, password: STRONG_PASSWORD, name: "New Cook", role: "staff", restaurantId: RESTAURANT },
      await adminToken(),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email, role: "staff", restaurantId: RESTAURANT });
    expect(await claimsOf((await login(email, STRONG_PASSWORD)).tokens.accessToken)).toMatchObject({
      role: "staff",
      restaurantId: RESTAURANT,
    });
  });

  it("lets an admin create a courier account linked to a fleet courier", async () => {
    const res = await post(
      "/admin/accounts",
      { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Chun Kit", role: "courier", courierId: COURIER },
      await adminToken(),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: "courier", courierId: COURIER, restaurantId: null });
  });

  it("refuses a student (403) and an anonymous caller (401), creating nothing", async () => {
    const student: AuthResponse = (
      await post("/auth/register", { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Student" })
    ).json();
    const email = uniqueEmail();
    const body = { email, password: STRONG_PASSWORD, name: "Sneaky", role: "admin" };
    const asStudent = await post("/admin/accounts", body, student.tokens.accessToken);
    expect(asStudent.statusCode).toBe(403);
    expect(asStudent.headers["content-type"]).toContain("application/problem+json");
    expect((await post("/admin/accounts", body)).statusCode).toBe(401);
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
  });

  it("refuses staff and couriers (403)", async () => {
    for (const role of ["staff", "courier"]) {
      const account = demo(role);
      const token = (await login(account.email, account.password)).tokens.accessToken;
      const res = await post(
        "/admin/accounts",
        { email: uniqueEmail(), password: STRONG_PASSWORD, name: "X", role: "admin" },
        token,
      );
      expect(res.statusCode).toBe(403);
    }
  });

  it("answers a staff account without a restaurant with a 400 naming restaurantId", async () => {
    const res = await post(
      "/admin/accounts",
      { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Cook", role: "staff" },
      await adminToken(),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain("restaurantId");
  });

  it("refuses to create a student: students register themselves", async () => {
    const res = await post(
      "/admin/accounts",
      { email: uniqueEmail(), password: STRONG_PASSWORD, name: "S", role: "student" },
      await adminToken(),
    );
    expect(res.statusCode).toBe(400);
  });

  it("answers an email already taken with 409", async () => {
    const res = await post(
      "/admin/accounts",
      { email: demo("staff").email, password: STRONG_PASSWORD, name: "Dup", role: "admin" },
      await adminToken(),
    );
    expect(res.statusCode).toBe(409);
  });
});
