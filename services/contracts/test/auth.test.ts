import { describe, expect, it } from "vitest";
import { AccessTokenClaims, LoginBody, RegisterBody, UpdateProfileBody, passwordIssues } from "../src/index.ts";

const valid = { email: "  Chan.TaiMan@Connect.UST.hk ", password: "mango-lassi-at-lg7", name: "Tai Man Chan" };

describe("auth", () => {
  it("trims and lowercases the email of a register body", () => {
    expect(RegisterBody.parse(valid).email).toBe("chan.taiman@connect.ust.hk");
  });

  it("rejects unknown fields in a register body", () => {
    const result = RegisterBody.safeParse({ ...valid, role: "admin" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["role"] });
  });

  it("rejects a malformed email", () => {
    const result = RegisterBody.safeParse({ ...valid, email: "not-an-email" });
    expect(result.error?.issues[0]?.path).toEqual(["email"]);
  });

  it("rejects passwords shorter than 10 or longer than 200 characters", () => {
    expect(RegisterBody.safeParse({ ...valid, password: "k7#pQ2!x" }).success).toBe(false);
    expect(RegisterBody.safeParse({ ...valid, password: "k7#pQ2!xZa".repeat(21) }).success).toBe(false);
  });

  it.each([
    ["password123", "Password is too common."],
    ["Qwertyuiop!", "Password is too common."],
    ["aaaaaaaaaaaa", "Password uses too few different characters."],
    ["abcdefghijkl", "Password must not be a sequence or a repeated pattern."],
    ["hellohello", "Password must not be a sequence or a repeated pattern."],
    ["3141592653", "Password must not be only digits."],
  ])("rejects the weak password %j", (password, message) => {
    expect(passwordIssues(password)).toContain(message);
    const result = RegisterBody.safeParse({ ...valid, password });
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
    expect(result.error?.issues.every((issue) => issue.path.join(".") === "password")).toBe(true);
  });

  it("rejects a password containing the user's email or name", () => {
    const result = RegisterBody.safeParse({ ...valid, password: "taiman-rocks-2026" });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["password"], message: "Password must not contain your email or name." }),
    ]);
    expect(passwordIssues("chan.taiman#1", { email: "chan.taiman@connect.ust.hk" })).toHaveLength(1);
  });

  it("accepts a long, unguessable password", () => {
    expect(passwordIssues("mango-lassi-at-lg7", { email: "x@y.hk", name: "Tai Man" })).toEqual([]);
  });

  it("does not apply strength rules to a login password", () => {
    expect(LoginBody.safeParse({ email: "a@b.hk", password: "short" }).success).toBe(true);
  });

  it("reads access-token claims and keeps unknown registered claims out", () => {
    const claims = AccessTokenClaims.parse({
      sub: "0190a7c8-1234-7abc-8def-0123456789ab",
      email: "a@b.hk",
      name: "A",
      iss: "ustbites-user",
      aud: "ustbites",
      exp: 2000000000,
      iat: 1999999100,
      nbf: 1999999100,
    });
    expect(claims).not.toHaveProperty("nbf");
  });

  it("takes an optional phone in international format, and says how to write it", () => {
    expect(RegisterBody.parse({ ...valid, phone: "+85291234567" }).phone).toBe("+85291234567");
    expect(RegisterBody.parse(valid).phone).toBeUndefined();
    for (const phone of ["91234567", "+852 9123 4567", "+0123456789", "+85", "call me"]) {
      const result = RegisterBody.safeParse({ ...valid, phone });
      expect(result.success, phone).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ["phone"],
        message: expect.stringContaining("+85291234567"),
      });
    }
  });

  it("updates a profile's name or phone, clears the phone with null, and refuses an empty update", () => {
    expect(UpdateProfileBody.parse({ phone: null })).toEqual({ phone: null });
    expect(UpdateProfileBody.parse({ name: "Mei", phone: "+85291234567" })).toEqual({
      name: "Mei",
      phone: "+85291234567",
    });
    expect(UpdateProfileBody.safeParse({}).success).toBe(false);
    expect(UpdateProfileBody.safeParse({ email: "x@y.hk" }).success).toBe(false);
  });
});
