import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { BODY_TRANSPORT, buildTestApp, COOKIE_PATH, STRONG_PASSWORD, TOKENS, uniqueEmail } from "./helpers.ts";

const DAY_MS = 86_400_000;
let clock = Date.now();
let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp({ now: () => new Date(clock) });
});
afterAll(() => t.close());

/**
 * A browser as the server sees it: a cookie jar that keeps what Set-Cookie says (and drops what it
 * expires). Requests are same-site unless a test leaves the jar out, as a cross-site request would.
 */
function browser() {
  const jar = new Map<string, string>();
  const keep = (res: LightMyRequestResponse) => {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0 || c.value === "";
      if (expired) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  };
  return {
    jar,
    send: async (
      method: "GET" | "POST",
      url: string,
      opts: { payload?: object; headers?: Record<string, string>; cookies?: boolean } = {},
    ) =>
      keep(
        await t.app.inject({
          method,
          url,
          ...(opts.payload ? { payload: opts.payload } : {}),
          headers: opts.headers ?? {},
          cookies: opts.cookies === false ? {} : Object.fromEntries(jar),
        }),
      ),
    async csrf(): Promise<Record<string, string>> {
      const res = await this.send("GET", "/auth/csrf");
      expect(res.statusCode).toBe(200);
      return { "x-csrf-token": res.json().csrfToken };
    },
  };
}

async function signUp() {
  const b = browser();
  const res = await b.send("POST", "/auth/register", {
    payload: { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Chan Tai Man" },
  });
  expect(res.statusCode).toBe(201);
  return { b, res };
}

const refreshCookieOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === "ustbites_refresh");

function expectProblem(res: LightMyRequestResponse, status: number, type: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  expect(res.json().type).toBe(type);
}

describe("the refresh cookie", () => {
  it.each(["register", "login"])(
    "is set at %s: HttpOnly, Secure, SameSite=Strict, on the auth path only, and the body has no refresh token",
    async (route) => {
      const email = uniqueEmail();
      const registered = await browser().send("POST", "/auth/register", {
        payload: { email, password: STRONG_PASSWORD, name: "Chan" },
      });
      const res =
        route === "register"
          ? registered
          : await browser().send("POST", "/auth/login", { payload: { email, password: STRONG_PASSWORD } });

      const setCookie = [res.headers["set-cookie"]].flat().find((h) => h?.startsWith("ustbites_refresh="));
      expect(setCookie).toBeDefined();
      const attributes = setCookie!.split(";").map((a) => a.trim());
      expect(attributes).toEqual(
        expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Strict", `Path=${COOKIE_PATH}`]),
      );
      // It lives as long as the refresh token it holds: the sliding lifetime from now.
      const expires = refreshCookieOf(res)!.expires!.getTime();
      expect(Math.abs(expires - (clock + TOKENS.refreshTtlSeconds * 1000))).toBeLessThan(5_000);
      expect(res.json().tokens).not.toHaveProperty("refreshToken");
      expect(res.json().tokens.accessToken).toEqual(expect.any(String));
    },
  );

  it("is left out, and the token put in the body, for a client that asks for the body", async () => {
    const res = await browser().send("POST", "/auth/register", {
      payload: { email: uniqueEmail(), password: STRONG_PASSWORD, name: "Script" },
      headers: BODY_TRANSPORT,
    });
    expect(res.statusCode).toBe(201);
    expect(refreshCookieOf(res)).toBeUndefined();
    expect(res.json().tokens.refreshToken).toEqual(expect.any(String));
  });
});

