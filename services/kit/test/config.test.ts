import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, envBoolean, envPort, loadConfig } from "../src/index.ts";

const schema = z.object({
  PORT: envPort.default(3001),
  DATABASE_URL: z.url().optional(),
  DB_MIGRATE_ON_START: envBoolean.default(true),
});

describe("loadConfig", () => {
  it("applies defaults and coerces strings", () => {
    expect(loadConfig("svc", schema, { PORT: "4000" })).toEqual({ PORT: 4000, DB_MIGRATE_ON_START: true });
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig("svc", schema, { DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable in one error", () => {
    try {
      loadConfig("svc", schema, { PORT: "eighty", DB_MIGRATE_ON_START: "maybe" });
      expect.fail("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variables.sort()).toEqual(["DB_MIGRATE_ON_START", "PORT"]);
      expect((err as Error).message).toContain("svc: invalid configuration");
    }
  });
});
