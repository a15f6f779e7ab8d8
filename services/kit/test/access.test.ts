import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { z } from "zod";
import {
  actsForRestaurant,
  createService,
  createTokenVerifier,
  currentUser,
  type App,
  type TokenVerifier,
} from "../src/index.ts";

let app: App;
let key: CryptoKey;
let verify: TokenVerifier;

const RESTAURANT = "0196a4c0-0000-7000-8000-0000000000aa";
const OTHER_RESTAURANT = "0196a4c0-0000-7000-8000-0000000000bb";

const sign = (claims: Record<string, unknown>) =>
  new SignJWT({ email: "a@ust.hk", name: "A", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setSubject("0196a4c0-0000-7000-8000-000000000001")
    .setIssuedAt()
    .setIssuer("ustbites-user")
    .setAudience("ustbites")
    .setExpirationTime("5m")
    .sign(key);

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256" }] });
  verify = createTokenVerifier({ keys: jwks, issuer: "ustbites-user", audience: "ustbites" });
  app = await createService({ name: "access-test", logLevel: "silent", verifyToken: verify });
  app.get("/open", { config: { access: "public" } }, async (request) => ({ user: request.user }));
  app.get("/anyone-signed-in", { config: { access: "signed-in" } }, async (request) => ({
    role: currentUser(request).role,
  }));
  app.get("/kitchen", { config: { access: ["staff", "admin"] } }, async (request) => {
    const user = currentUser(request);
    return { restaurantId: user.restaurantId, mine: actsForRestaurant(user, RESTAURANT) };
  });
  app.post(
    "/kitchen/notes",
    { config: { access: ["staff"] }, schema: { body: z.strictObject({ note: z.string().max(10) }) } },
    async () => ({ ok: true }),
  );
  await app.ready();
});

afterAll(() => app.close());

const get = async (url: string, claims?: Record<string, unknown>) =>
  app.inject({ method: "GET", url, headers: claims ? { authorization: `Bearer ${await sign(claims)}` } : {} });

describe("roles in verified tokens", () => {
  it("treats a token without a role claim as a student's", async () => {
    expect((await verify(await sign({}))).role).toBe("student");
  });

  it("reads staff with their restaurant, and couriers with their fleet id", async () => {
    expect(await verify(await sign({ role: "staff", restaurantId: RESTAURANT }))).toMatchObject({
      role: "staff",
      restaurantId: RESTAURANT,
      courierId: null,
    });
    const courierId = "0196a4c0-d000-7000-8000-000000000001";
    expect(await verify(await sign({ role: "courier", courierId }))).toMatchObject({
      role: "courier",
      courierId,
      restaurantId: null,
    });
  });

  it("ignores a restaurant claim on a student's token: only staff act for a restaurant", async () => {
    const user = await verify(await sign({ role: "student", restaurantId: RESTAURANT }));
    expect(user.restaurantId).toBeNull();
    expect(actsForRestaurant(user, RESTAURANT)).toBe(false);
  });

  it.each([
    ["an unknown role", { role: "superuser" }],
    ["staff without a restaurant", { role: "staff" }],
    ["a courier without a fleet id", { role: "courier" }],
    ["staff with a restaurant that is not a UUID", { role: "staff", restaurantId: "all" }],
  ])("refuses a token with %s as invalid (401)", async (_why, claims) => {
    const res = await get("/anyone-signed-in", claims);
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe("invalid access token");
  });
});

describe("declared route access", () => {
  it("serves a public route without a token", async () => {
    expect((await get("/open")).statusCode).toBe(200);
  });

  it("serves a signed-in route to every role and refuses it without a token", async () => {
    expect((await get("/anyone-signed-in")).statusCode).toBe(401);
    for (const claims of [{}, { role: "admin" }, { role: "staff", restaurantId: RESTAURANT }]) {
      expect((await get("/anyone-signed-in", claims)).statusCode).toBe(200);
    }
  });

  it("answers a role outside the list with a 403 problem naming who may", async () => {
    const res = await get("/kitchen", { role: "student" });
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toBe("Only restaurant staff and admins may do this");
    expect(
      (await get("/kitchen", { role: "courier", courierId: "0196a4c0-d000-7000-8000-000000000001" })).statusCode,
    ).toBe(403);
    expect((await get("/kitchen")).statusCode).toBe(401);
  });

  it("lets staff through with their restaurant, which is theirs and no other", async () => {
    const res = await get("/kitchen", { role: "staff", restaurantId: OTHER_RESTAURANT });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ restaurantId: OTHER_RESTAURANT, mine: false });
    expect((await get("/kitchen", { role: "staff", restaurantId: RESTAURANT })).json().mine).toBe(true);
    expect((await get("/kitchen", { role: "admin" })).json().mine).toBe(true);
  });

  it("lists every route with its declared access", () => {
    const byUrl = new Map(app.routeAccess.map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(byUrl.get("GET /kitchen")).toEqual(["staff", "admin"]);
    expect(byUrl.get("GET /open")).toBe("public");
    expect(byUrl.get("GET /healthz")).toBe("public");
    expect(app.routeAccess.every((r) => r.access !== undefined)).toBe(true);
  });

  it("refuses to register a route that declares no access, so the service does not start", async () => {
    const strict = await createService({ name: "strict", logLevel: "silent", verifyToken: verify });
    expect(() => strict.get("/undeclared", async () => ({ ok: true }))).toThrow(/GET \/undeclared declares no access/);
    await strict.close();
    const plugin = await createService({ name: "strict", logLevel: "silent", verifyToken: verify });
    await expect(plugin.register(async (scope) => void scope.post("/in-a-plugin", async () => ({})))).rejects.toThrow(
      /declares no access/,
    );
    await plugin.close().catch(() => undefined);
  });

  it("checks the caller before reading the body: 401/403, never a 400 that tells the schema", async () => {
    const post = async (body: string, claims?: Record<string, unknown>) =>
      app.inject({
        method: "POST",
        url: "/kitchen/notes",
        headers: {
          "content-type": "application/json",
          ...(claims ? { authorization: `Bearer ${await sign(claims)}` } : {}),
        },
        payload: body,
      });
    for (const body of ['{"note": 42}', "{not json", JSON.stringify({ note: "x".repeat(50) })]) {
      expect((await post(body)).statusCode).toBe(401);
      expect((await post(body, { role: "student" })).statusCode).toBe(403);
      expect((await post(body, { role: "staff", restaurantId: RESTAURANT })).statusCode).toBe(400);
    }
  });

  it("refuses to register a guarded route on a service without a token verifier", async () => {
    const bare = await createService({ name: "no-verifier", logLevel: "silent" });
    expect(() => bare.get("/x", { config: { access: ["admin"] } }, async () => ({}))).toThrow(/no token verifier/);
    await bare.close();
  });
});