describe("a refresh by cookie", () => {
  it("works with the CSRF token, rotates the cookie, and the old cookie is then refused", async () => {
    const { b } = await signUp();
    const old = b.jar.get("ustbites_refresh")!;
    const res = await b.send("POST", "/auth/refresh", { headers: await b.csrf() });
    expect(res.statusCode).toBe(200);
    expect(res.json().tokens.accessToken).toEqual(expect.any(String));
    expect(res.json().tokens).not.toHaveProperty("refreshToken");
    const rotated = b.jar.get("ustbites_refresh")!;
    expect(rotated).not.toBe(old);

    const thief = browser();
    thief.jar.set("ustbites_refresh", old);
    const replay = await thief.send("POST", "/auth/refresh", { headers: await thief.csrf() });
    expectProblem(replay, 401, "urn:ustbites:problem:unauthorized");
    // A replay means two holders: the whole session ends, the student's newest cookie included.
    expectProblem(
      await b.send("POST", "/auth/refresh", { headers: await b.csrf() }),
      401,
      "urn:ustbites:problem:unauthorized",
    );
  });

  it("is refused without the CSRF header with a 403 problem, and the cookie still works after", async () => {
    const { b } = await signUp();
    expectProblem(await b.send("POST", "/auth/refresh"), 403, "urn:ustbites:problem:csrf");
    expect((await b.send("POST", "/auth/refresh", { headers: await b.csrf() })).statusCode).toBe(200);
  });

  it("is refused with another browser's CSRF token, or a made-up one", async () => {
    const { b } = await signUp();
    await b.csrf();
    const other = browser();
    expectProblem(
      await b.send("POST", "/auth/refresh", { headers: await other.csrf() }),
      403,
      "urn:ustbites:problem:csrf",
    );
    expectProblem(
      await b.send("POST", "/auth/refresh", { headers: { "x-csrf-token": "made-up-token" } }),
      403,
      "urn:ustbites:problem:csrf",
    );
  });

  it("is refused with a 403 when the browser has no CSRF secret cookie, whatever token it sends", async () => {
    const { b } = await signUp();
    const headers = await b.csrf();
    b.jar.delete("ustbites_csrf");
    expectProblem(await b.send("POST", "/auth/refresh", { headers }), 403, "urn:ustbites:problem:csrf");
  });

  it("is refused with a 401 problem without the cookie: what a cross-site request looks like (SameSite=Strict)", async () => {
    const { b } = await signUp();
    const headers = await b.csrf();
    const crossSite = await b.send("POST", "/auth/refresh", { headers, cookies: false });
    expectProblem(crossSite, 401, "urn:ustbites:problem:unauthorized");
    expect(crossSite.json().detail).toContain("no refresh token");
  });

  it("never puts the refresh token in the body, even when asked to", async () => {
    const { b } = await signUp();
    const res = await b.send("POST", "/auth/refresh", { headers: { ...(await b.csrf()), ...BODY_TRANSPORT } });
    expect(res.statusCode).toBe(200);
    expect(res.json().tokens).not.toHaveProperty("refreshToken");
  });

  it("slides with every refresh but ends at the sign-in's absolute lifetime, and the dead cookie is cleared", async () => {
    const { b } = await signUp();
    const absoluteEnd = clock + TOKENS.refreshAbsoluteTtlSeconds * 1000;
    const codes: number[] = [];
    for (let step = 1; step <= 4; step++) {
      // Every 0.9 days, well within the 1-day sliding lifetime; 3.6 days is past the 3-day absolute one.
      clock += 0.9 * DAY_MS;
      const res = await b.send("POST", "/auth/refresh", { headers: await b.csrf() });
      codes.push(res.statusCode);
      const cookie = refreshCookieOf(res);
      if (res.statusCode === 200) expect(cookie!.expires!.getTime()).toBeLessThanOrEqual(absoluteEnd);
    }
    expect(codes).toEqual([200, 200, 200, 401]);
    expect(b.jar.has("ustbites_refresh")).toBe(false);
  });
});

describe("a sign-out by cookie", () => {
  it("needs the CSRF header: without it the session survives", async () => {
    const { b } = await signUp();
    expectProblem(await b.send("POST", "/auth/logout"), 403, "urn:ustbites:problem:csrf");
    expect((await b.send("POST", "/auth/refresh", { headers: await b.csrf() })).statusCode).toBe(200);
  });

  it("without the cookie (cross-site) is a 401 and ends nothing", async () => {
    const { b } = await signUp();
    expectProblem(
      await b.send("POST", "/auth/logout", { headers: await b.csrf(), cookies: false }),
      401,
      "urn:ustbites:problem:unauthorized",
    );
    expect((await b.send("POST", "/auth/refresh", { headers: await b.csrf() })).statusCode).toBe(200);
  });

  it("with the CSRF header ends the session and clears the cookie", async () => {
    const { b } = await signUp();
    const token = b.jar.get("ustbites_refresh")!;
    const res = await b.send("POST", "/auth/logout", { headers: await b.csrf() });
    expect(res.statusCode).toBe(204);
    expect(refreshCookieOf(res)).toMatchObject({ value: "", path: COOKIE_PATH });
    expect(b.jar.has("ustbites_refresh")).toBe(false);

    b.jar.set("ustbites_refresh", token);
    expectProblem(
      await b.send("POST", "/auth/refresh", { headers: await b.csrf() }),
      401,
      "urn:ustbites:problem:unauthorized",
    );
  });
});

describe("the CSRF token", () => {
  it("comes with its secret as an HttpOnly, Secure, SameSite=Strict cookie on the auth path, uncached, and the secret is kept on later calls", async () => {
    const b = browser();
    const first = await b.send("GET", "/auth/csrf");
    expect(first.headers["cache-control"]).toBe("no-store");
    const secret = [first.headers["set-cookie"]].flat().find((h) => h?.startsWith("ustbites_csrf="));
    expect(secret?.split(";").map((a) => a.trim())).toEqual(
      expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Strict", `Path=${COOKIE_PATH}`]),
    );
    const second = await b.send("GET", "/auth/csrf");
    expect(second.cookies).toEqual([]);
    expect(second.json().csrfToken).toEqual(expect.any(String));
  });
});
