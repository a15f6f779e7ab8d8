import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { createService, createTokenVerifier, currentUser, type App } from "../src/index.ts";

let app: App;
let key: CryptoKey;
let otherKey: CryptoKey;

const sign = (k: CryptoKey, claims: { exp?: string | number; iss?: string; aud?: string } = {}) =>
  new SignJWT({ email: "a@ust.hk", name: "A" })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setSubject("0196a4c0-0000-7000-8000-000000000001")
    .setIssuedAt()
    .setIssuer(claims.iss ?? "ustbites-user")
    .setAudience(claims.aud ?? "ustbites")
    .setExpirationTime(claims.exp ?? "5m")
    .sign(k);

beforeAll(async () => {
  const trusted = await generateKeyPair("RS256");
  key = trusted.privateKey;
  ({ privateKey: otherKey } = await generateKeyPair("RS256"));
  const decoy = await generateKeyPair("RS256");
  // The verifier trusts `key` (kid k1) and a decoy; a token signed by `otherKey` matches neither.
  const jwks = createLocalJWKSet({
    keys: [
      { ...(await exportJWK(trusted.publicKey)), kid: "k1", alg: "RS256" },
      { ...(await exportJWK(decoy.publicKey)), kid: "k2", alg: "RS256" },
    ],
  });
  const verify = createTokenVerifier({ keys: jwks, issuer: "ustbites-user", audience: "ustbites" });
  app = await createService({ name: "auth-test", logLevel: "silent", verifyToken: verify });
  app.get("/me", { config: { access: "signed-in" } }, async (request) => ({ id: currentUser(request).id }));
  await app.ready();
});

afterAll(() => app.close());

const me = (authorization?: string) =>
  app.inject({ method: "GET", url: "/me", headers: authorization ? { authorization } : {} });

describe("a signed-in route", () => {
  it("lets a valid token through and exposes the user id", async () => {
    const res = await me(`Bearer ${await sign(key)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe("0196a4c0-0000-7000-8000-000000000001");
  });

  it("refuses a request without a token", async () => {
    const res = await me();
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toContain("Bearer");
  });

  it("refuses an expired token", async () => {
    const res = await me(`Bearer ${await sign(key, { exp: Math.floor(Date.now() / 1000) - 60 })}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe("access token expired");
  });

  it("refuses a token signed by another key", async () => {
    expect((await me(`Bearer ${await sign(otherKey)}`)).statusCode).toBe(401);
  });

  it("refuses an unsigned alg:none token", async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "x", iss: "ustbites-user", aud: "ustbites", iat: now, exp: now + 300 })}.`;
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401);
  });

  it("refuses a token for another audience or issuer", async () => {
    expect((await me(`Bearer ${await sign(key, { aud: "elsewhere" })}`)).statusCode).toBe(401);
    expect((await me(`Bearer ${await sign(key, { iss: "evil" })}`)).statusCode).toBe(401);
  });

  it("refuses a malformed authorization header", async () => {
    expect((await me("Basic abc")).statusCode).toBe(401);
    expect((await me("Bearer not.a.jwt")).statusCode).toBe(401);
  });
});
