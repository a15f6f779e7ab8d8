import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeJwt } from "jose";
import { createServiceVerifier } from "@ustbites/kit";
import { buildTestApp, STRONG_PASSWORD, TOKENS, uniqueEmail } from "./helpers.ts";

const SECRET = "order-secret-0123456789abcdefghijklmnop";
let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp({ serviceCredentials: new Map([["order", SECRET]]) });
});
afterAll(() => t.close());

const basic = (name: string, secret: string) => `Basic ${Buffer.from(`${name}:${secret}`).toString("base64")}`;
const ask = (authorization: string | undefined, audience: unknown = "payment") =>
  t.app.inject({
    method: "POST",
    url: "/service-tokens",
    payload: { audience },
    headers: authorization ? { authorization } : {},
  });
const paymentVerifier = () =>
  createServiceVerifier({
    keys: createLocalJWKSet({ keys: [t.key.publicJwk] }),
    issuer: TOKENS.issuer,
    audience: "payment",
  });

describe("service tokens", () => {
  it("are issued to a service with its secret: RS256, for the audience asked, five minutes", async () => {
    const res = await ask(basic("order", SECRET));
    expect(res.statusCode).toBe(200);
    const { accessToken, expiresIn } = res.json() as { accessToken: string; expiresIn: number };
    expect(expiresIn).toBe(300);
    expect(decodeJwt(accessToken)).toMatchObject({
      sub: "service:order",
      svc: "order",
      aud: "payment",
      iss: TOKENS.issuer,
    });
    expect(await paymentVerifier()(accessToken)).toEqual({ service: "order" });
  });

  it.each([
    ["no credentials", undefined],
    ["a wrong secret", basic("order", `${SECRET}x`)],
    ["a service without credentials", basic("cart", SECRET)],
    ["a bearer token instead", `Bearer ${SECRET}`],
  ])("are refused with %s (401)", async (_name, authorization) => {
    const res = await ask(authorization);
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain("accessToken");
  });

  it("are only for a known service as audience (400 naming the field)", async () => {
    const res = await ask(basic("order", SECRET), "the-moon");
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain("body.audience");
  });

  it("do not pass as a student's token, and a student's token does not pass as a service's", async () => {
    const service = (await ask(basic("order", SECRET))).json().accessToken as string;
    expect(
      (await t.app.inject({ method: "GET", url: "/me", headers: { authorization: `Bearer ${service}` } })).statusCode,
    ).toBe(401);

    const registered = await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Student" },
    });
    const studentToken = registered.json().tokens.accessToken as string;
    await expect(paymentVerifier()(studentToken)).rejects.toMatchObject({ status: 401 });
    // A token made for another service is no good here either.
    const forCart = (await ask(basic("order", SECRET), "cart")).json().accessToken as string;
    await expect(paymentVerifier()(forCart)).rejects.toMatchObject({ status: 401 });
  });
});
