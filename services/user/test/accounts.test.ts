import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { AuthResponse } from "@ustbites/contracts";
import { BODY_TRANSPORT, buildTestApp, STRONG_PASSWORD, TOKENS, uniqueEmail } from "./helpers.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

// As a client without a cookie jar: refresh tokens travel in bodies (refresh-cookie.test.ts: browsers).
const post = (url: string, payload: unknown, token?: string) =>
  t.app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { ...BODY_TRANSPORT, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

async function register(email = uniqueEmail()): Promise<AuthResponse> {
  const res = await post("/auth/register", { email, password: STRONG_PASSWORD, name: "Chan Tai Man" });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe("register", () => {
  it("creates an account and returns tokens whose subject is the new user", async () => {
    const email = uniqueEmail();
    const body = await register(`  ${email.toUpperCase()} `);
    expect(body.user.email).toBe(email);
    const jwks = (await t.app.inject({ method: "GET", url: "/.well-known/jwks.json" })).json();
    const { payload, protectedHeader } = await jwtVerify(body.tokens.accessToken, createLocalJWKSet(jwks), {
      issuer: TOKENS.issuer,
      audience: TOKENS.audience,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.sub).toBe(body.user.id);
    expect(body.tokens.expiresIn).toBe(900);
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    const email = uniqueEmail();
    await register(email);
    const res = await post("/auth/register", {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
      name: "Someone",
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe("urn:ustbites:problem:email-taken");
    expect(await t.prisma.user.count({ where: { email } })).toBe(1);
  });

  it("creates one account when the same email registers twice at once", async () => {
    const email = uniqueEmail();
    const results = await Promise.all(
      [1, 2, 3].map(() => post("/auth/register", { email, password: STRONG_PASSWORD, name: "Racer" })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await t.prisma.user.count({ where: { email } })).toBe(1);
  });

  it.each([
    ["too short", "short1!"],
    ["common", "password123!"],
    ["repetitive", "abababababab"],
    ["only digits", "12345678901234"],
  ])("refuses a %s password with a 400 naming the password field", async (_why, password) => {
    const email = uniqueEmail();
    const res = await post("/auth/register", { email, password, name: "Weak" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain("body.password");
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
  });

  it("refuses a password made of the student's own email", async () => {
    const res = await post("/auth/register", {
      email: "wongsiuming@connect.ust.hk",
      password: "wongsiuming2026",
      name: "Wong",
    });
    expect(res.statusCode).toBe(400);
  });

  it("never stores the password itself", async () => {
    const { user } = await register();
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain(STRONG_PASSWORD);
    expect(row.passwordHash).toMatch(/^scrypt\$/);
  });
});

describe("login", () => {
  it("signs in with the right password", async () => {
    const email = uniqueEmail();
    await register(email);
    const res = await post("/auth/login", { email, password: STRONG_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.email).toBe(email);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const email = uniqueEmail();
    await register(email);
    const wrong = await post("/auth/login", { email, password: "not-the-password" });
    const unknown = await post("/auth/login", { email: uniqueEmail(), password: "not-the-password" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });
});

describe("refresh tokens", () => {
  it("rotates: a refresh returns a new pair and the old token stops working", async () => {
    const { tokens } = await register();
    const first = await post("/auth/refresh", { refreshToken: tokens.refreshToken });
    expect(first.statusCode).toBe(200);
    expect(first.json().tokens.refreshToken).not.toBe(tokens.refreshToken);
  });

  it("detects reuse and revokes the whole family, including the newest token", async () => {
    const { tokens } = await register();
    const rotated = (await post("/auth/refresh", { refreshToken: tokens.refreshToken })).json().tokens;
    const replay = await post("/auth/refresh", { refreshToken: tokens.refreshToken });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toContain("reuse");
    const afterTheft = await post("/auth/refresh", { refreshToken: rotated.refreshToken });
    expect(afterTheft.statusCode).toBe(401);
  });

  it("lets only one of two concurrent refreshes with the same token succeed", async () => {
    const { tokens } = await register();
    const results = await Promise.all([1, 2].map(() => post("/auth/refresh", { refreshToken: tokens.refreshToken })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it("refuses an unknown refresh token", async () => {
    const res = await post("/auth/refresh", { refreshToken: "x".repeat(43) });
    expect(res.statusCode).toBe(401);
  });

  it("logout revokes the session's refresh tokens", async () => {
    const { tokens } = await register();
    const out = await post("/auth/logout", { refreshToken: tokens.refreshToken }, tokens.accessToken);
    expect(out.statusCode).toBe(204);
    expect((await post("/auth/refresh", { refreshToken: tokens.refreshToken })).statusCode).toBe(401);
  });

  it("logout cannot revoke another student's session", async () => {
    const alice = await register();
    const bob = await register();
    await post("/auth/logout", { refreshToken: alice.tokens.refreshToken }, bob.tokens.accessToken);
    expect((await post("/auth/refresh", { refreshToken: alice.tokens.refreshToken })).statusCode).toBe(200);
  });
});

describe("me", () => {
  it("returns the signed-in student", async () => {
    const { user, tokens } = await register();
    const res = await t.app.inject({
      method: "GET",
      url: "/me",
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(user);
  });

  it("refuses without a token", async () => {
    expect((await t.app.inject({ method: "GET", url: "/me" })).statusCode).toBe(401);
  });

  it("keeps the phone given at sign-up, puts it in the access token, and lets the student change or remove it", async () => {
    const res = await post("/auth/register", {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      name: "Chan Tai Man",
      phone: "+85291234567",
    });
    expect(res.statusCode).toBe(201);
    const { user, tokens } = res.json() as AuthResponse;
    expect(user.phone).toBe("+85291234567");
    const jwks = createLocalJWKSet((await t.app.inject({ method: "GET", url: "/.well-known/jwks.json" })).json());
    const claims = async (token: string) =>
      (await jwtVerify(token, jwks, { issuer: TOKENS.issuer, audience: TOKENS.audience })).payload;
    expect((await claims(tokens.accessToken)).phone).toBe("+85291234567");

    const patch = (payload: object) =>
      t.app.inject({
        method: "PATCH",
        url: "/me",
        payload,
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
    const changed = await patch({ phone: "+85298765432", name: "Tai Man" });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: user.id, name: "Tai Man", phone: "+85298765432", email: user.email });
    // The next refresh carries the new number to the other services.
    const refreshed = (await post("/auth/refresh", { refreshToken: tokens.refreshToken })).json() as AuthResponse;
    expect((await claims(refreshed.tokens.accessToken)).phone).toBe("+85298765432");

    expect((await patch({ phone: null })).json()).toMatchObject({ phone: null, name: "Tai Man" });
    const again = (await post("/auth/refresh", { refreshToken: refreshed.tokens.refreshToken })).json() as AuthResponse;
    expect(await claims(again.tokens.accessToken)).not.toHaveProperty("phone");
  });

  it("refuses a badly written phone or an empty update with a 400 naming the field, changing nothing", async () => {
    const { user, tokens } = await register();
    const patch = (payload: object) =>
      t.app.inject({
        method: "PATCH",
        url: "/me",
        payload,
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
    const bad = await patch({ phone: "9123 4567" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: "body.phone", message: expect.stringContaining("+85291234567") }),
    ]);
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ email: "someone@else.hk" })).json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: "body.email", message: "unknown field" })]),
    );
    expect((await t.app.inject({ method: "PATCH", url: "/me", payload: { phone: null } })).statusCode).toBe(401);
    const me = await t.app.inject({
      method: "GET",
      url: "/me",
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(me.json()).toEqual(user);
  });

  it("is ready while the database answers", async () => {
    expect((await t.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });
});
