import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "@ustbites/kit";
import { createTestKeys } from "@ustbites/kit/testing";
import { buildApp, readEnv } from "../src/index.ts";

let app: App;
beforeAll(async () => {
  const keys = await createTestKeys();
  app = await buildApp({ config: readEnv({ LOG_LEVEL: "silent" }), keys: keys.keys });
});
afterAll(() => app.close());

describe("GET /ratings/:restaurantId", () => {
  it.each([["not-a-uuid", "restaurantId"]])("refuses %s naming %s", async (id, field) => {
    const res = await app.inject({ method: "GET", url: `/ratings/${id}` });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(field);
  });
});
