import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type App } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

// A database that is out of connections is a moment to retry, not a bug: the real server's refusal
// must reach the caller as 503 + Retry-After, never as a 500.
let testDb: TestDatabase;
let admin: pg.Client;
const role = `t_limited_${randomBytes(4).toString("hex")}`;
const pools: pg.Pool[] = [];
let app: App;

beforeAll(async () => {
  testDb = await createTestDatabase("kit-errors");
  admin = new pg.Client({ connectionString: testDb.url });
  await admin.connect();
  await admin.query(`create role ${role} login connection limit 1`);

  const asRole = new URL(testDb.url);
  asRole.username = role;
  // One pool that may wait only briefly for its single connection, one for a role the server lets
  // open a single session.
  const tiny = new pg.Pool({ connectionString: testDb.url, max: 1, connectionTimeoutMillis: 200 });
  const limited = new pg.Pool({ connectionString: asRole.toString(), max: 2 });
  pools.push(tiny, limited);

  app = await createService({ name: "kit-errors", logLevel: "silent" });
  app.get("/tiny", { config: { access: "public" } }, async () => (await tiny.query("select 1 as one")).rows[0]);
  app.get(
    "/limited",
    { config: { access: "public" } },
    async () => (await limited.query("select pg_sleep(0.3), 1 as one")).rows[0],
  );
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  for (const pool of pools) await pool.end();
  await admin?.query(`drop role if exists ${role}`).catch(() => undefined);
  await admin?.end();
  await testDb?.drop();
});

describe("a database that cannot take another query", () => {
  it("answers 503 with Retry-After when the pool has no free connection in time", async () => {
    const held = await pools[0]!.connect();
    try {
      const res = await app.inject({ method: "GET", url: "/tiny" });
      expect(res.statusCode).toBe(503);
      expect(res.headers["retry-after"]).toBe("1");
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({ status: 503, title: "Service Unavailable" });
    } finally {
      held.release();
    }
    expect((await app.inject({ method: "GET", url: "/tiny" })).statusCode).toBe(200);
  });

  it("answers 503 when the server refuses the connection (too many connections)", async () => {
    const [first, second] = await Promise.all([
      app.inject({ method: "GET", url: "/limited" }),
      app.inject({ method: "GET", url: "/limited" }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 503]);
    const refused = first.statusCode === 503 ? first : second;
    expect(refused.json().detail).not.toMatch(/too many|role/i);
  });
});
