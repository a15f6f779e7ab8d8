import { readFile } from "node:fs/promises";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPKCS8, SignJWT } from "jose";
import { startRealPlatform, type RealPlatform } from "../src/testing.ts";

let p: RealPlatform;
let student: Awaited<ReturnType<RealPlatform["student"]>>;
let other: Awaited<ReturnType<RealPlatform["student"]>>;
beforeAll(async () => {
  p = await startRealPlatform();
  [student, other] = [await p.student(), await p.student()];
});
afterAll(() => p?.close());

const b64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const partsOf = (token: string) => {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()),
    signature,
  };
};
/** The student's own orders: a route every signed-in student may call, and nobody else. */
const ordersWith = (token: string) => p.api<{ type?: string }>("/api/order/orders", { token });

async function realKey() {
  return importPKCS8(await readFile(p.signingKeyFile, "utf8"), "RS256");
}

describe("forged and misused tokens are refused at every service, through the gateway", () => {
  it("accepts the real token (so each refusal below is the token's fault)", async () => {
    expect((await ordersWith(student.token)).status).toBe(200);
    expect((await p.api("/api/cart/cart", { token: student.token })).status).toBe(200);
  });

  it("refuses alg:none", async () => {
    const { header, payload } = partsOf(student.token);
    const forged = `${b64url({ ...header, alg: "none" })}.${b64url(payload)}.`;
    expect((await ordersWith(forged)).status).toBe(401);
  });

  it("refuses HS256 signed with the published public key (RS/HS confusion)", async () => {
    const jwks = await p.api<{ keys: { kid: string; n: string; e: string }[] }>("/api/user/.well-known/jwks.json");
    const { header, payload } = partsOf(student.token);
    const signingInput = `${b64url({ ...header, alg: "HS256" })}.${b64url({ ...payload, sub: other.id })}`;
    // The public key in every form a confused verifier might use as an HMAC secret.
    for (const secret of [JSON.stringify(jwks.body.keys[0]), jwks.body.keys[0]!.n]) {
      const forged = `${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
      expect((await ordersWith(forged)).status).toBe(401);
    }
  });

  it("refuses a token signed by another key, even under the real key id", async () => {
    const { header, payload } = partsOf(student.token);
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: header.kid }).sign(privateKey);
    expect((await ordersWith(forged)).status).toBe(401);
  });

  it("refuses an expired token signed with the real key", async () => {
    const { header, payload } = partsOf(student.token);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...payload, iat: now - 3600, exp: now - 60 })
      .setProtectedHeader({ alg: "RS256", kid: header.kid })
      .sign(await realKey());
    const res = await ordersWith(expired);
    expect(res.status).toBe(401);
  });

  it("refuses a tampered payload (another student's id, or a role upgrade) under the original signature", async () => {
    const { header, payload, signature } = partsOf(student.token);
    for (const changed of [
      { ...payload, sub: other.id },
      { ...payload, role: "admin" },
    ]) {
      const forged = `${b64url(header)}.${b64url(changed)}.${signature}`;
      expect((await ordersWith(forged)).status).toBe(401);
    }
  });

  it("refuses a refresh token used as an access token", async () => {
    const login = await p.api<{ tokens: { refreshToken: string } }>("/api/user/auth/login", {
      method: "POST",
      body: { email: student.email, password: "late-night-char-siu-rice" },
      // The refresh token in the body, as a client without a cookie jar asks for it.
      headers: { "x-refresh-token-transport": "body" },
    });
    expect(login.status).toBe(200);
    expect((await ordersWith(login.body.tokens.refreshToken)).status).toBe(401);
  });

  it("refuses a service token (real key, order-service's identity) used as a student's", async () => {
    const { header } = partsOf(student.token);
    for (const audience of ["payment", "ustbites"]) {
      const token = await new SignJWT({ svc: "order" })
        .setProtectedHeader({ alg: "RS256", kid: header.kid })
        .setSubject("service:order")
        .setIssuer("ustbites-user")
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(await realKey());
      expect((await ordersWith(token)).status, audience).not.toBe(200);
    }
  });

  it("refuses a token for another audience or from another issuer, even with the real key", async () => {
    const { header, payload } = partsOf(student.token);
    for (const claims of [
      { ...payload, aud: "payment" },
      { ...payload, iss: "someone-else" },
    ]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: header.kid })
        .sign(await realKey());
      expect((await ordersWith(token)).status).toBe(401);
    }
  });
});
