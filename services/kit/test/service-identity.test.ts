import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import {
  createService,
  createServiceTokenSource,
  createServiceVerifier,
  createTokenVerifier,
  type App,
} from "../src/index.ts";

let key: CryptoKey;
let app: App;
let keys: ReturnType<typeof createLocalJWKSet>;

const serviceToken = (svc: string, aud: string, sub = `service:${svc}`) =>
  new SignJWT({ svc })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setSubject(sub)
    .setIssuer("ustbites-user")
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256" }] });
  app = await createService({
    name: "payment",
    logLevel: "silent",
    verifyService: createServiceVerifier({ keys, issuer: "ustbites-user", audience: "payment" }),
  });
  app.post(
    "/charge",
    { config: { access: { services: ["order"] } }, schema: { body: z.strictObject({ amount: z.number() }) } },
    async () => ({ ok: true }),
  );
  await app.ready();
});
afterAll(() => app.close());

const charge = (token: string | undefined, payload: unknown = { amount: 1 }) =>
  app.inject({
    method: "POST",
    url: "/charge",
    payload: payload as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe("a route declared for services", () => {
  it("admits the named service with a token made for this service", async () => {
    expect((await charge(await serviceToken("order", "payment"))).statusCode).toBe(200);
  });

  it("refuses another service (403), a token for another audience, a forged subject and no token (401), before validating the body", async () => {
    expect((await charge(await serviceToken("cart", "payment"), { amount: "x" })).statusCode).toBe(403);
    expect((await charge(await serviceToken("order", "restaurant"), { amount: "x" })).statusCode).toBe(401);
    expect(
      (await charge(await serviceToken("order", "payment", "0196a4c0-0000-7000-8000-000000000001"), { amount: "x" }))
        .statusCode,
    ).toBe(401);
    expect((await charge(undefined, { amount: "x" })).statusCode).toBe(401);
  });

  it("lists its declared access for the authorization matrix", () => {
    expect(app.routeAccess).toContainEqual({ method: "POST", url: "/charge", access: { services: ["order"] } });
  });
});

describe("a user token verifier", () => {
  it("refuses a service token even when its audience is the users' one", async () => {
    const verify = createTokenVerifier({ keys, issuer: "ustbites-user", audience: "ustbites" });
    await expect(verify(await serviceToken("order", "ustbites"))).rejects.toMatchObject({ status: 401 });
  });
});

describe("the service token source", () => {
  let server: Server;
  let issued = 0;
  let userUrl: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const ok = req.headers.authorization === `Basic ${Buffer.from("order:s3cret").toString("base64")}`;
      if (ok) issued++;
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify(ok ? { accessToken: `token-${issued}`, expiresIn: 300 } : { title: "Unauthorized" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    userUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("asks user-service once per audience and renews shortly before expiry", async () => {
    let now = 1_000_000;
    const source = createServiceTokenSource({ userUrl, service: "order", secret: "s3cret", now: () => now });
    const first = await Promise.all([source.tokenFor("payment"), source.tokenFor("payment")]);
    expect(first).toEqual(["token-1", "token-1"]);
    now += 260_000;
    expect(await source.tokenFor("payment")).toBe("token-1");
    now += 15_000;
    expect(await source.tokenFor("payment")).toBe("token-2");
  });

  it("fails loudly with a wrong secret, and tries again next time", async () => {
    const source = createServiceTokenSource({ userUrl, service: "order", secret: "wrong" });
    await expect(source.tokenFor("payment")).rejects.toThrow(/refused/);
    await expect(source.tokenFor("payment")).rejects.toThrow(/refused/);
  });
});
