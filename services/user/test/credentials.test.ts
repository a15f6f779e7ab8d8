import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_TRANSPORT, buildTestApp, STRONG_PASSWORD, TOKENS, uniqueEmail } from "./helpers.ts";

const DAY_MS = 86_400_000;
let clock = Date.now();
let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp({ now: () => new Date(clock) });
});
afterAll(() => t.close());

/** A hash as the service made them before OWASP's parameters: N=2^15. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
}

describe("password hashes", () => {
  it("are made with scrypt at OWASP's parameters (N=2^17, r=8, p=1)", async () => {
    const email = uniqueEmail();
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: "/auth/register",
          payload: { email, password: STRONG_PASSWORD, name: "New" },
        })
      ).statusCode,
    ).toBe(201);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it("made with older parameters are redone at the next login, and the password still works after", async () => {
    const email = uniqueEmail();
    await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: "placeholder-password-1", name: "Old" },
    });
    await t.prisma.user.update({ where: { email }, data: { passwordHash: legacyHash(STRONG_PASSWORD) } });

    const wrong = await t.app.inject({
      method: "POST",
      url: "/auth/login",
      payload: { email, password: "not-the-password" },
    });
    expect(wrong.statusCode).toBe(401);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash).toMatch(/^scrypt\$32768\$/);

    expect(
      (await t.app.inject({ method: "POST", url: "/auth/login", payload: { email, password: STRONG_PASSWORD } }))
        .statusCode,
    ).toBe(200);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash).toMatch(
      /^scrypt\$131072\$8\$1\$/,
    );
    expect(
      (await t.app.inject({ method: "POST", url: "/auth/login", payload: { email, password: STRONG_PASSWORD } }))
        .statusCode,
    ).toBe(200);
  });
});

describe("refresh tokens", () => {
  it("slide with every refresh but end at the sign-in's absolute lifetime", async () => {
    const email = uniqueEmail();
    const registered = await t.app.inject({
      method: "POST",
      url: "/auth/register",
      payload: { email, password: STRONG_PASSWORD, name: "Daily" },
      headers: BODY_TRANSPORT,
    });
    let refreshToken = registered.json().tokens.refreshToken as string;
    const absoluteDays = TOKENS.refreshAbsoluteTtlSeconds / 86_400;
    const codes: number[] = [];
    // Refreshed every 0.9 days, well within the 1-day sliding lifetime each time.
    for (let step = 1; step * 0.9 <= absoluteDays + 1; step++) {
      clock += 0.9 * DAY_MS;
      const res = await t.app.inject({ method: "POST", url: "/auth/refresh", payload: { refreshToken } });
      codes.push(res.statusCode);
      if (res.statusCode !== 200) break;
      refreshToken = res.json().tokens.refreshToken;
    }
    // 0.9, 1.8, 2.7 days: fine; 3.6 days is past the 3-day absolute lifetime.
    expect(codes).toEqual([200, 200, 200, 401]);
  });
});
